package org.trdcds.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.Json;

/** Every card topic a PlanDefinition action names is a code of the card-topic CodeSystem, with its display. */
class CardTopicDisplaysTest {

    @Test
    void actionTopicsUseTheCodeSystemsCodesAndDisplays() throws Exception {
        Map<String, String> displays = new HashMap<>();
        Json.parse(Files.readString(Path.of("fhir-resources/vocabulary/codesystem/CodeSystem-card-topic.json")))
                .path("concept").forEach(c -> displays.put(c.path("code").asText(), c.path("display").asText()));
        int checked = 0;
        try (Stream<Path> files = Files.list(Path.of("fhir-resources/plandefinition"))) {
            for (Path file : files.toList()) {
                for (JsonNode action : Json.parse(Files.readString(file)).path("action")) {
                    JsonNode coding = action.path("code").get(0).path("coding").get(0);
                    assertThat(displays).as(file + " " + action.path("id")).containsKey(coding.path("code").asText());
                    assertThat(coding.path("display").asText()).as(file + " " + action.path("id"))
                            .isEqualTo(displays.get(coding.path("code").asText()));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }
}
