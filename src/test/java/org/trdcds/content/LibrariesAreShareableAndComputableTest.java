package org.trdcds.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ParameterDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published Library has the CRMI shareable and computable shape (without claiming the profiles,
 * which we do not ship: stack-notes trap 12): its metadata, its dependencies, one {@code out} parameter
 * per public define of its ELM, data requirements on shipped value sets, and the CQL with its ELM.
 */
class LibrariesAreShareableAndComputableTest {

    static final String FHIR_HELPERS = "http://fhir.org/guides/cqf/common/Library/FHIRHelpers";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> libraries() {
        List<Path> files = PublishedArtifacts.filesUnder("library");
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void isShareable(Path file) {
        Library library = PublishedArtifacts.read(file, Library.class);
        assertThat(library.getUrl()).isEqualTo("http://trd-cds.org/fhir/Library/" + library.getName());
        assertThat(library.getIdElement().getIdPart()).isEqualTo(library.getName());
        assertThat(file.getFileName().toString()).isEqualTo("Library-" + library.getName() + ".json");
        assertThat(library.getVersion()).isNotBlank();
        assertThat(library.getTitle()).as("a human title, from the CQL's '// Title:' header").isNotBlank()
                .isNotEqualTo(library.getName());
        assertThat(library.getDescription()).as("from the CQL's '// Description:' header").isNotBlank();
        assertThat(library.hasStatus()).isTrue();
        assertThat(library.hasExperimental()).isTrue();
        assertThat(library.getPublisher()).isNotBlank();
        assertThat(library.getType().getCoding()).anySatisfy(coding -> {
            assertThat(coding.getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/library-type");
            assertThat(coding.getCode()).isEqualTo("logic-library");
        });
        assertThat(library.getMeta().getProfile()).as("no profile claimed that is not shipped").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void isComputable(Path file) throws Exception {
        Library library = PublishedArtifacts.read(file, Library.class);
        assertThat(library.getContent()).extracting(Attachment::getContentType)
                .containsExactly("text/cql", "application/elm+json");
        assertThat(library.getContent()).allSatisfy(content -> assertThat(content.getData()).isNotEmpty());
        JsonNode elm = JSON.readTree(new String(library.getContent().get(1).getData(), StandardCharsets.UTF_8)).path("library");
        assertThat(elm.path("identifier").path("id").asText()).isEqualTo(library.getName());
        assertThat(elm.path("identifier").path("version").asText()).isEqualTo(library.getVersion());

        Map<String, Library> shipped = PublishedArtifacts.libraries();
        Set<String> dependencies = new TreeSet<>();
        for (RelatedArtifact artifact : library.getRelatedArtifact()) {
            assertThat(artifact.getType()).isEqualTo(RelatedArtifact.RelatedArtifactType.DEPENDSON);
            String[] canonical = artifact.getResource().split("\\|", 2);
            assertThat(canonical).as("versioned canonical").hasSize(2);
            dependencies.add(canonical[0]);
            if (!canonical[0].equals(FHIR_HELPERS)) {
                assertThat(shipped).as(artifact.getResource() + " is shipped").containsKey(canonical[0]);
                assertThat(shipped.get(canonical[0]).getVersion()).isEqualTo(canonical[1]);
            }
        }
        for (JsonNode include : elm.path("includes").path("def")) {
            String path = include.path("path").asText();
            assertThat(dependencies).as("depends-on " + path)
                    .contains(path.equals("FHIRHelpers") ? FHIR_HELPERS : "http://trd-cds.org/fhir/Library/" + path);
        }

        Set<String> publicDefines = new TreeSet<>();
        for (JsonNode define : elm.path("statements").path("def")) {
            if (!"FunctionDef".equals(define.path("type").asText()) && !"Private".equals(define.path("accessLevel").asText())) {
                publicDefines.add(define.path("name").asText());
            }
        }
        Set<String> outs = new TreeSet<>();
        for (ParameterDefinition parameter : library.getParameter()) {
            assertThat(parameter.getType()).as(parameter.getName()).isNotBlank();
            assertThat(parameter.getMax()).isIn("1", "*");
            if (parameter.getUse() == ParameterDefinition.ParameterUse.OUT) {
                assertThat(outs.add(parameter.getName())).as("one out parameter per define").isTrue();
            }
        }
        assertThat(outs).as("one out parameter per public define").isEqualTo(publicDefines);

        Set<String> valueSets = PublishedArtifacts.valueSetUrls();
        for (DataRequirement requirement : library.getDataRequirement()) {
            assertThat(requirement.getCodeFilter()).as("code filters of one requirement are AND'ed: one per retrieve")
                    .hasSizeLessThanOrEqualTo(1);
            requirement.getCodeFilter().stream().filter(DataRequirement.DataRequirementCodeFilterComponent::hasValueSet)
                    .forEach(filter -> assertThat(valueSets).as("ValueSet shipped").contains(filter.getValueSet()));
        }
    }
}
