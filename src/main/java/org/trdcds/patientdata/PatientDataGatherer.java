package org.trdcds.patientdata;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.trdcds.content.ServiceDefinition.PrefetchTemplate;

/**
 * Gathers the patient's data for one hook call from what the EHR sent: each declared prefetch key
 * (a Bundle, a single resource, {@code null} for "no data", or an OperationOutcome / absence for
 * "not prefetched"), plus the resources of the hook's context (draft orders, a completed questionnaire).
 * Resources that belong to another patient are dropped.
 */
public final class PatientDataGatherer {

    private final FhirContext fhirContext;
    private final FhirServerFetcher fetcher;

    public PatientDataGatherer(FhirContext fhirContext, FhirServerFetcher fetcher) {
        this.fhirContext = fhirContext;
        this.fetcher = fetcher;
    }

    /**
     * @param declared the prefetch templates the service declares, by key
     * @param prefetch the request's {@code prefetch} object (may be null or missing)
     * @param contextResources resources from the hook context, already parsed ({@link #parse}), each Bundle's
     *                         entries added one by one
     * @param server where missing keys may be fetched from; null when the request names no FHIR server
     * @throws InvalidPatientDataException when something sent is not valid FHIR R4 for its key (400)
     * @throws MissingPatientDataException when declared data was neither prefetched nor fetchable (412)
     */
    public PatientData gather(String patientId, Map<String, PrefetchTemplate> declared, JsonNode prefetch,
                              List<Resource> contextResources, FhirServerAccess server) {
        PatientData.Builder builder = PatientData.forPatient(patientId);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, PrefetchTemplate> key : declared.entrySet()) {
            JsonNode value = prefetch == null ? null : prefetch.get(key.getKey());
            if (value == null || value.isMissingNode()) {
                missing.add(key.getKey());
                continue;
            }
            if (value.isNull()) {
                continue; // the EHR says: no such data
            }
            Resource resource = parse(value, "prefetch." + key.getKey());
            if (resource instanceof OperationOutcome) {
                missing.add(key.getKey());
            } else if (resource instanceof Bundle bundle) {
                addEntries(builder, bundle, patientId);
            } else if (resource.fhirType().equals(key.getValue().resourceType())) {
                addIfForPatient(builder, resource, patientId);
            } else {
                throw new InvalidPatientDataException("prefetch." + key.getKey() + " holds a " + resource.fhirType()
                        + " where a Bundle or " + key.getValue().resourceType() + " was expected");
            }
        }
        if (!missing.isEmpty()) {
            if (server == null) {
                throw new MissingPatientDataException(missing, declared, false);
            }
            Map<String, PrefetchTemplate> toFetch = new java.util.LinkedHashMap<>();
            missing.forEach(key -> toFetch.put(key, declared.get(key)));
            FhirServerFetcher.Result fetched = fetcher.fetch(server, toFetch, patientId);
            if (!fetched.failedKeys().isEmpty()) {
                throw new MissingPatientDataException(fetched.failedKeys(), declared, true);
            }
            fetched.resources().values().forEach(list -> list.forEach(r -> addIfForPatient(builder, r, patientId)));
        }
        contextResources.forEach(resource -> {
            if (resource instanceof Bundle bundle) {
                addEntries(builder, bundle, patientId);
            } else {
                addIfForPatient(builder, resource, patientId);
            }
        });
        return builder.build();
    }

    /**
     * Parses one resource, tolerating unknown elements and small structural slips, not invalid values. HAPI
     * reads the request's JSON tree as it is: the body is tokenised once per call, not once more per resource.
     * The narratives are removed from the tree first ({@link #dropNarratives}).
     */
    public Resource parse(JsonNode json, String where) {
        if (!(json instanceof ObjectNode object)) {
            throw new InvalidPatientDataException(where + " is not a FHIR resource (a JSON object)");
        }
        dropNarratives(object);
        IJsonLikeParser parser = (IJsonLikeParser) fhirContext.newJsonParser()
                .setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(true));
        JacksonStructure tree = new JacksonStructure();
        tree.setNativeObject(object);
        try {
            return (Resource) parser.parseResource(tree);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidPatientDataException(where + " is not valid FHIR R4: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Removes the narrative ({@code text}, the human-readable XHTML of a resource) of a resource, of the
     * resources it contains and, in a Bundle, of its entries' resources. No rule reads a narrative, and HAPI
     * parses each one as XHTML with a parser that first fills a table of 2,000 HTML entities: narratives made a
     * call for a patient of 100 resources five times as costly. Only a resource's own {@code text} is removed;
     * the {@code text} of a CodeableConcept or an answer, which rules do read, is inside other objects.
     */
    static void dropNarratives(ObjectNode resource) {
        resource.remove("text");
        for (JsonNode contained : resource.path("contained")) {
            if (contained instanceof ObjectNode containedResource) {
                dropNarratives(containedResource);
            }
        }
        if ("Bundle".equals(resource.path("resourceType").asText())) {
            for (JsonNode entry : resource.path("entry")) {
                if (entry.get("resource") instanceof ObjectNode entryResource) {
                    dropNarratives(entryResource);
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.replaceFirst("^HAPI-\\d+: ", "");
    }

    private static void addEntries(PatientData.Builder builder, Bundle bundle, String patientId) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() != null && !(entry.getResource() instanceof OperationOutcome)) {
                addIfForPatient(builder, entry.getResource(), patientId);
            }
        }
    }

    private static void addIfForPatient(PatientData.Builder builder, Resource resource, String patientId) {
        if (isForPatient(resource, patientId)) {
            builder.add(resource);
        }
    }

    /** False only when the resource names a different patient; a resource that names none is kept. */
    static boolean isForPatient(Resource resource, String patientId) {
        if (resource instanceof Patient patient) {
            return !patient.getIdElement().hasIdPart() || patientId.equals(patient.getIdElement().getIdPart());
        }
        for (String name : new String[] {"subject", "patient"}) {
            Property property = resource.getNamedProperty(name);
            if (property == null || !property.hasValues()) {
                continue;
            }
            for (Base value : property.getValues()) {
                if (value instanceof Reference reference && reference.getReferenceElement().hasIdPart()
                        && "Patient".equals(reference.getReferenceElement().getResourceType())) {
                    return patientId.equals(reference.getReferenceElement().getIdPart());
                }
            }
        }
        return true;
    }
}
