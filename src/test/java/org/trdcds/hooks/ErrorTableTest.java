package org.trdcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trdcds.testing.HttpTestSupport;
import org.trdcds.testing.Json;
import org.trdcds.testing.PatientFixture;

/** Every row of the contract's error table: the status, and an OperationOutcome that says why. */
class ErrorTableTest extends HttpTestSupport {

    static final String PV = "/cds-services/trd-patient-view";

    private static PatientFixture patient() {
        return PatientFixture.patient().takes("sertraline", "36437", 100, daysAgo(100)).and().phq9(daysAgo(98), 20);
    }

    private Map<String, Object> valid() {
        return request("trd-patient-view", patient());
    }

    private static void assertOutcome(Answer answer, int status, String issueCode, String errorCode, String text) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode outcome = answer.json();
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        JsonNode issue = outcome.get("issue").get(0);
        assertThat(issue.get("severity").asText()).isEqualTo("error");
        assertThat(issue.get("code").asText()).isEqualTo(issueCode);
        assertThat(issue.get("details").get("coding").get(0).get("code").asText()).isEqualTo(errorCode);
        assertThat(issue.get("details").get("text").asText()).contains(text);
    }

    @Test
    void bodyThatIsNotJsonIs400() throws Exception {
        assertOutcome(post(PV, "{\"hook\": ", "application/json"), 400, "invalid", "TRD-E040", "not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"patient-view\"", "42", "null"})
    void bodyThatIsNotAnObjectIs400(String body) throws Exception {
        assertOutcome(post(PV, body, "application/json"), 400, "invalid", "TRD-E040", "not a JSON object");
    }

    @Test
    void missingOrMistypedHookHookInstanceOrContextIs400() throws Exception {
        for (String field : new String[] {"hook", "hookInstance", "context"}) {
            Map<String, Object> request = new LinkedHashMap<>(valid());
            request.remove(field);
            assertOutcome(call("trd-patient-view", request), 400, "invalid", "TRD-E040", "'" + field + "' is missing");
            request.put(field, 7);
            assertOutcome(call("trd-patient-view", request), 400, "invalid", "TRD-E040", "'" + field + "' is missing or not");
        }
    }

    @Test
    void missingRequiredContextFieldIs400() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>(valid());
        request.put("context", Map.of("patientId", "pat-1"));
        assertOutcome(call("trd-patient-view", request), 400, "invalid", "TRD-E040", "context.userId is required");
        request.put("context", Map.of("patientId", 12, "userId", "Practitioner/1"));
        assertOutcome(call("trd-patient-view", request), 400, "invalid", "TRD-E040", "context.patientId must be a non-empty string");
    }

    @Test
    void orderHooksNeedDraftOrdersAndSelections() throws Exception {
        PatientFixture patient = patient();
        var order = patient.draftOrder("36437", "sertraline 50 MG Oral Tablet");
        assertOutcome(call("trd-order-sign", request("trd-order-sign", patient)), 400, "invalid", "TRD-E040",
                "context.draftOrders is required");
        assertOutcome(call("trd-order-select", request("trd-order-select", patient, Map.of("draftOrders", draftOrders(order)))),
                400, "invalid", "TRD-E040", "context.selections is required");
        assertOutcome(call("trd-order-select", request("trd-order-select", patient,
                        Map.of("draftOrders", draftOrders(order), "selections", "MedicationRequest/x"))),
                400, "invalid", "TRD-E040", "context.selections must be an array of strings");
        assertOutcome(call("trd-order-sign", request("trd-order-sign", patient, Map.of("draftOrders", PatientFixture.json(order)))),
                400, "invalid", "TRD-E040", "context.draftOrders must be a FHIR Bundle");
    }

    @Test
    void hookThatIsNotTheServicesIs400() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>(valid());
        request.put("hook", "order-sign");
        assertOutcome(call("trd-patient-view", request), 400, "invalid", "TRD-E040",
                "this service answers the 'patient-view' hook, not 'order-sign'");
    }

    @Test
    void questionnaireThatIsNotCompletedIs400() throws Exception {
        PatientFixture patient = patient();
        var response = patient.questionnaire(PatientFixture.TODAY, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        response.setStatus(org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        assertOutcome(call("trd-questionnaire-completed", request("trd-questionnaire-completed", patient,
                        Map.of("questionnaireResponse", PatientFixture.json(response)))),
                400, "invalid", "TRD-E040", "has status 'in-progress'");
    }

    @Test
    void prefetchWithAnInvalidPrimitiveIs400() throws Exception {
        Map<String, Object> request = valid();
        String observations = Json.write(prefetch(request).get("observations")).replace("\"valueInteger\":20", "\"valueInteger\":\"twenty\"");
        prefetch(request).put("observations", Json.parse(observations));
        assertOutcome(call("trd-patient-view", request), 400, "structure", "TRD-E030", "prefetch.observations is not valid FHIR R4");
    }

    @Test
    void prefetchWithAnImpossibleDateIs400() throws Exception {
        Map<String, Object> request = valid();
        String observations = Json.write(prefetch(request).get("observations")).replace("2026-02-23", "2026-02-30");
        prefetch(request).put("observations", Json.parse(observations));
        assertOutcome(call("trd-patient-view", request), 400, "structure", "TRD-E030", "prefetch.observations is not valid FHIR R4");
    }

    @Test
    void prefetchWithAnUnknownResourceTypeIs400() throws Exception {
        Map<String, Object> request = valid();
        prefetch(request).put("conditions", Map.of("resourceType", "Diagnosis", "id", "x"));
        assertOutcome(call("trd-patient-view", request), 400, "structure", "TRD-E030", "prefetch.conditions is not valid FHIR R4");
    }

    @Test
    void prefetchHoldingAnotherResourceTypeForItsKeyIs400() throws Exception {
        Map<String, Object> request = valid();
        prefetch(request).put("patient", Map.of("resourceType", "Condition", "id", "x"));
        assertOutcome(call("trd-patient-view", request), 400, "structure", "TRD-E030",
                "prefetch.patient holds a Condition where a Bundle or Patient was expected");
    }

    @Test
    void unknownElementsInPrefetchAreTolerated() throws Exception {
        Map<String, Object> request = valid();
        String observations = Json.write(prefetch(request).get("observations")).replace("\"status\":\"final\"", "\"status\":\"final\",\"vendorFlag\":true");
        prefetch(request).put("observations", Json.parse(observations));
        assertThat(call("trd-patient-view", request).status()).isEqualTo(200);
    }

    @Test
    void anHttpFhirServerIsRefusedUnlessAllowed() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>(valid());
        request.put("fhirServer", "http://ehr.example.org/fhir");
        assertOutcome(call("trd-patient-view", request), 400, "invalid", "TRD-E040", "'fhirServer' must use https");
        request.put("fhirServer", "not a url");
        assertOutcome(call("trd-patient-view", request), 400, "invalid", "TRD-E040", "'fhirServer'");
    }

    @Test
    void unknownServiceIs404() throws Exception {
        assertOutcome(call("no-such-service", valid()), 404, "not-found", "TRD-E041", "no CDS service with id 'no-such-service'");
    }

    @Test
    void missingPrefetchWithNoFhirServerIs412AndNamesTheData() throws Exception {
        Map<String, Object> request = valid();
        prefetch(request).remove("medicationStatements");
        assertOutcome(call("trd-patient-view", request), 412, "incomplete", "TRD-E031",
                "medicationStatements (MedicationStatement?patient={{context.patientId}})");
        assertThat(call("trd-patient-view", request).body()).contains("the request names no fhirServer");
        request.remove("prefetch");
        assertOutcome(call("trd-patient-view", request), 412, "incomplete", "TRD-E031", "patient (Patient/{{context.patientId}})");
    }

    @Test
    void prefetchAnsweredWithAnOperationOutcomeCountsAsMissing() throws Exception {
        Map<String, Object> request = valid();
        prefetch(request).put("conditions", Map.of("resourceType", "OperationOutcome",
                "issue", java.util.List.of(Map.of("severity", "error", "code", "timeout"))));
        assertOutcome(call("trd-patient-view", request), 412, "incomplete", "TRD-E031", "conditions");
    }

    @Test
    void bodyLargerThanTheLimitIs413() throws Exception {
        String huge = "{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        assertOutcome(post(PV, huge, "application/json"), 413, "too-long", "TRD-E042", "larger than the limit of 5242880 bytes");
    }

    @Test
    void contentTypeThatIsNotJsonIs415() throws Exception {
        assertOutcome(post(PV, Json.write(valid()), "text/plain"), 415, "not-supported", "TRD-E043", "'text/plain'");
        assertOutcome(post(PV, Json.write(valid()), null), 415, "not-supported", "TRD-E043", "absent");
    }

    @Test
    void fhirJsonMediaTypeIsAccepted() throws Exception {
        assertThat(post(PV, Json.write(valid()), "application/fhir+json; charset=utf-8").status()).isEqualTo(200);
    }

    @Test
    void theServerKeepsAnsweringAfterClientFaults() throws Exception {
        for (int i = 0; i < 20; i++) {
            post(PV, "{]", "application/json");
        }
        assertThat(call("trd-patient-view", valid()).status()).isEqualTo(200);
    }

    @Test
    void aPresentButInvalidTokenIs401EvenWhenAnonymousCallsAreAllowed() throws Exception {
        var response = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(PV)))
                .header("Authorization", "Bearer not.a.token").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Json.write(valid()))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Json.parse(response.body()).get("issue").get(0).get("code").asText()).isEqualTo("security");
    }

    @Test
    void jsonNestedDeeperThanTheBoundIs400() throws Exception {
        String deep = "{\"a\":".repeat(150) + "1" + "}".repeat(150);
        assertOutcome(post(PV, deep, "application/json"), 400, "invalid", "TRD-E040", "not valid JSON");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> prefetch(Map<String, Object> request) {
        return (Map<String, Object>) request.get("prefetch");
    }
}
