package org.trdcds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.CdsHooksLogicalModelRules.Violation;

/** Each rule of the CDS Hooks logical models catches what it is about, and a full, correct body passes. */
class CdsHooksLogicalModelRulesTest {

    /** A card that uses every member: suggestions with create and delete actions, links, override reasons. */
    static final String FULL_RESPONSE = """
            {"cards": [{
              "uuid": "4e0a3a1e-6c49-4c1a-9f5e-3d9f3e3a5b11",
              "summary": "Nonresponse to sertraline: switch",
              "detail": "**Evidence:** ...",
              "indicator": "warning",
              "source": {"label": "trd-cds", "url": "https://trd-cds.org",
                         "topic": {"system": "http://trd-cds.org/fhir/CodeSystem/card-topic", "code": "nonresponse"}},
              "selectionBehavior": "at-most-one",
              "suggestions": [
                {"label": "Refer for rTMS", "uuid": "0b7c1b7e-0c55-4f0e-8d3a-2b8f3e9d0c21", "isRecommended": true,
                 "actions": [{"type": "create", "description": "Create an rTMS referral",
                              "resource": {"resourceType": "ServiceRequest", "status": "draft", "intent": "proposal",
                                           "subject": {"reference": "Patient/p1"}}}]},
                {"label": "Remove the draft order",
                 "actions": [{"type": "delete", "description": "Delete the draft", "resourceId": "MedicationRequest/d1"}]}
              ],
              "overrideReasons": [{"system": "http://trd-cds.org/fhir/CodeSystem/override-reason",
                                   "code": "patient-declined", "display": "Patient declined"}],
              "links": [{"label": "TRD app", "url": "https://app.trd-cds.org/launch", "type": "smart", "appContext": "x"},
                        {"label": "Guideline", "url": "https://www.healthquality.va.gov/", "type": "absolute"}]
            }]}""";

    static final String FULL_REQUEST = """
            {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
             "fhirServer": "https://ehr.example.org/fhir",
             "fhirAuthorization": {"access_token": "abc", "token_type": "Bearer", "expires_in": 300,
                                   "scope": "patient/Observation.read", "subject": "trd-cds", "patient": "p1"},
             "context": {"userId": "Practitioner/1", "patientId": "p1"}}""";

    static final String FULL_FEEDBACK = """
            {"feedback": [
              {"card": "4e0a3a1e-6c49-4c1a-9f5e-3d9f3e3a5b11", "outcome": "accepted",
               "acceptedSuggestions": [{"id": "0b7c1b7e-0c55-4f0e-8d3a-2b8f3e9d0c21"}],
               "outcomeTimestamp": "2026-06-01T10:15:00Z"},
              {"card": "4e0a3a1e-6c49-4c1a-9f5e-3d9f3e3a5b11", "outcome": "overridden",
               "overrideReason": {"reason": {"system": "http://trd-cds.org/fhir/CodeSystem/override-reason",
                                             "code": "patient-declined", "display": "Patient declined"},
                                  "userComment": "discussed"},
               "outcomeTimestamp": "2026-06-01T10:16:00+02:00"}
            ]}""";

    @Test
    void fullAndCorrectBodiesPass() {
        assertThat(CdsHooksLogicalModelRules.response(Json.parse(FULL_RESPONSE))).isEmpty();
        assertThat(CdsHooksLogicalModelRules.response(Json.parse("{\"cards\": []}"))).isEmpty();
        assertThat(CdsHooksLogicalModelRules.request(Json.parse(FULL_REQUEST))).isEmpty();
        assertThat(CdsHooksLogicalModelRules.feedback(Json.parse(FULL_FEEDBACK))).isEmpty();
    }

    // --- CDSHooksResponse invariants ---

    @Test
    void cdsResp1AtMostOneRecommendedSuggestion() {
        assertBreaks("cds-resp-1", card -> ((ObjectNode) card.get("suggestions").get(1)).put("isRecommended", true));
    }

