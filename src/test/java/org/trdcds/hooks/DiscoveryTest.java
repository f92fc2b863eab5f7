package org.trdcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.CdsHooksRules;
import org.trdcds.testing.HttpTestSupport;

/** GET /cds-services: one service per hook, each with prefetch templates for all the data it needs. */
class DiscoveryTest extends HttpTestSupport {

    static final String OBSERVATIONS = "Observation?patient={{context.patientId}}&code=http://loinc.org|44260-8,"
            + "http://loinc.org|44261-6,http://trd-cds.org/fhir/CodeSystem/depression-scales|hamd-17-total,"
            + "http://trd-cds.org/fhir/CodeSystem/depression-scales|madrs-total,"
            + "http://trd-cds.org/fhir/CodeSystem/depression-scales|qids-sr16-total";

    @Test
    void listsOneServicePerHookWithItsPrefetchTemplates() throws Exception {
        Answer answer = get("/cds-services");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode discovery = answer.json();
        CdsHooksRules.assertNoNullOrEmptyMembers(discovery, "discovery");
        assertThat(discovery.size()).isEqualTo(1);
        List<String> ids = new ArrayList<>();
        for (JsonNode service : discovery.get("services")) {
            ids.add(service.get("id").asText());
            assertThat(service.get("title").asText()).isNotBlank();
            assertThat(service.get("description").asText()).isNotBlank();
            JsonNode prefetch = service.get("prefetch");
            assertThat(prefetch.get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
            assertThat(prefetch.get("conditions").asText()).isEqualTo("Condition?patient={{context.patientId}}");
            assertThat(prefetch.get("medicationStatements").asText()).isEqualTo("MedicationStatement?patient={{context.patientId}}");
            assertThat(prefetch.get("allergyIntolerances").asText()).isEqualTo("AllergyIntolerance?patient={{context.patientId}}");
            assertThat(prefetch.get("questionnaireResponses").asText()).isEqualTo("QuestionnaireResponse?patient={{context.patientId}}");
            assertThat(prefetch.get("observations").asText()).isEqualTo(OBSERVATIONS);
            prefetch.fields().forEachRemaining(entry -> assertThat(entry.getValue().asText())
                    .as("only {{context.*}} tokens").doesNotContainPattern("\\{\\{(?!context\\.patientId}})"));
        }
        assertThat(ids).containsExactly("trd-order-select", "trd-order-sign", "trd-patient-view", "trd-questionnaire-completed");
        assertThat(hookOf(discovery, "trd-patient-view")).isEqualTo("patient-view");
        assertThat(hookOf(discovery, "trd-order-select")).isEqualTo("order-select");
        assertThat(hookOf(discovery, "trd-order-sign")).isEqualTo("order-sign");
        assertThat(hookOf(discovery, "trd-questionnaire-completed")).isEqualTo("org.trd-cds.questionnaire-completed");
        assertThat(serviceNamed(discovery, "trd-order-sign").get("prefetch").get("medicationRequests").asText())
                .isEqualTo("MedicationRequest?patient={{context.patientId}}");
        assertThat(serviceNamed(discovery, "trd-patient-view").get("prefetch").has("medicationRequests")).isFalse();
    }

    @Test
    void healthIsUpOnlyWithTheEngineWarm() throws Exception {
        Answer health = get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().path("components").path("cql").path("status").asText()).isEqualTo("UP");
    }

    private static JsonNode serviceNamed(JsonNode discovery, String id) {
        for (JsonNode service : discovery.get("services")) {
            if (service.get("id").asText().equals(id)) {
                return service;
            }
        }
        throw new AssertionError("no service " + id);
    }

    private static String hookOf(JsonNode discovery, String id) {
        return serviceNamed(discovery, id).get("hook").asText();
    }
}
