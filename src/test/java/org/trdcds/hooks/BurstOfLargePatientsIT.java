package org.trdcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.Cql;
import org.trdcds.testing.Databases;
import org.trdcds.testing.HttpTestSupport;
import org.trdcds.testing.Json;
import org.trdcds.testing.PatientFixture;
import org.trdcds.testing.ServerProcess;

/**
 * A burst of calls for large patients does not take the server down. The real jar runs with the production
 * JVM options ({@code src/main/dist/jvm.options}: a 128 MB heap) and gets sixteen patient-view calls at once,
 * twice, each for a patient of about 2,000 resources. Every call is answered with cards or, when it waited too
 * long for the in-flight budget, with 503 and Retry-After; none is a 500, and the server answers afterwards.
 * Without the budget the heap ran out: calls failed with 500, and Tomcat's poller thread died, so the server
 * accepted connections and never answered (with {@code ExitOnOutOfMemoryError} it exits instead).
 */
class BurstOfLargePatientsIT {

    static final int CALLS = 16;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sixteenCallsOfTwoThousandResourcesAreAnsweredOrTurnedAwayAndTheServerLives() throws Exception {
        String body = Json.write(HttpTestSupport.hookRequest(Cql.CONTENT.service("trd-patient-view").orElseThrow(),
                largePatient(), Map.of()));
        assertThat(body.length()).as("the request body of a 2,000-resource patient").isGreaterThan(500_000);
        try (ServerProcess server = ServerProcess.start("burst",
                List.of("@" + ServerProcess.PRODUCTION_JVM_OPTIONS.toAbsolutePath()),
                Databases.embeddedH2Args(Databases.newH2File("burst"))[0], "--trd.security.allow-anonymous=true",
                "--trd.http.busy-wait=20s")) {
            int answered = 0;
            for (int round = 0; round < 2; round++) {
                ExecutorService clients = Executors.newFixedThreadPool(CALLS);
                List<Future<HttpResponse<String>>> calls = new ArrayList<>();
                for (int c = 0; c < CALLS; c++) {
                    calls.add(clients.submit(() -> http.send(HttpRequest.newBuilder(URI.create(
                                    server.url("/cds-services/trd-patient-view"))).timeout(Duration.ofSeconds(120))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString())));
                }
                for (Future<HttpResponse<String>> call : calls) {
                    HttpResponse<String> answer = call.get();
                    JsonNode json = Json.parse(answer.body());
                    if (answer.statusCode() == 200) {
                        answered++;
                        assertThat(json.get("cards").isArray()).isTrue();
                        assertThat(json.get("cards")).isNotEmpty();
                    } else {
                        assertThat(answer.statusCode()).as("a call is answered or turned away as busy: " + answer.body()).isEqualTo(503);
                        assertThat(answer.headers().firstValue("Retry-After")).hasValue("20");
                        assertThat(json.get("resourceType").asText()).isEqualTo("OperationOutcome");
                        JsonNode issue = json.get("issue").get(0);
                        assertThat(issue.get("severity").asText()).isEqualTo("fatal");
                        assertThat(issue.get("code").asText()).isEqualTo("transient");
                        assertThat(issue.get("details").get("coding").get(0).get("code").asText()).isEqualTo("TRD-E045");
                    }
                }
                clients.shutdown();
            }
            assertThat(answered).as("calls answered with cards").isGreaterThanOrEqualTo(CALLS);
            assertThat(server.isAlive()).isTrue();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.url("/actuator/health")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(server.log()).doesNotContain("OutOfMemoryError").doesNotContain("TRD-E099");
        }
    }

    /** About 2,000 resources: ten years of scores and blood pressures, conditions, and past antidepressants. */
    static PatientFixture largePatient() {
        PatientFixture patient = PatientFixture.patient().condition("F33.1", PatientFixture.daysAgo(3650));
        for (int i = 0; i < 900; i++) {
            patient.phq9(PatientFixture.daysAgo(3600 - i * 4), 10 + i % 15);
        }
        for (int i = 0; i < 700; i++) {
            patient.bloodPressure(PatientFixture.daysAgo(3600 - i * 5), 110 + i % 40, 70 + i % 20);
        }
        for (int i = 0; i < 200; i++) {
            patient.condition(i % 2 == 0 ? "I10" : "E78.5", PatientFixture.daysAgo(3000 - i * 10));
        }
        patient.failedTrials(3);
        for (int i = 0; i < 180; i++) {
            patient.takes("sertraline", "36437", 50 + (i % 4) * 50, PatientFixture.daysAgo(3500 - i * 18)).until(PatientFixture.daysAgo(3490 - i * 18));
        }
        patient.takes("sertraline", "36437", 100, PatientFixture.daysAgo(100)).and()
                .phq9(PatientFixture.daysAgo(98), 20).phq9(PatientFixture.daysAgo(5), 18);
        return patient;
    }
}
