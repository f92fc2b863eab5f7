package org.trdcds.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.Json;

/**
 * Runs after every other test class and reads what the whole run logged at INFO and above
 * (src/test/resources/logback-test.xml): no token, no patient identifier, no clinical value.
 */
@Order(Integer.MAX_VALUE)
class LogsCarryNoSecretsTest {

    static final Path LOG = Path.of("target/test-logs/test-run.log");

    @Test
    void theTestRunLogsNoTokensAndNoPatientData() throws Exception {
        assertThat(LOG).exists();
        String log = Files.readString(LOG);
        // the scan must see real logs: the warm-up line is always there
        assertThat(log).contains("warm: ");
        assertThat(log).doesNotContain("eyJ");            // base64url of '{"': any JWT header or payload
        assertThat(log).doesNotContainIgnoringCase("bearer ey");
        for (String id : patientIds()) {
            assertThat(log).as("patient id " + id).doesNotContain(id);
        }
        for (String clinical : List.of("PHQ-9: ", "Baseline PHQ-9", "mg/day", "sertraline", "F33.1", "F31.81", "44261-6")) {
            assertThat(log).as(clinical).doesNotContain(clinical);
        }
    }

    /** The patient ids of the test fixtures and of every example request. */
    static List<String> patientIds() throws Exception {
        List<String> ids = new ArrayList<>(List.of("pat-1", "someone-else"));
        try (Stream<Path> files = Files.list(Path.of("fhir-resources/examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".request.json")).toList()) {
                ids.add(Json.parse(Files.readString(file)).path("context").path("patientId").asText());
            }
        }
        return ids;
    }
}
