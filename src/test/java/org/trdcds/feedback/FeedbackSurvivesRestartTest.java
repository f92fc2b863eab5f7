package org.trdcds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.trdcds.TrdCdsApplication;
import org.trdcds.testing.Databases;
import org.trdcds.testing.Json;

/**
 * Feedback and the card index are still there after the whole application context stops and starts again
 * on the same database: the H2 file of the default set-up, and PostgreSQL where {@code .ci/run} started it.
 */
class FeedbackSurvivesRestartTest {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void onTheEmbeddedDatabaseFile() throws Exception {
        feedbackSurvivesARestart(Databases.embeddedH2Args(Databases.newH2File("restart")));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
    void onPostgres() throws Exception {
        feedbackSurvivesARestart(Databases.datasourceArgs(Databases.postgresUrl()));
    }

    void feedbackSurvivesARestart(String[] datasource) throws Exception {
        String card = UUID.randomUUID().toString();
        String when = Instant.now().toString();
        String cardOfACall;
        try (ConfigurableApplicationContext first = start(datasource)) {
            cardOfACall = cardOfACall(first);
            assertThat(first.getBean(FeedbackStore.class).awaitCardIndex(java.time.Duration.ofSeconds(10))).isTrue();
            String body = Json.write(Map.of("feedback", List.of(
                    Map.of("card", card, "outcome", "accepted", "outcomeTimestamp", when),
                    Map.of("card", cardOfACall, "outcome", "overridden", "outcomeTimestamp", when,
                            "overrideReason", Map.of("reason", Map.of("system", "http://trd-cds.org/fhir/CodeSystem/override-reason",
                                    "code", "patient-declined"))))));
            assertThat(send(first, "POST", "/cds-services/trd-patient-view/feedback", body).statusCode()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start(datasource)) {
            var stored = Json.parse(send(second, "GET", "/cds-services/trd-patient-view/feedback?from="
                    + Instant.parse(when).minusSeconds(1), null).body()).get("feedback");
            List<String> cards = new ArrayList<>();
            stored.forEach(entry -> cards.add(entry.get("card").asText() + " " + entry.get("topic").asText()));
            assertThat(cards).contains(card + " unknown", cardOfACall + " nonresponse");
        }
    }

    static ConfigurableApplicationContext start(String[] datasource) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--trd.clock.fixed=2026-06-01",
                "--trd.security.allow-anonymous=true"));
        args.addAll(List.of(datasource));
        return new SpringApplicationBuilder(TrdCdsApplication.class).run(args.toArray(String[]::new));
    }

    String cardOfACall(ConfigurableApplicationContext context) throws Exception {
        String request = java.nio.file.Files.readString(java.nio.file.Path.of(
                "fhir-resources/examples/patient-view-nonresponse-switch.request.json"));
        HttpResponse<String> response = send(context, "POST", "/cds-services/trd-patient-view", request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).get("cards").get(0).get("uuid").asText();
    }

    HttpResponse<String> send(ConfigurableApplicationContext context, String method, String path, String body) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (body == null) {
            request.GET();
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
