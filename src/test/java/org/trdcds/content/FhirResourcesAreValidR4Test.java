package org.trdcds.content;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trdcds.testing.FhirContentFiles;
import org.trdcds.testing.FhirR4Validator;
import org.trdcds.testing.FhirR4Validator.Problem;

/**
 * Every FHIR resource in {@code fhir-resources/} (content and the examples' patient Bundles, not the CDS
 * Hooks JSON) is valid FHIR R4 for HAPI's validator, offline. Any error fails, with its file, location
 * and message; warnings and information pass, and so do codes of LOINC, SNOMED CT, RxNorm, ICD-10-CM, CPT
 * and HCPCS that cannot be looked up offline. The second half proves that the check can fail.
 */
class FhirResourcesAreValidR4Test {

    private static final String TEST_VALUE_SET = "http://trd-cds.org/fhir/ValueSet/test-bipolar-by-hierarchy";
    private static FhirR4Validator validator;

    @BeforeAll
    static void buildValidatorOnce() {
        validator = FhirR4Validator.forShippedContent();
    }

    static Stream<Path> fhirResources() {
        List<Path> files = FhirContentFiles.fhirResources();
        assertThat(files).as("fhir-resources/ holds PlanDefinitions, Libraries, vocabulary and patient Bundles")
                .hasSizeGreaterThan(40);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fhirResources")
    void isValidFhirR4(Path file) {
        List<Problem> errors = validator.errors(file);
        assertThat(errors).as("FHIR R4 validation errors in " + file + ":\n" + lines(errors)).isEmpty();
    }

    // --- the check can fail ---

    @Test
    void aCqlIdentifierLanguageIsAnError() throws Exception {
        // stack-notes trap 10: HAPI 8.8.0 knows text/cql, not text/cql-identifier
        String plan = Files.readString(Path.of("fhir-resources/plandefinition/PlanDefinition-trd-patient-view.json"))
                .replaceFirst("\"language\"\\s*:\\s*\"text/cql\"", "\"language\": \"text/cql-identifier\"");
        List<Problem> errors = validator.errors("broken PlanDefinition", plan);
        assertThat(errors).anySatisfy(problem -> {
            assertThat(problem.location()).isEqualTo("PlanDefinition.action[0].condition[0].expression.language");
            assertThat(problem.message()).contains("text/cql-identifier");
        });
    }

    @Test
    void aProfileThatIsNotShippedIsAnError() throws Exception {
        // stack-notes trap 12: claiming a CRMI profile that the validator cannot load
        String library = Files.readString(Path.of("fhir-resources/library/Library-TRDConfig.json"))
                .replaceFirst("\"resourceType\"\\s*:\\s*\"Library\",", "\"resourceType\": \"Library\", \"meta\": {\"profile\": "
                        + "[\"http://hl7.org/fhir/uv/crmi/StructureDefinition/crmi-shareablelibrary\"]},");
        assertThat(validator.errors("Library claiming CRMI", library))
                .anySatisfy(problem -> assertThat(problem.message()).contains("crmi-shareablelibrary"));
    }

    @Test
    void aBrokenPatientBundleIsAnErrorWithItsLocation() throws Exception {
        String bundle = Files.readString(Path.of("fhir-resources/examples/patient-view-nonresponse-switch.patient.json"))
                .replaceFirst("\"status\"\\s*:\\s*\"final\"", "\"status\": \"done\"");
        List<Problem> errors = validator.errors("broken bundle", bundle);
        assertThat(errors).anySatisfy(problem -> {
            assertThat(problem.location()).startsWith("Bundle.entry[").endsWith(".status");
            assertThat(problem.message()).contains("done");
        });
    }

    @Test
    void aResourceWithoutItsRequiredElementsIsAnError() {
        String valueSet = "{\"resourceType\": \"ValueSet\", \"url\": \"http://trd-cds.org/fhir/ValueSet/x\"}";
        assertThat(validator.errors("ValueSet without status", valueSet))
                .anySatisfy(problem -> assertThat(problem.location()).isEqualTo("ValueSet"));
    }

    /**
     * Membership in our ValueSets is answered from their shipped expansions (stack-notes trap 11). A
     * ValueSet whose compose is a SNOMED CT and ICD-10-CM hierarchy cannot be expanded offline; a profile
     * of our own that binds Condition.code to it still accepts F31.81 (listed in the shipped expansion) and
     * rejects F33.2 (not listed).
     */
    @Test
    void ourOwnProfilesAndShippedExpansionsAreUsed() throws Exception {
        List<Resource> content = new ArrayList<>(FhirR4Validator.shippedContent());
        content.add(bipolarByHierarchy(FhirContext.forR4Cached()));
        content.add(bipolarConditionProfile());
        FhirR4Validator withProfile = new FhirR4Validator(content);
        assertThat(withProfile.errors("bipolar", conditionCoded("F31.81"))).isEmpty();
        assertThat(withProfile.errors("depression", conditionCoded("F33.2")))
                .anySatisfy(problem -> assertThat(problem.location()).startsWith("Condition.code"));
    }

    /** The shipped bipolar-disorder ValueSet, its compose replaced by hierarchies: only its expansion lists codes. */
    private static ValueSet bipolarByHierarchy(FhirContext fhir) throws Exception {
        ValueSet valueSet = (ValueSet) fhir.newJsonParser().parseResource(
                Files.readString(Path.of("fhir-resources/vocabulary/valueset/ValueSet-bipolar-disorder.json")));
        valueSet.setId("test-bipolar-by-hierarchy");
        valueSet.setUrl(TEST_VALUE_SET);
        valueSet.getCompose().getInclude().clear();
        valueSet.getCompose().addInclude().setSystem("http://snomed.info/sct").addFilter()
                .setProperty("concept").setOp(ValueSet.FilterOperator.ISA).setValue("13746004");
        valueSet.getCompose().addInclude().setSystem("http://hl7.org/fhir/sid/icd-10-cm").addFilter()
                .setProperty("concept").setOp(ValueSet.FilterOperator.ISA).setValue("F31");
        return valueSet;
    }

    private static StructureDefinition bipolarConditionProfile() {
        StructureDefinition profile = new StructureDefinition();
        profile.setId("test-bipolar-condition");
        profile.setUrl("http://trd-cds.org/fhir/StructureDefinition/test-bipolar-condition");
        profile.setName("TestBipolarCondition");
        profile.setStatus(Enumerations.PublicationStatus.DRAFT);
        profile.setKind(StructureDefinition.StructureDefinitionKind.RESOURCE);
        profile.setAbstract(false);
        profile.setType("Condition");
        profile.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Condition");
        profile.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
        var code = profile.getDifferential().addElement().setPath("Condition.code").setMin(1);
        code.setId("Condition.code");
        code.getBinding().setStrength(Enumerations.BindingStrength.REQUIRED)
                .setValueSet(TEST_VALUE_SET);
        return profile;
    }

    private static String conditionCoded(String icd10) {
        return """
                {"resourceType": "Condition", "id": "c1",
                 "meta": {"profile": ["http://trd-cds.org/fhir/StructureDefinition/test-bipolar-condition"]},
                 "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "%s"}]},
                 "subject": {"reference": "Patient/p1"}}""".formatted(icd10);
    }

    private static String lines(List<Problem> problems) {
        StringBuilder out = new StringBuilder();
        problems.forEach(problem -> out.append("  ").append(problem).append('\n'));
        return out.toString();
    }
}
