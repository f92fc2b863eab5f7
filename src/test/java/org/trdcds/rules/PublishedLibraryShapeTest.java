package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Library;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trdcds.rules.CqlCompiler.CompiledCql;
import org.trdcds.rules.ElmDataRequirements.Requirement;

/**
 * What {@link LibraryResourceWriter} publishes from the ELM, on a small library written for the purpose:
 * one {@code out} parameter per public define with its FHIR type, {@code in} parameters, and one data
 * requirement per retrieve (FHIR AND's the code filters of one DataRequirement).
 */
class PublishedLibraryShapeTest {

    static final String CQL = """
            // Title: Shape probe
            // Description: A library that uses each kind of result type once.
            library ShapeProbe version '1.2.3'
            using FHIR version '4.0.1'
            include FHIRHelpers version '4.0.1'
            codesystem "LOINC": 'http://loinc.org'
            valueset "Bipolar": 'http://example.org/ValueSet/bipolar'
            valueset "Depression": 'http://example.org/ValueSet/depression'
            code "PHQ-9 Total": '44261-6' from "LOINC"
            code "Item 9": '44260-8' from "LOINC"
            parameter "Measurement Period" Interval<DateTime>
            parameter "Threshold" Integer default 10
            context Patient
            define "Is Bipolar?": exists [Condition: "Bipolar"]
            define "Depressions": [Condition: "Depression"]
            define "Scores": [Observation: "PHQ-9 Total"] union [Observation: "Item 9"]
            define "Both Codes": [Observation: {"PHQ-9 Total", "Item 9"}]
            define "Statements": [MedicationStatement]
            define "Name": 'x'
            define "Count": 3
            define "Ratio": 0.5
            define "Day": @2026-06-01
            define "Moment": @2026-06-01T10:00:00
            define "Days": Interval[@2026-01-01, @2026-06-01]
            define "Scores Between": Interval[1, 27]
            define "Code": "PHQ-9 Total"
            define "Row": Tuple { date: @2026-06-01, total: 12 }
            define "Rows": { Tuple { date: @2026-06-01, total: 12 } }
            define "Item": First(First([QuestionnaireResponse]).item)
            define private "Hidden": 1
            define function "Twice"(value Integer): value * 2
            """;

    private static Map<String, CompiledCql> compiled;

    @BeforeAll
    static void compile(@TempDir Path cql) throws Exception {
        Files.writeString(cql.resolve("ShapeProbe.cql"), CQL);
        compiled = new CqlCompiler(cql).compileAll();
    }

    private static Library published() {
        Map<String, String> elm = new java.util.TreeMap<>();
        compiled.forEach((name, library) -> elm.put(name, library.elmJson()));
        return LibraryResourceWriter.toResource(compiled.get("ShapeProbe"), new ElmDataRequirements(elm), compiled);
    }

    @Test
    void everyPublicDefineIsAnOutParameterWithItsFhirType() {
        assertThat(published().getParameter())
                .extracting(p -> p.getName(), p -> p.getUse().toCode(), p -> p.getType(), p -> p.getMax())
                .containsExactlyInAnyOrder(
                        tuple("Measurement Period", "in", "Period", "1"),
                        tuple("Threshold", "in", "integer", "1"),
                        tuple("Patient", "out", "Patient", "1"),
                        tuple("Is Bipolar?", "out", "boolean", "1"),
                        tuple("Depressions", "out", "Condition", "*"),
                        tuple("Scores", "out", "Observation", "*"),
                        tuple("Both Codes", "out", "Observation", "*"),
                        tuple("Statements", "out", "MedicationStatement", "*"),
                        tuple("Name", "out", "string", "1"),
                        tuple("Count", "out", "integer", "1"),
                        tuple("Ratio", "out", "decimal", "1"),
                        tuple("Day", "out", "date", "1"),
                        tuple("Moment", "out", "dateTime", "1"),
                        tuple("Days", "out", "Period", "1"),
                        tuple("Scores Between", "out", "Range", "1"),
                        tuple("Code", "out", "Coding", "1"),
                        tuple("Row", "out", "Any", "1"),
                        tuple("Rows", "out", "Any", "*"),
                        tuple("Item", "out", "BackboneElement", "1"));
    }

    @Test
    void eachRetrieveIsItsOwnDataRequirement() {
        Map<String, String> elm = Map.of("ShapeProbe", compiled.get("ShapeProbe").elmJson());
        assertThat(new ElmDataRequirements(elm).of("ShapeProbe")).containsExactly(
                new Requirement("Condition", "code", "http://example.org/ValueSet/bipolar", List.of()),
                new Requirement("Condition", "code", "http://example.org/ValueSet/depression", List.of()),
                new Requirement("MedicationStatement", null, null, List.of()),
                new Requirement("Observation", "code", null, List.of("http://loinc.org|44260-8")),
                new Requirement("Observation", "code", null, List.of("http://loinc.org|44260-8", "http://loinc.org|44261-6")),
                new Requirement("Observation", "code", null, List.of("http://loinc.org|44261-6")),
                new Requirement("Patient", null, null, List.of()),
                new Requirement("QuestionnaireResponse", null, null, List.of()));
        assertThat(published().getDataRequirement()).allSatisfy(requirement ->
                assertThat(requirement.getCodeFilter()).as("one filter, or none, per requirement").hasSizeLessThanOrEqualTo(1));
    }

    @Test
    void theMetadataIsThatOfAShareableComputableLibrary() {
        Library library = published();
        assertThat(library.getUrl()).isEqualTo("http://trd-cds.org/fhir/Library/ShapeProbe");
        assertThat(library.getVersion()).isEqualTo("1.2.3");
        assertThat(library.getName()).isEqualTo("ShapeProbe");
        assertThat(library.getTitle()).isEqualTo("Shape probe");
        assertThat(library.getDescription()).isEqualTo("A library that uses each kind of result type once.");
        assertThat(library.getType().getCodingFirstRep().getCode()).isEqualTo("logic-library");
        assertThat(library.getRelatedArtifact()).extracting(a -> a.getResource())
                .containsExactly("http://fhir.org/guides/cqf/common/Library/FHIRHelpers|4.0.1");
        assertThat(library.getContent()).extracting(a -> a.getContentType())
                .containsExactly("text/cql", "application/elm+json");
    }
}
