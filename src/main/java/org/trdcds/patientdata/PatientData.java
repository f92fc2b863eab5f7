package org.trdcds.patientdata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;

/** Everything the service knows about one patient for one hook call: FHIR resources by type. */
public final class PatientData {

    private final String patientId;
    private final Map<String, List<Resource>> byType;

    private PatientData(String patientId, Map<String, List<Resource>> byType) {
        this.patientId = patientId;
        this.byType = byType;
    }

    public String patientId() {
        return patientId;
    }

    /** Resources of one FHIR type (for example {@code Observation}), in the order they arrived. */
    public List<Resource> ofType(String resourceType) {
        return byType.getOrDefault(resourceType, List.of());
    }

    public int size() {
        return byType.values().stream().mapToInt(List::size).sum();
    }

    public static Builder forPatient(String patientId) {
        return new Builder(patientId);
    }

    /** Collects resources; a resource with the same type and id as one already added replaces nothing. */
    public static final class Builder {
        private final String patientId;
        private final Map<String, List<Resource>> byType = new LinkedHashMap<>();
        private final java.util.Set<String> seen = new java.util.HashSet<>();

        private Builder(String patientId) {
            this.patientId = patientId;
        }

        public Builder add(Resource resource) {
            String type = resource.fhirType();
            if (resource.hasIdElement() && resource.getIdElement().hasIdPart()
                    && !seen.add(type + "/" + resource.getIdElement().getIdPart())) {
                return this;
            }
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(resource);
            return this;
        }

        public PatientData build() {
            Map<String, List<Resource>> frozen = new LinkedHashMap<>();
            byType.forEach((type, list) -> frozen.put(type, Collections.unmodifiableList(list)));
            return new PatientData(patientId, Collections.unmodifiableMap(frozen));
        }
    }
}
