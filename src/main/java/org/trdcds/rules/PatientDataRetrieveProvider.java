package org.trdcds.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.retrieve.RetrieveProvider;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.trdcds.patientdata.PatientData;

/**
 * Answers the CQL engine's retrieves from the patient's data in memory: by resource type, filtered by
 * code or value set when the retrieve names one. No date filters are applied here; the CQL does those.
 * One provider serves one thread's engine; it is pointed at each patient in turn.
 */
final class PatientDataRetrieveProvider implements RetrieveProvider {

    private final ShippedTerminology terminology;
    private final R4FhirModelResolver modelResolver;
    private PatientData data;

    PatientDataRetrieveProvider(ShippedTerminology terminology, R4FhirModelResolver modelResolver) {
        this.terminology = terminology;
        this.modelResolver = modelResolver;
    }

    void setPatientData(PatientData data) {
        this.data = data;
    }

    @Override
    public Iterable<Object> retrieve(String context, String contextPath, Object contextValue, String dataType,
                                     String templateId, String codePath, Iterable<Code> codes, String valueSet,
                                     String datePath, String dateLowPath, String dateHighPath, Interval dateRange) {
        List<Resource> candidates = data.ofType(dataType);
        if (codePath == null || (codes == null && valueSet == null)) {
            return new ArrayList<>(candidates);
        }
        Set<String> wanted = null;
        if (codes != null) {
            wanted = new HashSet<>();
            for (Code code : codes) {
                wanted.add(code.getSystem() + "|" + code.getCode());
            }
        }
        List<Object> matches = new ArrayList<>();
        for (Resource resource : candidates) {
            Object value = modelResolver.resolvePath(resource, codePath);
            if (anyCodingMatches(value, wanted, valueSet)) {
                matches.add(resource);
            }
        }
        return matches;
    }

    private boolean anyCodingMatches(Object value, Set<String> wanted, String valueSet) {
        if (value instanceof Iterable<?> values) {
            for (Object element : values) {
                if (anyCodingMatches(element, wanted, valueSet)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof CodeableConcept concept) {
            for (Coding coding : concept.getCoding()) {
                if (matches(coding.getSystem(), coding.getCode(), wanted, valueSet)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof Coding coding) {
            return matches(coding.getSystem(), coding.getCode(), wanted, valueSet);
        }
        if (value instanceof CodeType code) {
            return matches(null, code.getValue(), wanted, valueSet);
        }
        return false;
    }

    private boolean matches(String system, String code, Set<String> wanted, String valueSet) {
        if (code == null) {
            return false;
        }
        if (wanted != null && wanted.contains(system + "|" + code)) {
            return true;
        }
        return valueSet != null && terminology.contains(valueSet, system, code);
    }
}
