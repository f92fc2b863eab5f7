package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;

/** The cached resolver answers exactly as the engine's own, path by path and type by type. */
class CachedFhirModelResolverTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final R4FhirModelResolver ENGINE = new R4FhirModelResolver(FHIR);
    private static final CachedFhirModelResolver CACHED = new CachedFhirModelResolver(FHIR);

    private static List<Resource> resources() {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "44261-6", "PHQ-9 total")).setText("PHQ-9"));
        observation.setEffective(new DateTimeType("2026-05-01"));
        observation.setValue(new IntegerType(14));
        MedicationStatement statement = new MedicationStatement();
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "312940", "sertraline 50 MG")));
        statement.getDateAssertedElement().addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                new org.hl7.fhir.r4.model.CodeType("unknown")); // a primitive with no value: reads as null
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.addItem().setLinkId("44250-9").addAnswer().setValue(new IntegerType(2));
        return List.of(observation, statement, response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"status", "code", "code.coding", "code.coding.code", "code.text.value", "status.value",
            "effective", "value", "value.value", "medication", "medication.coding.display", "item", "item.linkId",
            "item[0].linkId", "item.answer", "subject", "subject.reference", "nosuchelement", "code.nosuchelement",
            "valueInteger", "valueQuantity", "effectiveDateTime", "effectivePeriod", "medicationCodeableConcept",
            "medicationReference", "item.answer.value", "item.answer.valueInteger", "item.answer.valueCoding", "Observation",
            "MedicationStatement", "id", "meta", "dateAsserted", "dateAsserted.extension", "status.extension", "status.nosuchelement", "code.coding.display.value"})
    void pathsResolveAsTheEngineResolvesThem(String path) {
        for (Resource resource : resources()) {
            Object expected;
            try {
                expected = ENGINE.resolvePath(resource, path);
            } catch (RuntimeException e) {
                assertThatThrownBy(() -> CACHED.resolvePath(resource, path)).isInstanceOf(e.getClass());
                continue;
            }
            Object actual = CACHED.resolvePath(resource, path);
            assertThat(String.valueOf(actual)).as(resource.fhirType() + "." + path).isEqualTo(String.valueOf(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Observation", "CodeableConcept", "dateTime", "ObservationStatus", "MedicationStatementStatus",
            "QuestionnaireResponse.Item", "FHIR.Coding"})
    void typesResolveAsTheEngineResolvesThemTwice(String typeName) {
        assertThat(CACHED.resolveType(typeName)).isEqualTo(ENGINE.resolveType(typeName));
        assertThat(CACHED.resolveType(typeName)).isEqualTo(ENGINE.resolveType(typeName));
    }

    @Test
    void anUnknownTypeFailsEveryTime() {
        assertThatThrownBy(() -> CACHED.resolveType("NoSuchFhirType")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CACHED.resolveType("NoSuchFhirType")).isInstanceOf(RuntimeException.class);
    }

    /** The types scanned at start-up are exactly the ones the CQL retrieves: a new retrieve must be added there. */
    @Test
    void scansTheResourceTypesTheLogicRetrieves() throws Exception {
        java.util.Map<String, String> elm = CompiledLogic.readElmJson();
        ElmDataRequirements requirements = new ElmDataRequirements(elm);
        java.util.Set<String> retrieved = new java.util.TreeSet<>();
        for (String library : elm.keySet()) {
            requirements.of(library).forEach(requirement -> retrieved.add(requirement.resourceType()));
        }
        assertThat(CachedFhirModelResolver.RETRIEVED_TYPES).containsExactlyInAnyOrderElementsOf(retrieved);
    }

    /**
     * Every FHIR type our libraries name still resolves, on demand, to the class the engine's resolver gives.
     * FHIRHelpers is left out: it names every FHIR type for its overloads, which the engine picks by their ELM
     * signature without resolving a type, and a few of those names are ambiguous in HAPI (the same enumeration
     * name nested in two resources), resolved by whichever resource happened to be scanned first.
     */
    @Test
    void typesNotScannedAtStartStillResolveAsTheEngineResolvesThem() throws Exception {
        CachedFhirModelResolver fresh = new CachedFhirModelResolver(FhirContext.forR4());
        R4FhirModelResolver engine = new R4FhirModelResolver(FhirContext.forR4());
        java.util.Set<String> named = new java.util.TreeSet<>();
        java.util.regex.Pattern fhirType = java.util.regex.Pattern.compile("\\{http://hl7.org/fhir\\}([A-Za-z]+)\"");
        CompiledLogic.readElmJson().forEach((library, elm) -> {
            if (!library.equals("FHIRHelpers")) {
                fhirType.matcher(elm).results().forEach(match -> named.add(match.group(1)));
            }
        });
        assertThat(named).contains("Period", "Quantity", "SimpleQuantity", "Dosage", "MedicationStatementStatus", "uuid");
        for (String type : named) {
            if (type.equals("uuid")) {
                // The engine registers a subclass of HAPI's UuidType, and its full scan sometimes replaces it with
                // HAPI's own, depending on scan order: either way a parsed uuid (a UuidType) is what it names.
                assertThat(fresh.resolveType(type)).isEqualTo(org.hl7.fhir.r4.model.UuidType.class);
                assertThat(engine.resolveType(type)).isAssignableTo(org.hl7.fhir.r4.model.UuidType.class);
            } else {
                assertThat(fresh.resolveType(type)).as(type).isEqualTo(engine.resolveType(type));
            }
        }
    }
}