    @Test
    void cdsResp2DeleteNamesAResourceIdNotAResource() {
        assertBreaks("cds-resp-2", card -> ((ObjectNode) action(card, 1)).remove("resourceId"));
        assertBreaks("cds-resp-2", card -> ((ObjectNode) action(card, 1)).set("resource", Json.parse("{\"resourceType\": \"Basic\"}")));
    }

    @Test
    void cdsResp3AppContextOnlyForSmartLinks() {
        assertBreaks("cds-resp-3", card -> ((ObjectNode) card.get("links").get(1)).put("appContext", "x"));
    }

    @Test
    void cdsResp4OverrideReasonsCarryADisplay() {
        assertBreaks("cds-resp-4", card -> ((ObjectNode) card.get("overrideReasons").get(0)).remove("display"));
    }

    @Test
    void cdsResp5EverySuggestionActionHasADescription() {
        assertBreaks("cds-resp-5", card -> ((ObjectNode) action(card, 0)).remove("description"));
    }

    @Test
    void cdsResp6SuggestionsNeedASelectionBehavior() {
        assertBreaks("cds-resp-6", card -> card.remove("selectionBehavior"));
    }

    @Test
    void cdsResp7ActionSelectionBehaviorIsAllAnyOrAtMostOne() {
        assertBreaks("cds-resp-7", card -> ((ObjectNode) card.get("suggestions").get(0)).put("actionSelectionBehavior", "some"));
    }

    // --- CDSHooksResponse elements ---

    @Test
    void theSummaryIsRequiredAndUnder140Characters() {
        assertBreaks("CDSHooksResponse.cards.summary", card -> card.put("summary", "x".repeat(140)));
        assertBreaks("CDSHooksResponse.cards.summary", card -> card.remove("summary"));
    }

    @Test
    void theIndicatorIsInfoWarningOrCritical() {
        assertBreaks("CDSHooksResponse.cards.indicator", card -> card.put("indicator", "hard-stop"));
        assertBreaks("CDSHooksResponse.cards.indicator", card -> card.remove("indicator"));
    }

    @Test
    void theSourceAndItsLabelAreRequired() {
        assertBreaks("CDSHooksResponse.cards.source.label", card -> ((ObjectNode) card.get("source")).remove("label"));
        assertBreaks("CDSHooksResponse.cards.source", card -> card.remove("source"));
        assertBreaks("CDSHooksResponse.cards.source.url", card -> ((ObjectNode) card.get("source")).put("url", "/relative"));
    }

    @Test
    void suggestionsHaveALabelAndAUuid() {
        assertBreaks("CDSHooksResponse.cards.suggestions.label", card -> ((ObjectNode) card.get("suggestions").get(0)).remove("label"));
        assertBreaks("CDSHooksResponse.cards.suggestions.uuid", card -> ((ObjectNode) card.get("suggestions").get(0)).put("uuid", "42"));
    }

    @Test
    void actionsAreCreateUpdateOrDeleteAndCreateCarriesAResource() {
        assertBreaks("CDSHooksResponse.cards.suggestions.actions.type", card -> ((ObjectNode) action(card, 0)).put("type", "insert"));
        assertBreaks("CDSHooksResponse.cards.suggestions.actions.resource", card -> ((ObjectNode) action(card, 0)).remove("resource"));
    }

    @Test
    void linksAreAbsoluteOrSmartWithALabelAndUrl() {
        assertBreaks("CDSHooksResponse.cards.links.type", card -> ((ObjectNode) card.get("links").get(1)).put("type", "relative"));
        assertBreaks("CDSHooksResponse.cards.links.label", card -> ((ObjectNode) card.get("links").get(1)).remove("label"));
        assertBreaks("CDSHooksResponse.cards.links.url", card -> ((ObjectNode) card.get("links").get(1)).put("url", "guideline.html"));
    }

