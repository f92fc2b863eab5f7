package org.trdcds.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.trdcds.testing.Json;
import org.trdcds.testing.PatientFixture;
import org.trdcds.testing.TestTokens;

/** Contract § Security with real RSA and EC keys: each rejection, and acceptance of valid RS384 and ES384 tokens. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "trd.clock.fixed=2026-06-01", "trd.security.allow-anonymous=false", "trd.security.jwks-refresh-interval=0s",
        "trd.security.cors-allowed-origins=https://app.example.org"})
class ClientAuthenticationTest {

    static final Path JWKS = Path.of("target/test-jwks/ehr.json");

    @DynamicPropertySource
    static void trustedClients(DynamicPropertyRegistry registry) {
        String jwksUri = TestTokens.writeJwks(JWKS, TestTokens.RSA, TestTokens.EC);
        registry.add("trd.security.trusted-clients[0].issuer", () -> TestTokens.ISSUER);
        registry.add("trd.security.trusted-clients[0].jwks-uri", () -> jwksUri);
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    String discoveryUrl() {
        return "http://localhost:" + port + "/cds-services";
    }

    String serviceUrl() {
        return discoveryUrl() + "/trd-patient-view";
    }

    HttpResponse<String> discovery(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(discoveryUrl())).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JWTClaimsSet.Builder claims() {
        return TestTokens.claims(discoveryUrl());
    }

    static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        JsonNode outcome = Json.parse(response.body());
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.get("issue").get(0).get("code").asText()).isEqualTo("security");
        // the client learns that authentication failed, not which check
        assertThat(outcome.get("issue").get(0).get("details").get("text").asText())
                .isEqualTo("Authentication failed: a valid CDS Hooks client JWT is required");
    }

    @Test
    void acceptsValidRs384AndEs384Tokens() throws Exception {
        assertThat(discovery(TestTokens.rs384(claims().build())).statusCode()).isEqualTo(200);
        assertThat(discovery(TestTokens.es384(claims().build())).statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsRs256() throws Exception {
        String token = TestTokens.sign(JWSAlgorithm.RS256, TestTokens.RSA.getKeyID(), claims().build(), TestTokens.rsaSigner(TestTokens.RSA));
        assertThat(discovery(token).statusCode()).isEqualTo(200);
    }

    @Test
    void authenticatesAServiceCallAgainstItsOwnUrl() throws Exception {
        PatientFixture patient = PatientFixture.patient();
        String body = Json.write(Map.of("hook", "patient-view", "hookInstance", "x",
                "context", Map.of("patientId", patient.id(), "userId", "Practitioner/1"), "prefetch", Map.of(
                        "patient", PatientFixture.json(patient.resources().get(0)), "conditions", Map.of("resourceType", "Bundle", "type", "searchset"),
                        "observations", Map.of("resourceType", "Bundle", "type", "searchset"),
                        "medicationStatements", Map.of("resourceType", "Bundle", "type", "searchset"),
                        "allergyIntolerances", Map.of("resourceType", "Bundle", "type", "searchset"),
                        "questionnaireResponses", Map.of("resourceType", "Bundle", "type", "searchset"),
                        "medicationRequests", Map.of("resourceType", "Bundle", "type", "searchset"),
                        "procedures", Map.of("resourceType", "Bundle", "type", "searchset"))));
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(serviceUrl()))
                .header("Authorization", "Bearer " + TestTokens.rs384(TestTokens.claims(serviceUrl()).build()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        // a token for discovery is not a token for the service
        HttpResponse<String> wrongAud = http.send(HttpRequest.newBuilder(URI.create(serviceUrl()))
                .header("Authorization", "Bearer " + TestTokens.rs384(claims().build()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(wrongAud);
    }

    @Test
    void refusesAMissingToken() throws Exception {
        assertRefused(discovery(null));
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        assertRefused(discovery(TestTokens.rs384(claims().issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))).build())));
    }

    @Test
    void refusesAnIatInTheFuture() throws Exception {
        Instant future = Instant.now().plusSeconds(600);
        assertRefused(discovery(TestTokens.rs384(claims().issueTime(Date.from(future)).expirationTime(Date.from(future.plusSeconds(300))).build())));
    }

    @Test
    void toleratesASmallClockSkew() throws Exception {
        Instant soon = Instant.now().plusSeconds(20);
        assertThat(discovery(TestTokens.rs384(claims().issueTime(Date.from(soon)).build())).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesTheWrongAudience() throws Exception {
        assertRefused(discovery(TestTokens.rs384(TestTokens.claims("https://other.example.org/cds-services").build())));
    }

    @Test
    void refusesAnUnknownIssuer() throws Exception {
        assertRefused(discovery(TestTokens.rs384(claims().issuer("https://evil.example.org").build())));
    }

    @Test
    void refusesAnUnknownKid() throws Exception {
        assertRefused(discovery(TestTokens.sign(JWSAlgorithm.RS384, TestTokens.UNLISTED_RSA.getKeyID(), claims().build(),
                TestTokens.rsaSigner(TestTokens.UNLISTED_RSA))));
    }

    @Test
    void refusesAListedKidSignedWithAnotherKey() throws Exception {
        assertRefused(discovery(TestTokens.sign(JWSAlgorithm.RS384, TestTokens.RSA.getKeyID(), claims().build(),
                TestTokens.rsaSigner(TestTokens.UNLISTED_RSA))));
    }

    @Test
    void refusesAlgNone() throws Exception {
        assertRefused(discovery(TestTokens.unsigned(claims().build())));
    }

    @Test
    void refusesHs256KeyedWithThePublicKey() throws Exception {
        assertRefused(discovery(TestTokens.hs256WithPublicKey(claims().build())));
    }

    @Test
    void refusesATamperedPayload() throws Exception {
        String[] parts = TestTokens.rs384(claims().build()).split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims().issuer(TestTokens.ISSUER).subject("admin").build().toString().getBytes());
        assertRefused(discovery(parts[0] + "." + forged + "." + parts[2]));
    }

    @Test
    void refusesAReplayedJti() throws Exception {
        String token = TestTokens.rs384(claims().build());
        assertThat(discovery(token).statusCode()).isEqualTo(200);
        assertRefused(discovery(token));
    }

    @Test
    void refusesMalformedTokensAndHeaders() throws Exception {
        assertRefused(discovery("not-a-jwt"));
        assertRefused(discovery("eyJhbGciOiJSUzM4NCJ9.e30"));
        assertRefused(http.send(HttpRequest.newBuilder(URI.create(discoveryUrl())).header("Authorization", "Basic dXNlcjpwYXNz").GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void refusesAJkuThatIsNotTheIssuersListedJwkSet() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(TestTokens.RSA.getKeyID())
                .jwkURL(URI.create("https://evil.example.org/jwks.json")).build();
        assertRefused(discovery(TestTokens.sign(header, claims().build(), TestTokens.rsaSigner(TestTokens.RSA))));
    }

    @Test
    void aRotatedKeyIsFoundByRefreshingTheJwkSet() throws Exception {
        var rotated = com.nimbusds.jose.jwk.gen.RSAKeyGenerator.class;
        var newKey = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("rsa-2").generate();
        TestTokens.writeJwks(JWKS, TestTokens.RSA, TestTokens.EC, newKey);
        try {
            assertThat(discovery(TestTokens.sign(JWSAlgorithm.RS384, "rsa-2", claims().build(), TestTokens.rsaSigner(newKey))).statusCode())
                    .as(rotated.getSimpleName()).isEqualTo(200);
        } finally {
            TestTokens.writeJwks(JWKS, TestTokens.RSA, TestTokens.EC);
        }
    }

    @Test
    void authenticationComesBeforeEveryOtherCheck() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(discoveryUrl() + "/no-such-service"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("not json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(response);
    }

    @Test
    void corsPreflightNeedsNoTokenAndAllowsAuthorization() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(serviceUrl()))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.org");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization").contains("content-type");
        HttpResponse<String> otherOrigin = http.send(HttpRequest.newBuilder(URI.create(serviceUrl()))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://unknown.example.org")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
    }

    @Test
    void aRefusalCarriesCorsHeadersSoABrowserCanReadIt() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(discoveryUrl()))
                .header("Origin", "https://app.example.org").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(response);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.org");
    }
}
