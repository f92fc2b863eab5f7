package org.trdcds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.trdcds.testing.Databases;
import org.trdcds.testing.Json;
import org.trdcds.testing.ServerProcess;
import org.trdcds.testing.TestTokens;

/**
 * Two replicas of the real jar behind one (simulated) load balancer, on one PostgreSQL: a client JWT accepted
 * by one is refused by the other, because the used jti values are in the database (replay-store=database).
 */
@EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
class ReplayAcrossReplicasIT {

    /** The URL the EHR calls, the load balancer's: both replicas rebuild it from X-Forwarded-* for aud. */
    static final String PUBLIC_DISCOVERY = "https://cds.example.org/cds-services";

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTokenUsedOnOneReplicaIsRefusedByTheOther() throws Exception {
        String jwks = TestTokens.writeJwks(Path.of("target/test-jwks/replicas.json").toAbsolutePath(), TestTokens.RSA, TestTokens.EC);
        String[] args = {"--spring.datasource.url=" + Databases.postgresUrl(),
                "--spring.datasource.username=" + Databases.postgresUser(),
                "--spring.datasource.password=" + Databases.postgresPassword(),
                "--trd.security.allow-anonymous=false", "--trd.security.forwarded-headers=true",
                "--trd.security.trusted-clients[0].issuer=" + TestTokens.ISSUER,
                "--trd.security.trusted-clients[0].jwks-uri=" + jwks};
        var startA = CompletableFuture.supplyAsync(() -> start("replica-a", args));
        var startB = CompletableFuture.supplyAsync(() -> start("replica-b", args));
        try (ServerProcess a = startA.join(); ServerProcess b = startB.join()) {
            String first = TestTokens.rs384(TestTokens.claims(PUBLIC_DISCOVERY).build());
            assertThat(discovery(a, first).statusCode()).isEqualTo(200);
            HttpResponse<String> replayed = discovery(b, first);
            assertThat(replayed.statusCode()).isEqualTo(401);
            assertThat(Json.parse(replayed.body()).get("issue").get(0).get("code").asText()).isEqualTo("security");
            // the refusal is the replay: a fresh token with the same audience passes on B, and only once
            String second = TestTokens.rs384(TestTokens.claims(PUBLIC_DISCOVERY).build());
            assertThat(discovery(b, second).statusCode()).isEqualTo(200);
            assertThat(discovery(a, second).statusCode()).isEqualTo(401);
            assertThat(b.log()).contains("TRD-E050 client authentication refused: jti replayed");
            assertThat(a.log() + b.log()).doesNotContain("eyJ");
        }
    }

    static ServerProcess start(String name, String[] args) {
        try {
            return ServerProcess.start(name, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> discovery(ServerProcess replica, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(replica.url("/cds-services")))
                .header("Authorization", "Bearer " + token)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "cds.example.org").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
