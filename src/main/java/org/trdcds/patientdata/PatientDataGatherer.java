package org.trdcds.patientdata;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
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

    private final ResourceReader reader;
    private final FhirServerFetcher fetcher;

    public PatientDataGatherer(FhirContext fhirContext, FhirServerFetcher fetcher) {
        this.reader = new ResourceReader(fhirContext);
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
            UnaskedEntries.drop(value, key.getValue());
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
     * Parses one resource of the request ({@link ResourceReader#read}): the hook's context resources are read
     * with it too.
     * @throws InvalidPatientDataException when it is not valid FHIR R4
     */
    public Resource parse(JsonNode json, String where) {
        return reader.read(json, where);
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
