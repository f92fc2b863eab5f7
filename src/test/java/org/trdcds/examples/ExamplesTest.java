package org.trdcds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.testing.CdsHooksRules;
import org.trdcds.testing.HttpTestSupport;
import org.trdcds.testing.Json;

/**
 * Replays every example of {@code fhir-resources/examples/} over HTTP and compares the answer with its
 * {@code .expected-response.json}, card uuids aside. Run with {@code -Dtrd.examples.update=true} to rewrite
 * the expected files after a deliberate change, then read the diff before committing it.
 */
class ExamplesTest extends HttpTestSupport {

    static final Path EXAMPLES = Path.of("fhir-resources/examples");

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".request.json"))
                    .map(n -> n.substring(0, n.length() - ".request.json".length()))
                    .sorted().toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(10);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theServerAnswersEachExampleAsExpected(String name) throws Exception {
        JsonNode request = Json.parse(Files.readString(EXAMPLES.resolve(name + ".request.json")));
        String hook = request.get("hook").asText();
        assertThat(name).as("file names start with the hook").startsWith(hook.replace("org.trd-cds.", ""));
        ServiceDefinition service = content.services().stream().filter(s -> s.hook().equals(hook)).findFirst().orElseThrow();
        Answer answer = post("/cds-services/" + service.id(), request.toString(), "application/json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode actual = answer.json();
        CdsHooksRules.assertValidResponse(actual);
        Path expectedFile = EXAMPLES.resolve(name + ".expected-response.json");
        if (Boolean.getBoolean("trd.examples.update") && (!Files.exists(expectedFile)
                || !withoutUuids(Json.parse(Files.readString(expectedFile))).equals(withoutUuids(actual)))) {
            Files.writeString(expectedFile, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        JsonNode expected = Json.parse(Files.readString(expectedFile));
        assertThat(withoutUuids(actual)).isEqualTo(withoutUuids(expected));
        boolean expectsNoCards = name.endsWith("-no-cards");
        assertThat(actual.get("cards").isEmpty()).as("the file name says whether cards are expected").isEqualTo(expectsNoCards);
    }

    private static JsonNode withoutUuids(JsonNode response) {
        return org.trdcds.testing.Json.withoutUuids(response);
    }
}
