package org.trdcds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.trdcds.testing.Databases;
import org.trdcds.testing.Json;
import org.trdcds.testing.ServerProcess;

/**
 * No acknowledged feedback is lost when the server dies: the real jar takes feedback from several clients at
 * once, is killed with SIGKILL in the middle of it, starts again on the same database, and every entry that got
 * a 200 is there. On the embedded H2 file, and on PostgreSQL where {@code .ci/run} started it.
 */
class FeedbackSurvivesKillIT {

    static final String COMMENT_MARKER = "comment-that-must-never-be-logged";
    static final int CLIENTS = 4;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void onTheEmbeddedDatabaseFile() throws Exception {
        acknowledgedFeedbackSurvivesSigkill("h2", Databases.embeddedH2Args(Databases.newH2File("kill")));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
    void onPostgres() throws Exception {
        acknowledgedFeedbackSurvivesSigkill("postgres", Databases.datasourceArgs(Databases.postgresUrl()));
    }

    void acknowledgedFeedbackSurvivesSigkill(String name, String[] datasource) throws Exception {
        List<String> args = new ArrayList<>(List.of(datasource));
        args.add("--trd.security.allow-anonymous=true");
        Instant startedAt = Instant.now().minusSeconds(1);
        Set<String> acknowledged = Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        String firstLog;
        try (ServerProcess server = ServerProcess.start("kill-" + name + "-before", args.toArray(String[]::new))) {
            AtomicBoolean loading = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Integer>> failures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                failures.add(clients.submit(() -> load(server, loading, acknowledged, latencies)));
            }
            // let the load run, then kill the server under it
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (acknowledged.size() < 400 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.kill();
            int acknowledgedAtKill = acknowledged.size();
            Thread.sleep(300);
            loading.set(false);
            clients.shutdown();
            int failed = 0;
            for (Future<Integer> f : failures) {
                failed += f.get();
            }
            assertThat(acknowledgedAtKill).as("feedback was acknowledged before the kill").isGreaterThan(50);
            assertThat(failed).as("requests in flight at the kill failed").isGreaterThan(0);
            firstLog = server.log();
        }
        try (ServerProcess again = ServerProcess.start("kill-" + name + "-after", args.toArray(String[]::new))) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
                    again.url("/cds-services/trd-patient-view/feedback?from=" + startedAt))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            Set<String> stored = new HashSet<>();
            for (JsonNode entry : Json.parse(answer.body()).get("feedback")) {
                stored.add(entry.get("card").asText());
            }
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertThat(lost).as("acknowledged entries missing after SIGKILL and restart").isEmpty();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("%s: %d acknowledged before SIGKILL, %d stored after restart; POST p50 %.2f ms, p99 %.2f ms (%d clients)%n",
                    name, acknowledged.size(), stored.size(), sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(sorted.size() * 99 / 100) / 1e6, CLIENTS);
            assertThat(firstLog + again.log()).as("userComment is free text and never logged").doesNotContain(COMMENT_MARKER);
        }
    }

    /** Posts one new entry after another until the server dies; returns how many requests failed. */
    int load(ServerProcess server, AtomicBoolean loading, Set<String> acknowledged, ConcurrentLinkedQueue<Long> latencies) {
        int failed = 0;
        while (loading.get()) {
            String card = UUID.randomUUID().toString();
            String body = Json.write(Map.of("feedback", List.of(Map.of("card", card, "outcome", "overridden",
                    "outcomeTimestamp", Instant.now().toString(),
                    "overrideReason", Map.of("reason", Map.of("system", "http://trd-cds.org/fhir/CodeSystem/override-reason",
                            "code", "clinical-judgement"), "userComment", COMMENT_MARKER)))));
            try {
                long started = System.nanoTime();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
                                server.url("/cds-services/trd-patient-view/feedback")))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    latencies.add(System.nanoTime() - started);
                    acknowledged.add(card);
                } else {
                    failed++;
                }
            } catch (Exception dead) {
                failed++;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return failed;
                }
            }
        }
        return failed;
    }
}