    @Test
    void overrideReasonsAreCodings() {
        assertBreaks("CDSHooksResponse.cards.overrideReasons", card -> ((ObjectNode) card.get("overrideReasons").get(0)).remove("code"));
    }

    @Test
    void cardsArePresentEvenWhenEmpty() {
        assertThat(rules(CdsHooksLogicalModelRules.response(Json.parse("{}")))).containsExactly("CDSHooksResponse.cards");
    }

    // --- CDSHooksRequest ---

    @Test
    void cdsR1AnAuthorizationNeedsAFhirServer() {
        ObjectNode request = (ObjectNode) Json.parse(FULL_REQUEST);
        request.remove("fhirServer");
        assertThat(rules(CdsHooksLogicalModelRules.request(request))).containsExactly("cds-r-1");
    }

    @Test
    void cdsR2PatientScopesNameThePatient() {
        ObjectNode request = (ObjectNode) Json.parse(FULL_REQUEST);
        ((ObjectNode) request.get("fhirAuthorization")).remove("patient");
        assertThat(rules(CdsHooksLogicalModelRules.request(request))).containsExactly("cds-r-2");
    }

    @Test
    void aRequestHasAHookAUuidInstanceAndAContext() {
        assertThat(rules(CdsHooksLogicalModelRules.request(Json.parse("{\"hook\": \"patient-view\", \"hookInstance\": \"1\"}"))))
                .containsExactly("CDSHooksRequest.hookInstance", "CDSHooksRequest.context");
    }

    // --- CDSHooksFeedback ---

    @Test
    void cdsFb1TheOutcomeIsAcceptedOrOverridden() {
        assertThat(feedbackRules(entry -> entry.put("outcome", "ignored"))).contains("cds-fb-1");
    }

    @Test
    void cdsFb2AnAcceptedOutcomeNamesItsSuggestions() {
        assertThat(feedbackRules(entry -> entry.remove("acceptedSuggestions"))).containsExactly("cds-fb-2");
    }

    @Test
    void cdsFb3AnOverrideReasonHasAReasonOrAComment() {
        ObjectNode body = (ObjectNode) Json.parse(FULL_FEEDBACK);
        ((ObjectNode) body.get("feedback").get(1)).set("overrideReason", Json.parse("{}"));
        assertThat(rules(CdsHooksLogicalModelRules.feedback(body))).containsExactly("cds-fb-3");
    }

    @Test
    void feedbackNamesItsCardAndItsTime() {
        assertThat(feedbackRules(entry -> {
            entry.put("card", "not-a-uuid");
            entry.put("outcomeTimestamp", "2026-06-01");
        })).containsExactly("CDSHooksFeedback.feedback.card", "CDSHooksFeedback.feedback.outcomeTimestamp");
    }

    // --- helpers ---

    private static JsonNode action(ObjectNode card, int suggestion) {
        return card.get("suggestions").get(suggestion).get("actions").get(0);
    }

    private static void assertBreaks(String rule, Consumer<ObjectNode> breakCard) {
        JsonNode response = Json.parse(FULL_RESPONSE);
        breakCard.accept((ObjectNode) ((ArrayNode) response.get("cards")).get(0));
        List<Violation> violations = CdsHooksLogicalModelRules.response(response);
        assertThat(rules(violations)).as(violations.toString()).contains(rule);
        assertThat(violations).allSatisfy(v -> assertThat(v.toString()).startsWith(v.rule() + " at $."));
    }

    private static List<String> feedbackRules(Consumer<ObjectNode> breakEntry) {
        ObjectNode body = (ObjectNode) Json.parse(FULL_FEEDBACK);
        breakEntry.accept((ObjectNode) body.get("feedback").get(0));
        return rules(CdsHooksLogicalModelRules.feedback(body));
    }

    private static List<String> rules(List<Violation> violations) {
        return violations.stream().map(Violation::rule).toList();
    }
}
