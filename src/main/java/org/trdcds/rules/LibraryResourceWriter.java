package org.trdcds.rules;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ParameterDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.trdcds.rules.CqlCompiler.CompiledCql;
import org.trdcds.rules.ElmDataRequirements.Requirement;

/**
 * Writes one FHIR Library per CQL library in the CRMI shareable and computable shape: url, version,
 * name, title, description, status, type, the libraries it depends on, its parameters (one {@code out}
 * per public define, with its FHIR type), its data requirements, and the CQL with its ELM as content.
 * Output is deterministic, so a stale Library shows up as a diff.
 */
final class LibraryResourceWriter {

    static final String CANONICAL_BASE = "http://trd-cds.org/fhir/Library/";
    static final String FHIR_HELPERS = "http://fhir.org/guides/cqf/common/Library/FHIRHelpers";

    private final Path directory;

    LibraryResourceWriter(Path directory) {
        this.directory = directory;
    }

    void writeAll(Map<String, CompiledCql> compiled) throws IOException {
        Files.createDirectories(directory);
        Map<String, String> elm = new TreeMap<>();
        compiled.forEach((name, library) -> elm.put(name, library.elmJson()));
        ElmDataRequirements requirements = new ElmDataRequirements(elm);
        FhirContext fhir = FhirContext.forR4Cached();
        for (CompiledCql library : compiled.values()) {
            if (library.cql() == null) {
                continue; // FHIRHelpers is HL7's, published by HL7
            }
            String json = fhir.newJsonParser().setPrettyPrint(true)
                    .encodeResourceToString(toResource(library, requirements, compiled));
            Files.writeString(directory.resolve("Library-" + library.name() + ".json"), json + "\n");
        }
        System.out.println("[trd-cds] wrote Library resources to " + directory);
    }

    static Library toResource(CompiledCql library, ElmDataRequirements requirements,
                              Map<String, CompiledCql> all) {
        Library resource = new Library();
        resource.setId(library.name());
        resource.setUrl(CANONICAL_BASE + library.name());
        resource.setVersion(library.version());
        resource.setName(library.name());
        resource.setTitle(titleOf(library.cql(), library.name()));
        resource.setStatus(PublicationStatus.ACTIVE);
        resource.setExperimental(false);
        resource.setPublisher("trd-cds");
        resource.setDescription(descriptionOf(library.cql(), library.name()));
        resource.setType(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/library-type", "logic-library", "Logic Library")));
        for (String included : requirements.closure(library.name())) {
            if (included.equals(library.name())) {
                continue;
            }
            CompiledCql dependency = all.get(included);
            String url = dependency.cql() == null ? FHIR_HELPERS : CANONICAL_BASE + included;
            resource.addRelatedArtifact(new RelatedArtifact()
                    .setType(RelatedArtifact.RelatedArtifactType.DEPENDSON)
                    .setResource(url + "|" + dependency.version()));
        }
        for (ElmParameters.Parameter parameter : ElmParameters.of(library.elmJson())) {
            resource.addParameter(new ParameterDefinition()
                    .setName(parameter.name())
                    .setUse(ParameterDefinition.ParameterUse.fromCode(parameter.use()))
                    .setMin(0)
                    .setMax(parameter.max())
                    .setType(parameter.type()));
        }
        for (Requirement requirement : requirements.of(library.name())) {
            DataRequirement dataRequirement = new DataRequirement().setType(requirement.resourceType());
            dataRequirement.addProfile("http://hl7.org/fhir/StructureDefinition/" + requirement.resourceType());
            if (requirement.valueSet() != null) {
                dataRequirement.addCodeFilter().setPath(requirement.codePath()).setValueSet(requirement.valueSet());
            } else if (!requirement.codes().isEmpty()) {
                var filter = dataRequirement.addCodeFilter().setPath(requirement.codePath());
                for (String code : requirement.codes()) {
                    String[] parts = code.split("\\|", 2);
                    filter.addCode(new Coding().setSystem(parts[0]).setCode(parts[1]));
                }
            }
            resource.addDataRequirement(dataRequirement);
        }
        resource.addContent(new Attachment().setContentType("text/cql")
                .setData(library.cql().getBytes(StandardCharsets.UTF_8)));
        resource.addContent(new Attachment().setContentType("application/elm+json")
                .setData(library.elmJson().getBytes(StandardCharsets.UTF_8)));
        return resource;
    }

    /** The first line of the library's header comment, e.g. {@code // Title: PHQ-9 scores}. */
    private static String titleOf(String cql, String fallback) {
        return headerField(cql, "Title:", fallback);
    }

    private static String descriptionOf(String cql, String fallback) {
        return headerField(cql, "Description:", fallback);
    }

    private static String headerField(String cql, String field, String fallback) {
        for (String line : cql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("//") && trimmed.substring(2).strip().startsWith(field)) {
                return trimmed.substring(2).strip().substring(field.length()).strip();
            }
        }
        return fallback;
    }
}
