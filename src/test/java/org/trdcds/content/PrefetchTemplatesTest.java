package org.trdcds.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/**
 * Contract "Files": prefetch templates narrowed by code must not drop data the service matches by other
 * means, and a large value set does not become a long code list.
 */
class PrefetchTemplatesTest {

    static final String LOINC = "http://loinc.org";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";

    private final Map<String, ValueSet> valueSets = new HashMap<>();
    private final Library library = new Library();

    private String templateFor(String type) {
        return new PrefetchTemplates(valueSets).forLibrary(library).get(PrefetchTemplates.keyFor(type)).query();
    }

    private ValueSet valueSet(String url, String system, int size) {
        ValueSet valueSet = new ValueSet().setUrl(url);
        for (int i = 1; i <= size; i++) {
            valueSet.getExpansion().addContains().setSystem(system).setCode("C" + i);
        }
        valueSets.put(url, valueSet);
        return valueSet;
    }

    private DataRequirement requirement(String type) {
        return library.addDataRequirement().setType(type);
    }

    @Test
    void thePatientIsReadById() {
        requirement("Patient");
        assertThat(new PrefetchTemplates(valueSets).forLibrary(library).get("patient").query())
                .isEqualTo("Patient/{{context.patientId}}");
    }

    @Test
    void smallValueSetsAndDirectCodesBecomeOneCodeList() {
        valueSet("http://x/vs/a", LOINC, 2);
        requirement("Observation").addCodeFilter().setPath("code").setValueSet("http://x/vs/a");
        requirement("Observation").addCodeFilter().setPath("code").addCode(new Coding(LOINC, "44261-6", null));
        assertThat(templateFor("Observation"))
                .isEqualTo("Observation?patient={{context.patientId}}&code=http://loinc.org|44261-6,"
                        + "http://loinc.org|C1,http://loinc.org|C2");
    }

    /** The server drops, unparsed, what the EHR sends beyond these codes: they must be exactly the query's. */
    @Test
    void aCodeListIsKeptForMatchingUnescapedAndOnlyWhereTheQueryNarrows() {
        valueSet("http://x/vs/a", "http://x/cs,odd", 1);
        requirement("Observation").addCodeFilter().setPath("code").setValueSet("http://x/vs/a");
        requirement("MedicationRequest").addCodeFilter().setPath("medication").addCode(new Coding("http://r", "1|2", null));
        requirement("Condition");
        var templates = new PrefetchTemplates(valueSets).forLibrary(library);
        var observations = templates.get("observations");
        assertThat(observations.query()).isEqualTo("Observation?patient={{context.patientId}}&code=http://x/cs\\,odd|C1");
        assertThat(observations.codes().element()).isEqualTo("code");
        assertThat(observations.codes().systemAndCode()).containsExactly("http://x/cs,odd|C1");
        assertThat(templates.get("medicationRequests").codes().element()).isEqualTo("medicationCodeableConcept");
        assertThat(templates.get("medicationRequests").codes().systemAndCode()).containsExactly("http://r|1|2");
        assertThat(templates.get("conditions").codes()).isNull();
        assertThat(templates.get("patient") == null || templates.get("patient").codes() == null).isTrue();
    }

    @Test
    void oneUnfilteredRetrieveKeepsTheTypeWide() {
        // e.g. medications matched by ingredient name in text: a code list would drop them
        valueSet("http://x/vs/a", LOINC, 2);
        requirement("MedicationStatement").addCodeFilter().setPath("medication").setValueSet("http://x/vs/a");
        requirement("MedicationStatement");
        assertThat(templateFor("MedicationStatement")).isEqualTo("MedicationStatement?patient={{context.patientId}}");
    }

    @Test
    void aLargeValueSetKeepsTheTypeWide() {
        valueSet("http://x/vs/small", ICD10, 10);
        valueSet("http://x/vs/large", ICD10, PrefetchTemplates.MAX_CODES + 1);
        requirement("Condition").addCodeFilter().setPath("code").setValueSet("http://x/vs/small");
        requirement("Condition").addCodeFilter().setPath("code").setValueSet("http://x/vs/large");
        assertThat(templateFor("Condition")).isEqualTo("Condition?patient={{context.patientId}}");
    }

    @Test
    void exactlyTheLimitIsStillAList() {
        valueSet("http://x/vs/limit", ICD10, PrefetchTemplates.MAX_CODES);
        requirement("Condition").addCodeFilter().setPath("code").setValueSet("http://x/vs/limit");
        assertThat(templateFor("Condition").split(",")).hasSize(PrefetchTemplates.MAX_CODES);
    }

    @Test
    void aValueSetThatIsNotShippedKeepsTheTypeWide() {
        requirement("Condition").addCodeFilter().setPath("code").setValueSet("http://elsewhere/vs/unknown");
        assertThat(templateFor("Condition")).isEqualTo("Condition?patient={{context.patientId}}");
    }

    @Test
    void filtersOnDifferentSearchParametersOrUnknownElementsKeepTheTypeWide() {
        valueSet("http://x/vs/a", LOINC, 1);
        requirement("Observation").addCodeFilter().setPath("code").setValueSet("http://x/vs/a");
        requirement("Observation").addCodeFilter().setPath("category").setValueSet("http://x/vs/a");
        assertThat(templateFor("Observation")).isEqualTo("Observation?patient={{context.patientId}}");
        library.getDataRequirement().clear();
        requirement("Observation").addCodeFilter().setPath("value").setValueSet("http://x/vs/a");
        assertThat(templateFor("Observation")).isEqualTo("Observation?patient={{context.patientId}}");
    }

    @Test
    void aMedicationFilterIsSearchedByCode() {
        requirement("MedicationRequest").addCodeFilter().setPath("medication")
                .addCode(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "36437", null));
        assertThat(templateFor("MedicationRequest"))
                .endsWith("&code=http://www.nlm.nih.gov/research/umls/rxnorm|36437");
    }

    @Test
    void separatorsInsideACodeAreEscaped() {
        assertThat(PrefetchTemplates.token("http://x.org/cs", "a,b|c$d\\e")).isEqualTo("http://x.org/cs|a\\,b\\|c\\$d\\\\e");
    }

    @Test
    void keysSayWhatTheyHold() {
        assertThat(PrefetchTemplates.keyFor("Observation")).isEqualTo("observations");
        assertThat(PrefetchTemplates.keyFor("AllergyIntolerance")).isEqualTo("allergyIntolerances");
        assertThat(PrefetchTemplates.keyFor("Patient")).isEqualTo("patients");
        assertThat(PrefetchTemplates.keyFor("MedicationStatement")).isEqualTo("medicationStatements");
        assertThat(PrefetchTemplates.keyFor("Family")).isEqualTo("families");
    }
}
