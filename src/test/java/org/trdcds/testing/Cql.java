package org.trdcds.testing;

import ca.uhn.fhir.context.FhirContext;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.trdcds.content.ContentCatalog;
import org.trdcds.patientdata.PatientData;
import org.trdcds.rules.RuleEngine;
import org.trdcds.rules.RuleResults;

/** The real rule engine over the build's ELM and the shipped value sets, for CQL-level tests. */
public final class Cql {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    public static final ContentCatalog CONTENT = new ContentCatalog(FHIR);
    public static final RuleEngine ENGINE = new RuleEngine(FHIR, CONTENT.valueSets());

    private Cql() {}

    public static RuleResults evaluate(String library, PatientData data, String... defines) {
        return ENGINE.evaluate(library, new LinkedHashSet<>(List.of(defines)), data, PatientFixture.TODAY, ZoneOffset.UTC);
    }

    public static Object value(String library, String define, PatientFixture patient) {
        return evaluate(library, patient.data(), define).value(define);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
