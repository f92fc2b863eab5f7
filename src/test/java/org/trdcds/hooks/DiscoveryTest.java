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

    /** Narrowed to the codes the CQL retrieves: BMI, PHQ-9 items 3/4/5/9 and total, pregnancy status, BP, scales. */
    static final String OBSERVATIONS = "Observation?patient={{context.patientId}}&code=http://loinc.org|39156-5,"
            + "http://loinc.org|44251-7,http://loinc.org|44254-1,http://loinc.org|44259-0,http://loinc.org|44260-8,"
            + "http://loinc.org|44261-6,http://loinc.org|82810-3,http://loinc.org|85354-9,"
            + "http://trd-cds.org/fhir/CodeSystem/depression-scales|hamd-17-total,"
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
            if (!service.get("id").asText().equals("trd-questionnaire-completed")) {
                assertThat(prefetch.get("observations").asText()).isEqualTo(OBSERVATIONS);
            }
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
        // each service asks only for what the defines of its PlanDefinition retrieve
        assertThat(serviceNamed(discovery, "trd-patient-view").get("prefetch").get("procedures").asText())
                .isEqualTo("Procedure?patient={{context.patientId}}&code=http://www.ama-assn.org/go/cpt|90870,http://www.ama-assn.org/go/cpt|90871");
        assertThat(serviceNamed(discovery, "trd-patient-view").get("prefetch").has("serviceRequests")).isFalse();
        assertThat(serviceNamed(discovery, "trd-order-sign").get("prefetch").get("serviceRequests").asText())
                .isEqualTo("ServiceRequest?patient={{context.patientId}}");
        assertThat(serviceNamed(discovery, "trd-order-sign").get("prefetch").has("procedures")).isFalse();
        JsonNode questionnaire = serviceNamed(discovery, "trd-questionnaire-completed").get("prefetch");
        assertThat(questionnaire.has("procedures")).isFalse();
        assertThat(questionnaire.has("medicationRequests")).isFalse();
        assertThat(questionnaire.get("observations").asText()).doesNotContain("85354-9").contains("44261-6");
    }

    @Test
    void healthIsUpOnlyWithTheEngineWarm() throws Exception {
        // The engine warms on its own thread while the server starts: health is DOWN (503) until it is done.
        Answer health = get("/actuator/health");
        for (long deadline = System.nanoTime() + 60_000_000_000L; health.status() == 503 && System.nanoTime() < deadline; ) {
            assertThat(health.json().path("components").path("cql").path("status").asText()).isEqualTo("DOWN");
            Thread.sleep(100);
            health = get("/actuator/health");
        }
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
