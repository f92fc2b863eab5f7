package org.trdcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.CdsHooksRules;
import org.trdcds.testing.HttpTestSupport;
import org.trdcds.testing.PatientFixture;

/** Service calls through the HTTP endpoint: which cards, in which order, with which fields. */
class ServiceCallTest extends HttpTestSupport {

    /** Sertraline 100 mg for 100 days; PHQ-9 20 -> followUp. */
    static PatientFixture onSertraline(int followUp) {
        return PatientFixture.patient()
                .condition("F33.1", daysAgo(200))
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(98), 20)
                .phq9(daysAgo(5), followUp);
    }

    private JsonNode cards(String serviceId, Map<String, Object> request) throws Exception {
        Answer answer = call(serviceId, request);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode response = answer.json();
        CdsHooksRules.assertValidResponse(response);
        return response;
    }

    @Test
    void nonresponseCardFieldByField() throws Exception {
        JsonNode response = cards("trd-patient-view", request("trd-patient-view", onSertraline(18)));
        assertThat(CdsHooksRules.topics(response)).containsExactly("nonresponse");
        JsonNode card = response.get("cards").get(0);
        assertThat(card.get("summary").asText())
                .isEqualTo("Nonresponse to sertraline after an adequate trial (10% better): switch");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("source").get("label").asText()).isEqualTo("trd-cds treatment-resistant depression pathway");
        assertThat(card.get("source").get("topic").get("system").asText()).isEqualTo("http://trd-cds.org/fhir/CodeSystem/card-topic");
        assertThat(card.get("source").get("topic").get("code").asText()).isEqualTo("nonresponse");
        assertThat(card.get("source").get("topic").get("display").asText()).isEqualTo("Nonresponse: switch");
        assertThat(card.get("source").get("url").asText()).isEqualTo("https://www.healthquality.va.gov/guidelines/MH/mdd/");
        assertThat(card.get("detail").asText())
                .startsWith("**Evidence:**\n- Current trial: sertraline (SSRI) 100 mg/day since 2026-02-21, ongoing: 100 days,")
                .contains("- Baseline PHQ-9: 20 on 2026-02-23\n- Follow-up PHQ-9: 18 on 2026-05-27\n- Improvement: 10% from baseline")
                .contains("**Advice:** less than 25% improvement")
                .contains("**Sources:** trd-cds clinical rules §1.1 and §1.4");
        assertThat(card.has("suggestions")).isFalse();
        // the reasons of the shipped override-reasons ValueSet, in its order, each with a display
        JsonNode reasons = card.get("overrideReasons");
        assertThat(reasons.findValuesAsText("code")).containsExactly("patient-declined", "already-addressed",
                "clinical-judgement", "data-incorrect", "benefit-outweighs-risk");
        assertThat(reasons.findValuesAsText("system")).containsOnly("http://trd-cds.org/fhir/CodeSystem/override-reason");
        assertThat(reasons.get(0).get("display").asText()).isEqualTo("Patient declined");
        assertThat(reasons.findValuesAsText("display")).doesNotContain("");
    }

    @Test
    void partialResponseAtExactly25PercentIsInfo() throws Exception {
        JsonNode card = cards("trd-patient-view", request("trd-patient-view", onSertraline(15))).get("cards").get(0);
        assertThat(card.get("source").get("topic").get("code").asText()).isEqualTo("partial-response");
        assertThat(card.get("indicator").asText()).isEqualTo("info");
        assertThat(card.get("summary").asText()).isEqualTo("Partial response to sertraline (25% better): consider augmentation");
    }

    @Test
    void responseAtExactly50PercentIsInfo() throws Exception {
        JsonNode card = cards("trd-patient-view", request("trd-patient-view", onSertraline(10))).get("cards").get(0);
        assertThat(card.get("source").get("topic").get("code").asText()).isEqualTo("response");
        assertThat(card.get("indicator").asText()).isEqualTo("info");
    }

    @Test
    void remissionGivesNoCards() throws Exception {
        assertThat(call("trd-patient-view", request("trd-patient-view", onSertraline(4))).body())
                .isEqualTo("{\"cards\":[]}");
    }

    @Test
    void noAntidepressantAtAllGivesNoCards() throws Exception {
        PatientFixture patient = PatientFixture.patient().phq9(daysAgo(3), 22);
        assertThat(call("trd-patient-view", request("trd-patient-view", patient)).body()).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void suicideRiskComesFirstAndIsCritical() throws Exception {
        PatientFixture patient = onSertraline(18).item9(daysAgo(5), 1);
        JsonNode response = cards("trd-patient-view", request("trd-patient-view", patient));
        assertThat(CdsHooksRules.topics(response)).containsExactly("suicide-risk", "nonresponse");
        JsonNode card = response.get("cards").get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("summary").asText()).isEqualTo("PHQ-9 item 9 answered 1 on 2026-05-27: assess suicide risk today");
        assertThat(card.get("detail").asText()).contains("is **1**, on 2026-05-27");
        // a critical safety card offers no coded way to decline it; the pathway card after it does
        assertThat(card.has("overrideReasons")).isFalse();
        assertThat(response.get("cards").get(1).get("overrideReasons")).hasSize(5);
    }

    @Test
    void bipolarDisorderReplacesThePathwayCardsButNotSuicideRisk() throws Exception {
        PatientFixture patient = onSertraline(18).condition("F31.81", daysAgo(300)).item9(daysAgo(5), 2);
        JsonNode response = cards("trd-patient-view", request("trd-patient-view", patient));
        assertThat(CdsHooksRules.topics(response)).containsExactly("suicide-risk", "bipolar-exclusion");
        JsonNode card = response.get("cards").get(1);
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("detail").asText()).contains("- F31.81 (onset 2025-08-05)");
    }

    @Test
    void trdCardListsEachFailedTrialAndTheCurrentTrialKeepsItsCard() throws Exception {
        PatientFixture patient = PatientFixture.patient();
        patient.takes("citalopram", "2556", 20, daysAgo(400)).until(daysAgo(320)).and()
                .phq9(daysAgo(399), 20).phq9(daysAgo(325), 18)
                .takes("escitalopram", "321988", 20, daysAgo(250)).until(daysAgo(170)).and()
                .phq9(daysAgo(249), 21).phq9(daysAgo(175), 17);
        patient.takes("sertraline", "36437", 100, daysAgo(100)).and().phq9(daysAgo(98), 20).phq9(daysAgo(5), 18);
        JsonNode response = cards("trd-patient-view", request("trd-patient-view", patient));
        // TRD opens the esketamine pathway on the chart (clinical-rules §2.1)
        assertThat(CdsHooksRules.topics(response)).containsExactly("nonresponse", "trd", "esketamine-eligible");
        JsonNode trd = response.get("cards").get(1);
        assertThat(trd.get("indicator").asText()).isEqualTo("warning");
        assertThat(trd.get("summary").asText())
                .isEqualTo("Treatment-resistant depression: 3 failed adequate antidepressant trials in this episode");
        assertThat(trd.get("detail").asText())
                .contains("- Current episode: all recorded data")
                .contains("- citalopram (SSRI) 20 mg/day from 2025-04-27 to 2025-07-16: 80 days")
                .contains("- escitalopram (SSRI) 20 mg/day from 2025-09-24 to 2025-12-13: 80 days")
                .contains("- sertraline (SSRI) 100 mg/day since 2026-02-21, ongoing: 100 days");
    }

    @Test
    void remissionOfTheCurrentTrialSilencesTheTrdCard() throws Exception {
        PatientFixture patient = PatientFixture.patient();
        patient.takes("citalopram", "2556", 20, daysAgo(400)).until(daysAgo(320)).and()
                .phq9(daysAgo(399), 20).phq9(daysAgo(325), 18)
                .takes("escitalopram", "321988", 20, daysAgo(250)).until(daysAgo(170)).and()
                .phq9(daysAgo(249), 21).phq9(daysAgo(175), 17);
        patient.takes("sertraline", "36437", 100, daysAgo(100)).and().phq9(daysAgo(98), 20).phq9(daysAgo(5), 3);
        assertThat(call("trd-patient-view", request("trd-patient-view", patient)).body()).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void inadequateTrialSaysWhenToReassess() throws Exception {
        PatientFixture patient = PatientFixture.patient().takes("escitalopram", "321988", 10, daysAgo(20)).and()
                .phq9(daysAgo(20), 18);
        JsonNode card = cards("trd-patient-view", request("trd-patient-view", patient)).get("cards").get(0);
        assertThat(card.get("source").get("topic").get("code").asText()).isEqualTo("inadequate-trial");
        assertThat(card.get("indicator").asText()).isEqualTo("info");
        assertThat(card.get("detail").asText()).contains("Too early to judge: fewer than 42 days at an adequate dose; reassess on 2026-06-23.");
    }

    @Test
    void measurementNeededWhenTheAdequateTrialHasNoBaseline() throws Exception {
        PatientFixture patient = PatientFixture.patient().takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(5), 18);
        JsonNode card = cards("trd-patient-view", request("trd-patient-view", patient)).get("cards").get(0);
        assertThat(card.get("source").get("topic").get("code").asText()).isEqualTo("measurement-needed");
        assertThat(card.get("detail").asText()).contains("- No baseline PHQ-9 between 2026-01-22 and 2026-02-28");
    }

    @Test
    void intoleranceCardIsAWarning() throws Exception {
        PatientFixture patient = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).until(daysAgo(10)).stoppedForAdverseReaction().and()
                .phq9(daysAgo(99), 20).phq9(daysAgo(12), 19);
        JsonNode card = cards("trd-patient-view", request("trd-patient-view", patient)).get("cards").get(0);
        assertThat(card.get("source").get("topic").get("code").asText()).isEqualTo("intolerance");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
    }

    /**
     * Every resource of the call carries a narrative that is not even XHTML, and a statement contains a
     * Medication with one: the narratives are not parsed, so the call is answered as without them. The
     * statement's reason, a CodeableConcept known only by its {@code text}, is still read (intolerance).
     */
    @Test
    void narrativesAreNotReadAndABrokenOneIsNoFault() throws Exception {
        PatientFixture patient = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).until(daysAgo(10)).stoppedBecause("stopped: side effects").and()
                .phq9(daysAgo(99), 20).phq9(daysAgo(12), 19)
                .item9(daysAgo(12), 1);
        Map<String, Object> request = request("trd-patient-view", patient);
        JsonNode plain = cards("trd-patient-view", request);
        assertThat(CdsHooksRules.topics(plain)).containsExactly("suicide-risk", "intolerance");

        JsonNode tree = org.trdcds.testing.Json.MAPPER.valueToTree(request);
        com.fasterxml.jackson.databind.node.ObjectNode statement = (com.fasterxml.jackson.databind.node.ObjectNode)
                tree.at("/prefetch/medicationStatements/entry/0/resource");
        statement.putArray("contained").addObject().put("resourceType", "Medication").put("id", "m1");
        int narratives = org.trdcds.testing.FhirTestServer.breakNarratives(tree.get("prefetch"));
        assertThat(narratives).isGreaterThanOrEqualTo(6); // 4 entries, a Bundle's own is not a narrative, the contained one, the Patient
        @SuppressWarnings("unchecked")
        Map<String, Object> withNarratives = org.trdcds.testing.Json.MAPPER.convertValue(tree, Map.class);
        JsonNode answered = cards("trd-patient-view", withNarratives);
        assertThat(CdsHooksRules.topics(answered)).containsExactly("suicide-risk", "intolerance");
        for (int i = 0; i < 2; i++) {
            assertThat(answered.get("cards").get(i).get("summary")).isEqualTo(plain.get("cards").get(i).get("summary"));
            assertThat(answered.get("cards").get(i).get("detail")).isEqualTo(plain.get("cards").get(i).get("detail"));
        }
    }

    /**
     * The EHR answers the observations query with more than it asked for: laboratory results, one of them not
     * even valid FHIR. They are not parsed, so the call is answered; a PHQ-9 total whose LOINC code is its
     * second coding is still read.
     */
    @Test
    void observationsThePrefetchQueryDidNotAskForAreNotRead() throws Exception {
        Map<String, Object> request = request("trd-patient-view", onSertraline(18));
        JsonNode tree = org.trdcds.testing.Json.MAPPER.valueToTree(request);
        com.fasterxml.jackson.databind.node.ArrayNode entries = (com.fasterxml.jackson.databind.node.ArrayNode)
                tree.at("/prefetch/observations/entry");
        String subject = "{\"reference\":\"Patient/" + tree.at("/context/patientId").asText() + "\"}";
        for (int i = 0; i < 50; i++) {
            entries.addObject().set("resource", org.trdcds.testing.Json.MAPPER.readTree("{\"resourceType\":\"Observation\",\"id\":\"lab-" + i
                    + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"2345-7\"}]},\"subject\":"
                    + subject + ",\"effectiveDateTime\":\"" + daysAgo(i) + "\",\"valueInteger\":" + (i == 7 ? "\"many\"" : "90") + "}"));
        }
        entries.addObject().set("resource", org.trdcds.testing.Json.MAPPER.readTree("{\"resourceType\":\"Observation\",\"id\":\"phq9-local\","
                + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"urn:ehr:local\",\"code\":\"PHQ9TOT\"},"
                + "{\"system\":\"http://loinc.org\",\"code\":\"44261-6\"}]},\"subject\":" + subject + ",\"effectiveDateTime\":\""
                + daysAgo(2) + "\",\"valueInteger\":17}"));
        @SuppressWarnings("unchecked")
        Map<String, Object> withLabs = org.trdcds.testing.Json.MAPPER.convertValue(tree, Map.class);
        JsonNode response = cards("trd-patient-view", withLabs);
        assertThat(CdsHooksRules.topics(response)).containsExactly("nonresponse");
        assertThat(response.get("cards").get(0).get("detail").asText()).contains("- Follow-up PHQ-9: 17 on " + daysAgo(2));
    }

    // --- the questionnaire hook: the new score is the latest ---

    @Test
    void aCompletedPhq9IsTheLatestScore() throws Exception {
        PatientFixture patient = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(98), 20)
                .phq9(daysAgo(30), 8); // would be a response (60%)
        QuestionnaireResponse today = patient.questionnaire(PatientFixture.TODAY, 2, 2, 2, 2, 2, 2, 2, 2, 0); // 16: 20%
        JsonNode response = cards("trd-questionnaire-completed", request("trd-questionnaire-completed", patient,
                Map.of("questionnaireResponse", PatientFixture.json(today))));
        assertThat(CdsHooksRules.topics(response)).containsExactly("nonresponse");
        assertThat(response.get("cards").get(0).get("detail").asText()).contains("- Follow-up PHQ-9: 16 on 2026-06-01");
    }

    @Test
    void aQuestionnaireThatIsNotAPhq9GetsNoCardsAndNoDataIsAskedFor() throws Exception {
        PatientFixture patient = onSertraline(18).item9(daysAgo(3), 3);
        QuestionnaireResponse gad7 = new QuestionnaireResponse();
        gad7.setId("gad7");
        gad7.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        gad7.setSubject(new Reference("Patient/" + patient.id()));
        gad7.setQuestionnaire("http://loinc.org/q/69737-5");
        gad7.addItem().setLinkId("69725-0").addAnswer().setValue(new IntegerType(2));
        Map<String, Object> request = request("trd-questionnaire-completed", patient,
                Map.of("questionnaireResponse", PatientFixture.json(gad7)));
        assertThat(call("trd-questionnaire-completed", request).body()).isEqualTo("{\"cards\":[]}");

        // The service's trigger condition is decided before the patient's data is gathered: without prefetch
        // or a FHIR server, a GAD-7 still gets no cards, where a PHQ-9 needs the data it cannot have (412).
        request.remove("prefetch");
        assertThat(call("trd-questionnaire-completed", request).body()).isEqualTo("{\"cards\":[]}");
        QuestionnaireResponse phq9 = patient.questionnaire(PatientFixture.TODAY, 2, 2, 2, 2, 2, 2, 2, 2, 0);
        Map<String, Object> phq9Request = request("trd-questionnaire-completed", patient,
                Map.of("questionnaireResponse", PatientFixture.json(phq9)));
        phq9Request.remove("prefetch");
        assertThat(call("trd-questionnaire-completed", phq9Request).status()).isEqualTo(412);
    }

    @Test
    void aPhq9OfAnotherPatientTriggersNothing() throws Exception {
        PatientFixture patient = onSertraline(18).item9(daysAgo(3), 3);
        QuestionnaireResponse ofAnother = patient.questionnaire(PatientFixture.TODAY, 2, 2, 2, 2, 2, 2, 2, 2, 2);
        ofAnother.setSubject(new Reference("Patient/someone-else"));
        QuestionnaireResponse own = patient.questionnaire(PatientFixture.TODAY, 2, 2, 2, 2, 2, 2, 2, 2, 2);

        assertThat(call("trd-questionnaire-completed", request("trd-questionnaire-completed", patient,
                Map.of("questionnaireResponse", PatientFixture.json(ofAnother)))).body()).isEqualTo("{\"cards\":[]}");
        assertThat(CdsHooksRules.topics(cards("trd-questionnaire-completed", request("trd-questionnaire-completed", patient,
                Map.of("questionnaireResponse", PatientFixture.json(own)))))).contains("suicide-risk");
    }

    // --- order entry ---

    @Test
    void signingAnAntidepressantShowsTheCurrentTrialResponse() throws Exception {
        PatientFixture patient = onSertraline(18);
        MedicationRequest bupropion = patient.draftOrder("993541", "bupropion hydrochloride 150 MG Extended Release Oral Tablet");
        JsonNode response = cards("trd-order-sign", request("trd-order-sign", patient,
                Map.of("draftOrders", draftOrders(bupropion))));
        assertThat(CdsHooksRules.topics(response)).containsExactly("nonresponse");
    }

    @Test
    void signingSomethingElseShowsOnlySafetyCards() throws Exception {
        PatientFixture patient = onSertraline(18).item9(daysAgo(5), 1);
        MedicationRequest statin = patient.draftOrder("617310", "atorvastatin 20 MG Oral Tablet");
        JsonNode response = cards("trd-order-sign", request("trd-order-sign", patient, Map.of("draftOrders", draftOrders(statin))));
        assertThat(CdsHooksRules.topics(response)).containsExactly("suicide-risk");
    }

    @Test
    void orderSelectJudgesOnlyTheSelectedOrders() throws Exception {
        PatientFixture patient = onSertraline(18);
        MedicationRequest bupropion = patient.draftOrder("993541", "bupropion hydrochloride 150 MG Extended Release Oral Tablet");
        MedicationRequest statin = patient.draftOrder("617310", "atorvastatin 20 MG Oral Tablet");
        Object orders = draftOrders(bupropion, statin);
        assertThat(CdsHooksRules.topics(cards("trd-order-select", request("trd-order-select", patient,
                Map.of("draftOrders", orders, "selections", selections(bupropion)))))).containsExactly("nonresponse");
        assertThat(CdsHooksRules.topics(cards("trd-order-select", request("trd-order-select", patient,
                Map.of("draftOrders", orders, "selections", selections(statin)))))).isEmpty();
    }

    @Test
    void prefetchAnsweredNullMeansNoData() throws Exception {
        Map<String, Object> request = request("trd-patient-view", onSertraline(18));
        @SuppressWarnings("unchecked")
        Map<String, Object> prefetch = (Map<String, Object>) request.get("prefetch");
        prefetch.put("medicationStatements", null);
        assertThat(call("trd-patient-view", request).body()).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void resourcesOfAnotherPatientInAPrefetchBundleAreIgnored() throws Exception {
        PatientFixture other = PatientFixture.patient("someone-else", 50).item9(daysAgo(1), 3);
        Map<String, Object> request = request("trd-patient-view", onSertraline(18));
        @SuppressWarnings("unchecked")
        Map<String, Object> prefetch = (Map<String, Object>) request.get("prefetch");
        var theirs = other.prefetchFor(content.service("trd-patient-view").orElseThrow());
        prefetch.put("observations", theirs.get("observations"));
        assertThat(CdsHooksRules.topics(cards("trd-patient-view", request))).doesNotContain("suicide-risk");
    }

    @Test
    void aSandboxStyleCategoryObjectInDraftOrdersIsTolerated() throws Exception {
        PatientFixture patient = onSertraline(18);
        MedicationRequest bupropion = patient.draftOrder("993541", "bupropion hydrochloride 150 MG Extended Release Oral Tablet");
        @SuppressWarnings("unchecked")
        Map<String, Object> bundle = (Map<String, Object>) org.trdcds.testing.Json.MAPPER.convertValue(draftOrders(bupropion), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> resource = (Map<String, Object>) ((Map<String, Object>) ((java.util.List<?>) bundle.get("entry")).get(0)).get("resource");
        resource.put("category", Map.of("coding", java.util.List.of(Map.of("code", "outpatient"))));
        JsonNode response = cards("trd-order-sign", request("trd-order-sign", patient, Map.of("draftOrders", bundle)));
        assertThat(CdsHooksRules.topics(response)).containsExactly("nonresponse");
    }
}
