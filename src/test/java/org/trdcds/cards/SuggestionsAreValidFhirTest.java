package org.trdcds.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.HttpTestSupport;
import org.trdcds.testing.PatientFixture;

/** Every resource a suggestion asks the EHR to create is valid FHIR R4 (HAPI's validator, offline). */
class SuggestionsAreValidFhirTest extends HttpTestSupport {

    static FhirValidator validator;

    @BeforeAll
    static void validator() {
        FhirContext fhir = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    @Test
    void augmentationAndReferralSuggestionsAreValidResources() throws Exception {
        PatientFixture patient = PatientFixture.patient().condition("F33.2", daysAgo(1200)).twoFailedTrials()
                .condition("R37", daysAgo(30)).condition("E11.9", daysAgo(900))
                .observation(PatientFixture.LOINC, "44259-0", daysAgo(5), 2).observation(PatientFixture.LOINC, "44251-7", daysAgo(5), 2)
                .takes("sertraline", "36437", 100, daysAgo(100)).and().phq9(daysAgo(98), 20).phq9(daysAgo(5), 14);
        Answer answer = call("trd-patient-view", request("trd-patient-view", patient));
        List<JsonNode> resources = new ArrayList<>();
        answer.json().get("cards").forEach(card -> card.path("suggestions").forEach(s -> s.get("actions").forEach(a -> {
            if (a.has("resource")) {
                resources.add(a.get("resource"));
            }
        })));
        // bupropion, mirtazapine, T3, lithium, aripiprazole, quetiapine, olanzapine/fluoxetine and the rTMS referral
        assertThat(resources).hasSize(8);
        for (JsonNode resource : resources) {
            ValidationResult result = validator.validateWithResult(resource.toString());
            List<String> errors = new ArrayList<>();
            for (SingleValidationMessage message : result.getMessages()) {
                if (message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
                    errors.add(message.getLocationString() + " " + message.getMessage());
                }
            }
            assertThat(errors).as(resource.toString()).isEmpty();
        }
    }

    @Test
    void theValidatorRejectsABrokenRequest() {
        ValidationResult result = validator.validateWithResult(
                "{\"resourceType\":\"MedicationRequest\",\"status\":\"someday\",\"subject\":{\"reference\":\"Patient/1\"}}");
        assertThat(result.getMessages()).anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
    }

    @Test
    void aDeleteSuggestionNamesTheDraftOrderByRelativeReference() throws Exception {
        PatientFixture patient = PatientFixture.patient().condition("G40.909", daysAgo(500));
        var order = patient.draftService("http://www.ama-assn.org/go/cpt", "90867");
        Answer answer = call("trd-order-sign", request("trd-order-sign", patient, Map.of("draftOrders", draftOrders(order))));
        JsonNode action = answer.json().get("cards").get(0).get("suggestions").get(0).get("actions").get(0);
        assertThat(action.get("type").asText()).isEqualTo("delete");
        assertThat(action.get("resourceId").asText()).matches("ServiceRequest/[A-Za-z0-9\\-.]+");
        assertThat(action.has("resource")).isFalse();
    }
}
