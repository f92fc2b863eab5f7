package org.trdcds.patientdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.trdcds.testing.CdsHooksRules;
import org.trdcds.testing.FhirTestServer;
import org.trdcds.testing.HttpTestSupport;
import org.trdcds.testing.PatientFixture;

/**
 * When prefetch is not enough: the service reads the missing keys from a real FHIR server over HTTP on
 * loopback, and survives that server's faults within the deadline (2 s) plus a small margin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"trd.clock.fixed=2026-06-01", "trd.security.allow-anonymous=true", "trd.fetch.allow-http=true",
                "trd.fetch.deadline=2s"})
class FetchFromFhirServerTest extends HttpTestSupport {

    static final long DEADLINE_WITH_MARGIN_MS = 3_000;
    static FhirTestServer ehr;

    /** A TRD patient: three failed trials and a current nonresponse, with enough scores to need several pages. */
    static PatientFixture trdPatient() {
        PatientFixture patient = PatientFixture.patient("fetch-1", 52);
        patient.condition("F33.2", daysAgo(500))
                .takes("citalopram", "2556", 20, daysAgo(400)).until(daysAgo(320)).and()
                .phq9(daysAgo(399), 20).phq9(daysAgo(325), 18)
                .takes("escitalopram", "321988", 20, daysAgo(250)).until(daysAgo(170)).and()
                .phq9(daysAgo(249), 21).phq9(daysAgo(175), 17)
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(98), 20).phq9(daysAgo(60), 19).phq9(daysAgo(5), 18)
                .item9(daysAgo(5), 1);
        return patient;
    }

    @BeforeAll
    static void startEhr() throws Exception {
        ehr = new FhirTestServer();
    }

    @AfterAll
    static void stopEhr() throws Exception {
        ehr.close();
    }

    @BeforeEach
    void loadPatient() {
        ehr.load(trdPatient().resources());
        ehr.mode(FhirTestServer.Mode.NORMAL);
        ehr.resetCount();
    }

    private Map<String, Object> withServer(Map<String, Object> request, String token) {
        Map<String, Object> copy = new LinkedHashMap<>(request);
        copy.put("fhirServer", ehr.baseUrl());
        copy.put("fhirAuthorization", Map.of("access_token", token, "token_type", "Bearer", "expires_in", 300,
                "scope", "patient/*.read", "subject", "trd-cds"));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> prefetchOf(Map<String, Object> request) {
        Map<String, Object> prefetch = new LinkedHashMap<>((Map<String, Object>) request.get("prefetch"));
        request.put("prefetch", prefetch);
        return prefetch;
    }

    private record Timed(Answer answer, long millis) {}

    private Timed timedCall(Map<String, Object> request) throws Exception {
        long start = System.nanoTime();
        Answer answer = call("trd-patient-view", request);
        return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
    }

    private List<String> expectedTopics() throws Exception {
        return CdsHooksRules.topics(prefetchedAnswer());
    }

    private JsonNode prefetchedAnswer() throws Exception {
        Answer prefetched = call("trd-patient-view", request("trd-patient-view", trdPatient()));
        assertThat(prefetched.status()).isEqualTo(200);
        return prefetched.json();
    }

    /** The whole answer, card uuids aside: fetched data must give exactly the prefetched cards. */
    private static JsonNode withoutUuids(JsonNode response) {
        return org.trdcds.testing.Json.withoutUuids(response);
    }

    @Test
    void fullPrefetchNeedsNoFetch() throws Exception {
        Timed call = timedCall(withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN));
        assertThat(call.answer().status()).isEqualTo(200);
        assertThat(CdsHooksRules.topics(call.answer().json())).containsExactly("suicide-risk", "nonresponse", "trd", "esketamine-eligible");
        assertThat(ehr.requestCount()).isZero();
    }

    @Test
    void noPrefetchAtAllIsFetchedAndGivesTheSameCards() throws Exception {
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        request.remove("prefetch");
        Timed call = timedCall(request);
        assertThat(call.answer().status()).as(call.answer().body()).isEqualTo(200);
        JsonNode fetched = call.answer().json();
        CdsHooksRules.assertValidResponse(fetched);
        assertThat(CdsHooksRules.topics(fetched)).containsExactly("suicide-risk", "nonresponse", "trd", "esketamine-eligible");
        assertThat(withoutUuids(fetched)).isEqualTo(withoutUuids(prefetchedAnswer()));
        // a search per key, the observations over several pages of two, and one read of the Patient
        assertThat(ehr.requestCount()).isGreaterThan(9);
        assertThat(call.millis()).isLessThan(DEADLINE_WITH_MARGIN_MS);
    }

    @Test
    void partialPrefetchFetchesOnlyWhatIsMissing() throws Exception {
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        prefetchOf(request).remove("medicationStatements");
        Timed call = timedCall(request);
        assertThat(call.answer().status()).isEqualTo(200);
        assertThat(withoutUuids(call.answer().json())).isEqualTo(withoutUuids(prefetchedAnswer()));
        assertThat(ehr.requestCount()).isEqualTo(2); // 3 statements: two pages of two
        assertThat(call.millis()).isLessThan(DEADLINE_WITH_MARGIN_MS);
    }

    @Test
    void paginatedObservationsAreReadToTheLastPage() throws Exception {
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        prefetchOf(request).remove("observations");
        Timed call = timedCall(request);
        assertThat(call.answer().status()).isEqualTo(200);
        // 7 PHQ-9 totals + 1 item 9 = 8 observations = 4 pages; the latest score is on the last page
        assertThat(ehr.requestCount()).isEqualTo(4);
        assertThat(call.answer().json().get("cards").get(1).get("detail").asText()).contains("Follow-up PHQ-9: 18 on 2026-05-27");
        assertThat(CdsHooksRules.topics(call.answer().json())).isEqualTo(expectedTopics());
        assertThat(call.millis()).isLessThan(DEADLINE_WITH_MARGIN_MS);
    }

    @Test
    void anOperationOutcomeInPrefetchIsFetchedInstead() throws Exception {
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        prefetchOf(request).put("conditions", Map.of("resourceType", "OperationOutcome",
                "issue", List.of(Map.of("severity", "error", "code", "too-costly"))));
        Timed call = timedCall(request);
        assertThat(call.answer().status()).isEqualTo(200);
        assertThat(CdsHooksRules.topics(call.answer().json())).isEqualTo(expectedTopics());
        assertThat(ehr.requestCount()).isEqualTo(1);
        assertThat(call.millis()).isLessThan(DEADLINE_WITH_MARGIN_MS);
    }

    @Test
    void aWrongTokenIs412Quickly() throws Exception {
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), "stolen-or-expired");
        prefetchOf(request).remove("medicationStatements");
        Timed call = timedCall(request);
        assertMissing(call, "medicationStatements");
        assertThat(call.millis()).isLessThan(DEADLINE_WITH_MARGIN_MS);
    }

    @Test
    void aServerThatIsDownIs412Quickly() throws Exception {
        Map<String, Object> request = request("trd-patient-view", trdPatient());
        request.put("fhirServer", "http://127.0.0.1:9/fhir");
        request.put("fhirAuthorization", Map.of("access_token", FhirTestServer.TOKEN, "token_type", "Bearer"));
        prefetchOf(request).remove("observations");
        Timed call = timedCall(request);
        assertMissing(call, "observations");
        assertThat(call.millis()).isLessThan(DEADLINE_WITH_MARGIN_MS);
    }

    @Test
    void aServerAnsweringAfterTenSecondsIs412WithinTheDeadline() throws Exception {
        ehr.mode(FhirTestServer.Mode.SLOW);
        ehr.slowMillis(10_000);
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        request.remove("prefetch");
        Timed call = timedCall(request);
        assertMissing(call, "observations");
        assertThat(call.millis()).isBetween(1_900L, DEADLINE_WITH_MARGIN_MS);
    }

    @Test
    void garbageFromTheServerIs412() throws Exception {
        ehr.mode(FhirTestServer.Mode.GARBAGE);
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        prefetchOf(request).remove("observations");
        Timed call = timedCall(request);
        assertMissing(call, "observations");
        assertThat(call.millis()).isLessThan(DEADLINE_WITH_MARGIN_MS);
    }

    /** Fetched data is read as prefetched data is: a narrative that is not XHTML is not read, so it is no fault. */
    @Test
    void brokenNarrativesInFetchedDataAreNotReadAndGiveTheSameCards() throws Exception {
        ehr.mode(FhirTestServer.Mode.BROKEN_NARRATIVES);
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        request.remove("prefetch");
        Timed call = timedCall(request);
        assertThat(call.answer().status()).as(call.answer().body()).isEqualTo(200);
        assertThat(ehr.rewrittenCount()).isGreaterThanOrEqualTo(trdPatient().resources().size());
        assertThat(withoutUuids(call.answer().json())).isEqualTo(withoutUuids(prefetchedAnswer()));
    }

    /**
     * The EHR's server ignores the code filter of the observations search and sends laboratory results too,
     * each invalid FHIR: they are not parsed, so the key is read and the cards are those of the prefetch.
     */
    @Test
    void whatASearchDidNotAskForIsNotRead() throws Exception {
        List<org.hl7.fhir.r4.model.Resource> withLabs = new java.util.ArrayList<>(trdPatient().resources());
        for (int i = 0; i < 3; i++) {
            org.hl7.fhir.r4.model.Observation lab = new org.hl7.fhir.r4.model.Observation();
            lab.setId("lab-" + i);
            lab.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
            lab.getCode().addCoding().setSystem("http://loinc.org").setCode("2345-7");
            lab.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/fetch-1"));
            lab.setValue(new org.hl7.fhir.r4.model.Quantity(90));
            withLabs.add(lab);
        }
        ehr.load(withLabs);
        ehr.mode(FhirTestServer.Mode.SUPERSET);
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        prefetchOf(request).remove("observations");
        Timed call = timedCall(request);
        assertThat(call.answer().status()).as(call.answer().body()).isEqualTo(200);
        assertThat(ehr.rewrittenCount()).isEqualTo(3);
        assertThat(withoutUuids(call.answer().json())).isEqualTo(withoutUuids(prefetchedAnswer()));
    }

    /** A redirect is not followed, so the EHR's token cannot be carried to another server. */
    @Test
    void aRedirectIsNotFollowedSoTheTokenGoesNowhereElse() throws Exception {
        List<String> tokensElsewhere = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            tokensElsewhere.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            ehr.mode(FhirTestServer.Mode.REDIRECT);
            ehr.redirectTo("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/fhir");
            Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
            prefetchOf(request).remove("observations");
            Timed call = timedCall(request);
            assertMissing(call, "observations");
            assertThat(ehr.requestCount()).isEqualTo(1);
            assertThat(tokensElsewhere).isEmpty();
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowed() throws Exception {
        ehr.mode(FhirTestServer.Mode.NEXT_LINK_ELSEWHERE);
        Map<String, Object> request = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        prefetchOf(request).remove("observations");
        Timed call = timedCall(request);
        assertMissing(call, "observations");
        assertThat(ehr.requestCount()).isEqualTo(1);
    }

    @Test
    void repeatedFailuresOfOneServerDoNotExhaustTheService() throws Exception {
        ehr.mode(FhirTestServer.Mode.SLOW);
        ehr.slowMillis(2_500);
        Map<String, Object> slow = withServer(request("trd-patient-view", trdPatient()), FhirTestServer.TOKEN);
        slow.remove("prefetch");
        for (int i = 0; i < 4; i++) {
            assertThat(timedCall(slow).answer().status()).isEqualTo(412);
        }
        // the service still answers a fully prefetched call at once
        Timed healthy = timedCall(request("trd-patient-view", trdPatient()));
        assertThat(healthy.answer().status()).isEqualTo(200);
        assertThat(healthy.millis()).isLessThan(1_000);
    }

    private static void assertMissing(Timed call, String key) {
        assertThat(call.answer().status()).as(call.answer().body()).isEqualTo(412);
        JsonNode issue = call.answer().json().get("issue").get(0);
        assertThat(issue.get("code").asText()).isEqualTo("incomplete");
        assertThat(issue.get("details").get("text").asText())
                .startsWith("Required data was not prefetched and could not be fetched from the request's fhirServer")
                .contains(key);
    }
}
