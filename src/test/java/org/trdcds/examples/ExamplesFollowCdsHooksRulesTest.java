package org.trdcds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trdcds.testing.CdsHooksLogicalModelRules;
import org.trdcds.testing.CdsHooksLogicalModelRules.Violation;
import org.trdcds.testing.FhirContentFiles;
import org.trdcds.testing.Json;

/**
 * Every CDS Hooks JSON file of {@code fhir-resources/examples/} keeps the rules of HL7's logical models:
 * each expected response the CDSHooksResponse rules (cds-resp-1..7 and the element rules), each request
 * the CDSHooksRequest rules (cds-r-1, cds-r-2), each feedback body the CDSHooksFeedback rules
 * (cds-fb-1..3). A failure names the rule id, the path and the file.
 */
class ExamplesFollowCdsHooksRulesTest {

    static Stream<Path> responses() {
        return nonEmpty(FhirContentFiles.examples(".expected-response.json")).stream();
    }

    static Stream<Path> requests() {
        return nonEmpty(FhirContentFiles.examples(".request.json")).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void everyExpectedResponseKeepsTheResponseRules(Path file) throws IOException {
        assertKeeps(file, CdsHooksLogicalModelRules::response);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void everyRequestKeepsTheRequestRules(Path file) throws IOException {
        assertKeeps(file, CdsHooksLogicalModelRules::request);
    }

    @Test
    void everyFeedbackExampleKeepsTheFeedbackRules() throws IOException {
        for (Path file : FhirContentFiles.examples(".feedback.json")) { // none yet; checked as they are added
            assertKeeps(file, CdsHooksLogicalModelRules::feedback);
        }
    }

    private static void assertKeeps(Path file, Function<JsonNode, List<Violation>> rules) throws IOException {
        List<Violation> violations = rules.apply(Json.parse(Files.readString(file)));
        assertThat(violations).as(file + " breaks:\n  " + String.join("\n  ", violations.stream().map(Violation::toString).toList()))
                .isEmpty();
    }

    private static List<Path> nonEmpty(List<Path> files) {
        assertThat(files).as("examples present").isNotEmpty();
        return files;
    }
}
