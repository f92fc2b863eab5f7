package org.trdcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trdcds.feedback.FeedbackStore;
import org.trdcds.testing.HttpTestSupport;
import org.trdcds.testing.Json;
import org.trdcds.testing.PatientFixture;

/**
 * CDS Hooks 2.0 feedback over HTTP (contract § Feedback): what is stored, once, what is refused and why, and
 * the counts per card topic, outcome and override reason.
 */
class FeedbackEndpointTest extends HttpTestSupport {

    static final String REASONS = "http://trd-cds.org/fhir/CodeSystem/override-reason";

    @Autowired
    FeedbackStore store;

    /** Each test reports on its own service's feedback with outcome times of its own day, so tests stay apart. */
    static String day(int n) {
        return "2031-01-%02dT10:00:00Z".formatted(n);
    }

    static Map<String, Object> accepted(String card, String when, String... suggestionIds) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("card", card);
        entry.put("outcome", "accepted");
        if (suggestionIds.length > 0) {
            List<Map<String, Object>> ids = new ArrayList<>();
            for (String id : suggestionIds) {
                ids.add(Map.of("id", id));
            }
            entry.put("acceptedSuggestions", ids);
        }
        entry.put("outcomeTimestamp", when);
        return entry;
    }

    static Map<String, Object> overridden(String card, String when, String reasonCode, String comment) {
        Map<String, Object> reason = new LinkedHashMap<>();
        if (reasonCode != null) {
            reason.put("reason", Map.of("system", REASONS, "code", reasonCode));
        }
        if (comment != null) {
            reason.put("userComment", comment);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("card", card);
        entry.put("outcome", "overridden");
        entry.put("overrideReason", reason);
        entry.put("outcomeTimestamp", when);
        return entry;
    }

    Answer send(String serviceId, Object... entries) throws Exception {
        return post("/cds-services/" + serviceId + "/feedback", Json.write(Map.of("feedback", List.of(entries))), "application/json");
    }

    JsonNode stored(String serviceId, String from, String to) throws Exception {
        Answer answer = get("/cds-services/" + serviceId + "/feedback?from=" + from + "&to=" + to);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("feedback");
    }

    JsonNode summary(String serviceId, String from, String to) throws Exception {
        Answer answer = get("/cds-services/" + serviceId + "/feedback/summary?from=" + from + "&to=" + to);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** The uuids of the cards a real call returns: nonresponse on sertraline. */
    List<String> cardsOfACall(String serviceId) throws Exception {
        PatientFixture patient = PatientFixture.patient().condition("F33.1", daysAgo(200))
                .takes("sertraline", "36437", 100, daysAgo(100)).and().phq9(daysAgo(98), 20).phq9(daysAgo(5), 18);
        Answer answer = call(serviceId, request(serviceId, patient));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> uuids = new ArrayList<>();
        answer.json().get("cards").forEach(card -> uuids.add(card.get("uuid").asText()));
        assertThat(uuids).isNotEmpty();
        assertThat(store.awaitCardIndex(Duration.ofSeconds(10))).as("the card index is written").isTrue();
        return uuids;
    }

    static void assertInvalid(Answer answer, String text) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        JsonNode issue = answer.json().get("issue").get(0);
        assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(issue.get("code").asText()).isEqualTo("invalid");
        assertThat(issue.get("details").get("coding").get(0).get("code").asText()).isEqualTo("TRD-E060");
        assertThat(issue.get("details").get("text").asText()).contains(text);
    }

    @Test
    void feedbackIsStoredAndReturnedAsSent() throws Exception {
        String card = cardsOfACall("trd-patient-view").get(0);
        Answer answer = send("trd-patient-view", accepted(card, "2031-01-01T10:00:00Z", "s-1", "s-2"),
                overridden(card, "2031-01-01T11:30:00.250+01:00", "patient-declined", "Prefers to wait for therapy"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().isObject()).isTrue();
        JsonNode feedback = stored("trd-patient-view", "2031-01-01", "2031-01-02");
        assertThat(feedback).hasSize(2);
        JsonNode first = feedback.get(0);
        assertThat(first.get("card").asText()).isEqualTo(card);
        assertThat(first.get("outcome").asText()).isEqualTo("accepted");
        assertThat(first.get("acceptedSuggestions").toString()).isEqualTo("[{\"id\":\"s-1\"},{\"id\":\"s-2\"}]");
        assertThat(first.get("outcomeTimestamp").asText()).isEqualTo("2031-01-01T10:00:00Z");
        assertThat(first.get("topic").asText()).isEqualTo("nonresponse");
        assertThat(first.has("overrideReason")).isFalse();
        JsonNode second = feedback.get(1);
        assertThat(second.get("outcome").asText()).isEqualTo("overridden");
        assertThat(second.get("outcomeTimestamp").asText()).isEqualTo("2031-01-01T10:30:00.250Z");
        assertThat(second.get("overrideReason").get("reason").get("system").asText()).isEqualTo(REASONS);
        assertThat(second.get("overrideReason").get("reason").get("code").asText()).isEqualTo("patient-declined");
        assertThat(second.get("overrideReason").get("userComment").asText()).isEqualTo("Prefers to wait for therapy");
        assertThat(second.has("acceptedSuggestions")).isFalse();
    }

    @Test
    void aRepeatedEntryIsStoredOnce() throws Exception {
        String card = UUID.randomUUID().toString();
        Map<String, Object> entry = overridden(card, day(2), "already-addressed", null);
        assertThat(send("trd-order-sign", entry).status()).isEqualTo(200);
        assertThat(send("trd-order-sign", entry, entry).status()).isEqualTo(200);
        // the same moment written with another offset is the same entry; another comment does not make it new
        assertThat(send("trd-order-sign", overridden(card, "2031-01-02T05:00:00-05:00", "already-addressed", "again")).status())
                .isEqualTo(200);
        assertThat(stored("trd-order-sign", "2031-01-02", "2031-01-03")).hasSize(1);
        // another outcome time, or another outcome, is another entry
        assertThat(send("trd-order-sign", overridden(card, "2031-01-02T10:00:01Z", "already-addressed", null),
                accepted(card, day(2))).status()).isEqualTo(200);
        assertThat(stored("trd-order-sign", "2031-01-02", "2031-01-03")).hasSize(3);
    }

    @Test
    void feedbackOnACardTheServerDidNotReturnIsStoredWithTopicUnknown() throws Exception {
        String card = UUID.randomUUID().toString();
        assertThat(send("trd-order-select", overridden(card, day(3), "data-incorrect", null)).status()).isEqualTo(200);
        JsonNode feedback = stored("trd-order-select", "2031-01-03", "2031-01-04");
        assertThat(feedback).hasSize(1);
        assertThat(feedback.get(0).get("topic").asText()).isEqualTo("unknown");
        JsonNode summary = summary("trd-order-select", "2031-01-03", "2031-01-04");
        assertThat(summary.get("topics").get(0).get("topic").asText()).isEqualTo("unknown");
        assertThat(summary.get("topics").get(0).get("overridden").asInt()).isEqualTo(1);
    }

    @Test
    void aCardOfAnotherServiceIsUnknownToThisOne() throws Exception {
        String card = cardsOfACall("trd-patient-view").get(0);
        assertThat(send("trd-questionnaire-completed", accepted(card, day(4))).status()).isEqualTo(200);
        assertThat(stored("trd-questionnaire-completed", "2031-01-04", "2031-01-05").get(0).get("topic").asText())
                .isEqualTo("unknown");
    }

    @Test
    void theSummaryCountsPerTopicOutcomeAndReason() throws Exception {
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cards.addAll(cardsOfACall("trd-patient-view"));
        }
        String unknown = UUID.randomUUID().toString();
        assertThat(send("trd-patient-view",
                accepted(cards.get(0), day(5)),
                overridden(cards.get(1), day(5), "patient-declined", null),
                overridden(cards.get(2), day(5), "patient-declined", "wants to wait"),
                overridden(cards.get(3), day(5), null, "free text only"),
                overridden(unknown, day(5), "clinical-judgement", null),
                // outside the window
                accepted(cards.get(0), day(6))).status()).isEqualTo(200);
        JsonNode summary = summary("trd-patient-view", "2031-01-05", "2031-01-06");
        assertThat(summary.get("serviceId").asText()).isEqualTo("trd-patient-view");
        assertThat(summary.get("from").asText()).isEqualTo("2031-01-05T00:00:00Z");
        assertThat(summary.get("to").asText()).isEqualTo("2031-01-06T00:00:00Z");
        assertThat(summary.get("accepted").asInt()).isEqualTo(1);
        assertThat(summary.get("overridden").asInt()).isEqualTo(4);
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        summary.get("topics").forEach(t -> topics.put(t.get("topic").asText(), t));
        assertThat(topics).containsOnlyKeys("nonresponse", "unknown");
        JsonNode nonresponse = topics.get("nonresponse");
        assertThat(nonresponse.get("accepted").asInt()).isEqualTo(1);
        assertThat(nonresponse.get("overridden").asInt()).isEqualTo(3);
        assertThat(nonresponse.get("overrideReasons").toString()).isEqualTo(
                "[{\"system\":\"" + REASONS + "\",\"code\":\"patient-declined\",\"count\":2},{\"code\":\"none\",\"count\":1}]");
        assertThat(topics.get("unknown").get("overrideReasons").get(0).get("code").asText()).isEqualTo("clinical-judgement");
        // the cards returned are counted by when they were returned: none in 2031
        assertThat(nonresponse.get("cardsReturned").asInt()).isZero();
    }

    @Test
    void theSummaryCountsTheCardsReturnedInTheWindow() throws Exception {
        String from = java.time.Instant.now().minusSeconds(1).toString();
        cardsOfACall("trd-patient-view");
        JsonNode summary = summary("trd-patient-view", from, java.time.Instant.now().plusSeconds(60).toString());
        assertThat(summary.get("cardsReturned").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(summary.get("topics").findValuesAsText("topic")).contains("nonresponse");
    }

    @Test
    void eachInvalidEntryIsRefusedAndNothingIsStored() throws Exception {
        String card = UUID.randomUUID().toString();
        String when = day(7);
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("feedback[1].card is required", without(accepted(card, when), "card"));
        cases.put("feedback[1].card must be a non-empty string", with(accepted(card, when), "card", 42));
        cases.put("feedback[1].outcome is required", without(accepted(card, when), "outcome"));
        cases.put("feedback[1].outcome must be 'accepted' or 'overridden'", with(accepted(card, when), "outcome", "ignored"));
        cases.put("feedback[1].outcomeTimestamp is required", without(accepted(card, when), "outcomeTimestamp"));
        cases.put("feedback[1].outcomeTimestamp must be an ISO 8601 date-time with an offset",
                with(accepted(card, when), "outcomeTimestamp", "2031-01-07T10:00:00"));
        cases.put("must be an ISO 8601 date-time", with(accepted(card, when), "outcomeTimestamp", "yesterday"));
        cases.put("feedback[1].acceptedSuggestions must be an array", with(accepted(card, when), "acceptedSuggestions", "s-1"));
        cases.put("feedback[1].acceptedSuggestions[0] is not an object", with(accepted(card, when), "acceptedSuggestions", List.of("s-1")));
        cases.put("feedback[1].acceptedSuggestions[0].id is required", with(accepted(card, when), "acceptedSuggestions", List.of(Map.of())));
        cases.put("feedback[1].acceptedSuggestions is only for an accepted card",
                with(overridden(card, when, "patient-declined", null), "acceptedSuggestions", List.of(Map.of("id", "s-1"))));
        cases.put("feedback[1].overrideReason is only for an overridden card",
                with(accepted(card, when), "overrideReason", Map.of("userComment", "no")));
        cases.put("feedback[1].overrideReason is not an object", with(overridden(card, when, "patient-declined", null), "overrideReason", "busy"));
        cases.put("feedback[1].overrideReason needs a reason or a userComment", with(overridden(card, when, "patient-declined", null), "overrideReason", Map.of()));
        cases.put("feedback[1].overrideReason.reason is not a Coding object",
                with(overridden(card, when, "patient-declined", null), "overrideReason", Map.of("reason", "patient-declined")));
        cases.put("feedback[1].overrideReason.reason.code is required",
                with(overridden(card, when, "patient-declined", null), "overrideReason", Map.of("reason", Map.of("system", REASONS))));
        cases.put("feedback[1].overrideReason.reason.code 'too-busy' is not one of the override reasons",
                overridden(card, when, "too-busy", null));
        cases.put("feedback[1].overrideReason.userComment is longer than 4000 characters",
                overridden(card, when, null, "x".repeat(4001)));
        cases.put("feedback[1] is not an object", null);
        for (Map.Entry<String, Map<String, Object>> bad : cases.entrySet()) {
            Object second = bad.getValue() == null ? "not an entry" : bad.getValue();
            Answer answer = post("/cds-services/trd-order-sign/feedback",
                    Json.write(Map.of("feedback", List.of(accepted(card, day(7)), second))), "application/json");
            assertInvalid(answer, bad.getKey());
        }
        assertThat(stored("trd-order-sign", "2031-01-07", "2031-01-08")).as("a refused request stores no entry").isEmpty();
        // codes of another system are the EHR's own and are kept as given
        Map<String, Object> local = with(overridden(card, when, null, null), "overrideReason",
                Map.of("reason", Map.of("system", "urn:oid:1.2.3", "code", "local-7", "display", "Local reason")));
        assertThat(send("trd-order-sign", local).status()).isEqualTo(200);
    }

    @Test
    void aBodyWithoutAFeedbackArrayIsRefused() throws Exception {
        assertInvalid(post("/cds-services/trd-patient-view/feedback", "{}", "application/json"), "'feedback' is missing");
        assertInvalid(post("/cds-services/trd-patient-view/feedback", "{\"feedback\":[]}", "application/json"),
                "not a non-empty array");
        assertInvalid(post("/cds-services/trd-patient-view/feedback", "{\"feedback\":{}}", "application/json"),
                "not a non-empty array");
    }

    @Test
    void checksComeInTheContractsOrder() throws Exception {
        String path = "/cds-services/no-such-service/feedback";
        // size before media type before JSON before service before entries
        String huge = "{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        assertThat(post(path, huge, "text/plain").status()).isEqualTo(413);
        assertThat(post(path, "not json", "text/plain").status()).isEqualTo(415);
        assertThat(post(path, "not json", "application/json").status()).isEqualTo(400);
        Answer unknown = post(path, "{\"feedback\":[]}", "application/json");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("issue").get(0).get("details").get("coding").get(0).get("code").asText()).isEqualTo("TRD-E041");
        assertThat(post("/cds-services/trd-patient-view/feedback", "[]", "application/json").status()).isEqualTo(400);
    }

    @Test
    void unknownServiceIs404ForEveryFeedbackEndpoint() throws Exception {
        assertThat(send("no-such-service", accepted(UUID.randomUUID().toString(), day(8))).status()).isEqualTo(404);
        assertThat(get("/cds-services/no-such-service/feedback").status()).isEqualTo(404);
        assertThat(get("/cds-services/no-such-service/feedback/summary").status()).isEqualTo(404);
    }

    @Test
    void aBadTimeWindowIs400() throws Exception {
        for (String query : List.of("?from=last-week", "?to=2031-13-01", "?from=2031-01-02&to=2031-01-01")) {
            for (String endpoint : List.of("/feedback", "/feedback/summary")) {
                Answer answer = get("/cds-services/trd-patient-view" + endpoint + query);
                assertThat(answer.status()).as(endpoint + query).isEqualTo(400);
                assertThat(answer.json().get("issue").get(0).get("details").get("coding").get(0).get("code").asText())
                        .isEqualTo("TRD-E062");
            }
        }
    }

    @Test
    void anEmptyServiceAnswersAnEmptyList() throws Exception {
        Answer answer = get("/cds-services/trd-order-select/feedback?from=1999-01-01&to=1999-01-02");
        assertThat(answer.body()).isEqualTo("{\"feedback\":[]}");
    }

    private static Map<String, Object> without(Map<String, Object> entry, String member) {
        Map<String, Object> copy = new LinkedHashMap<>(entry);
        copy.remove(member);
        return copy;
    }

    private static Map<String, Object> with(Map<String, Object> entry, String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(entry);
        copy.put(member, value);
        return copy;
    }
}
