package org.trdcds.cards;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Applies an ActivityDefinition for one patient, as {@code ActivityDefinition/$apply} would for the kinds we
 * use: a draft MedicationRequest (product, dosage) or a draft ServiceRequest (code), for the EHR to create.
 */
final class SuggestedResources {

    private final FhirContext fhirContext;
    private final ObjectMapper json = new ObjectMapper();

    SuggestedResources(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    Resource apply(ActivityDefinition activity, String patientId) {
        Reference subject = new Reference("Patient/" + patientId);
        Resource resource = switch (activity.getKind()) {
            case MEDICATIONREQUEST -> {
                MedicationRequest request = new MedicationRequest();
                request.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
                request.setIntent(MedicationRequest.MedicationRequestIntent.fromCode(intent(activity)));
                request.setMedication(activity.getProductCodeableConcept());
                request.setSubject(subject);
                request.setDosageInstruction(activity.getDosage());
                request.setInstantiatesCanonical(java.util.List.of(new org.hl7.fhir.r4.model.CanonicalType(activity.getUrl())));
                yield request;
            }
            case SERVICEREQUEST -> {
                ServiceRequest request = new ServiceRequest();
                request.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
                request.setIntent(ServiceRequest.ServiceRequestIntent.fromCode(intent(activity)));
                request.setCode(activity.getCode());
                request.setSubject(subject);
                request.setInstantiatesCanonical(java.util.List.of(new org.hl7.fhir.r4.model.CanonicalType(activity.getUrl())));
                if (activity.hasDescription()) {
                    request.addNote(new Annotation().setText(activity.getDescription()));
                }
                yield request;
            }
            default -> throw new IllegalStateException("TRD-E005 ActivityDefinition kind not supported: " + activity.getKind());
        };
        return resource;
    }

    JsonNode toJson(Resource resource) {
        try {
            return json.readTree(fhirContext.newJsonParser().encodeResourceToString(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String intent(ActivityDefinition activity) {
        return activity.hasIntent() ? activity.getIntent().toCode() : "proposal";
    }
}
