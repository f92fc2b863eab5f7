package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cqframework.cql.elm.serializing.ElmJsonLibraryReader;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.Library;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each library joined with what it includes: every name qualified by its library, every reference local,
 * and nothing a reference names missing from the joined library.
 */
class MergedLibrariesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> QUALIFIED_JSON = new TreeMap<>();
    private static final Map<String, Library> QUALIFIED = new TreeMap<>();

    @BeforeAll
    static void qualifyTheBuildsElm() throws Exception {
        ElmJsonLibraryReader reader = new ElmJsonLibraryReader();
        for (var elm : CompiledLogic.readElmJson().entrySet()) {
            JsonNode json = JSON.readTree(elm.getValue());
            MergedLibraries.qualifyNames(json);
            QUALIFIED_JSON.put(elm.getKey(), json);
            QUALIFIED.put(elm.getKey(), reader.read(JSON.writeValueAsString(json)));
        }
    }

    @Test
    void definitionsAndReferencesAreNamedByTheirLibrary() throws Exception {
        JsonNode elm = JSON.readTree("""
                {"library": {
                  "identifier": {"id": "Trials", "version": "1"},
                  "includes": {"def": [{"localIdentifier": "Common", "path": "TRDCommon", "version": "1"}]},
                  "codeSystems": {"def": [{"name": "LOINC", "id": "http://loinc.org"}]},
                  "codes": {"def": [{"name": "Total", "id": "44261-6", "codeSystem": {"name": "LOINC"}}]},
                  "statements": {"def": [
                    {"name": "Span", "expression": {"type": "FunctionRef", "libraryName": "Common", "name": "Days",
                      "operand": [{"type": "ExpressionRef", "name": "Start"}]}},
                    {"name": "Start", "expression": {"type": "InValueSet",
                      "code": {"type": "CodeRef", "name": "Total"},
                      "valueset": {"libraryName": "Common", "name": "Antidepressants"}},
                     "annotation": [{"t": [{"name": "libraryName", "value": "kept"}]}]}
                  ]}}}
                """);
        MergedLibraries.qualifyNames(elm);
        JsonNode library = elm.path("library");
        JsonNode span = library.path("statements").path("def").get(0);
        assertThat(span.path("name").asText()).isEqualTo("Trials.Span");
        assertThat(span.path("expression").path("name").asText()).isEqualTo("TRDCommon.Days");
        assertThat(span.path("expression").has("libraryName")).isFalse();
        assertThat(span.path("expression").path("operand").get(0).path("name").asText()).isEqualTo("Trials.Start");
        JsonNode start = library.path("statements").path("def").get(1);
        assertThat(start.path("expression").path("code").path("name").asText()).isEqualTo("Trials.Total");
        assertThat(start.path("expression").path("valueset").path("name").asText()).isEqualTo("TRDCommon.Antidepressants");
        assertThat(start.path("expression").path("valueset").has("libraryName")).isFalse();
        assertThat(start.path("annotation").get(0).path("t").get(0).path("name").asText()).isEqualTo("libraryName");
        assertThat(library.path("codeSystems").path("def").get(0).path("name").asText()).isEqualTo("Trials.LOINC");
        JsonNode total = library.path("codes").path("def").get(0);
        assertThat(total.path("name").asText()).isEqualTo("Trials.Total");
        assertThat(total.path("codeSystem").path("name").asText()).isEqualTo("Trials.LOINC");
        assertThat(library.path("includes").path("def").get(0).path("localIdentifier").asText()).isEqualTo("Common");
    }

    @Test
    void aReferenceToALibraryNotIncludedFailsStartUp() throws Exception {
        JsonNode elm = JSON.readTree("""
                {"library": {"identifier": {"id": "Trials"}, "statements": {"def": [
                  {"name": "Span", "expression": {"type": "ExpressionRef", "libraryName": "Common", "name": "Days"}}]}}}
                """);
        assertThatThrownBy(() -> MergedLibraries.qualifyNames(elm))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TRD-E001 Trials refers to library Common, which it does not include");
    }

    @Test
    void noReferenceInTheBuildsElmNamesALibraryAnyMore() {
        QUALIFIED_JSON.forEach((name, json) -> assertThat(namesALibrary(json.path("library")))
                .as(name).isFalse());
    }

    @Test
    void everyJoinedLibraryHoldsWhatItsReferencesName() {
        for (Library library : QUALIFIED.values()) {
            Library joined = MergedLibraries.join(library, QUALIFIED);
            String id = library.getIdentifier().getId();
            assertThat(joined.getIncludes()).as(id).isNull();
            Set<String> defined = new HashSet<>();
            joined.getStatements().getDef().forEach(def -> defined.add(def.getName()));
            joined.getCodeSystems().getDef().forEach(def -> defined.add(def.getName()));
            joined.getValueSets().getDef().forEach(def -> defined.add(def.getName()));
            joined.getCodes().getDef().forEach(def -> defined.add(def.getName()));
            List<String> referenced = new ArrayList<>();
            for (String part : reached(id)) {
                referencedNames(QUALIFIED_JSON.get(part).path("library").path("statements"), null, referenced);
                referencedNames(QUALIFIED_JSON.get(part).path("library").path("codes"), null, referenced);
            }
            assertThat(defined).as(id).containsAll(referenced);
            if (id.equals("TRDPatientView")) {
                assertThat(referenced).hasSizeGreaterThan(500); // the check above had something to check
            }
        }
    }

    @Test
    void theServiceLibraryHoldsEveryLibraryItReachesOnceAndSortedForTheEnginesSearch() {
        Library joined = MergedLibraries.join(QUALIFIED.get("TRDPatientView"), QUALIFIED);
        List<String> names = joined.getStatements().getDef().stream().map(ExpressionDef::getName).toList();
        assertThat(names).isSorted();
        assertThat(names).contains("TRDPatientView.Patient", "FHIRHelpers.ToConcept", "AdequateTrial.Patient",
                "TRDCommon.Patient", "PHQ9Scores.Latest PHQ-9");
        int held = 0;
        for (String library : reached("TRDPatientView")) {
            int own = QUALIFIED.get(library).getStatements().getDef().size();
            assertThat(names.stream().filter(name -> name.startsWith(library + "."))).as(library).hasSize(own);
            held += own;
        }
        assertThat(names).hasSize(held); // every define of every library it reaches, each once
        assertThat(joined.getStatements().getDef().stream().filter(def -> !(def instanceof FunctionDef)).map(ExpressionDef::getName))
                .doesNotHaveDuplicates(); // functions may be overloaded
        assertThat(joined.getValueSets().getDef()).extracting(def -> def.getName())
                .contains("TRDConcepts.PHQ-9 Total Score");
    }

    @Test
    void joinedLibrariesShareTheDefinitionsTheyHaveInCommon() {
        Library view = MergedLibraries.join(QUALIFIED.get("TRDPatientView"), QUALIFIED);
        Library orders = MergedLibraries.join(QUALIFIED.get("TRDOrderEntry"), QUALIFIED);
        ExpressionDef inView = find(view, "AdequateTrial.Patient");
        assertThat(find(orders, "AdequateTrial.Patient")).isSameAs(inView);
        assertThat(find(QUALIFIED.get("AdequateTrial"), "AdequateTrial.Patient")).isSameAs(inView);
    }

    private static ExpressionDef find(Library library, String name) {
        return library.getStatements().getDef().stream().filter(def -> def.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The library's id and those of every library it includes, directly or not. */
    private static Set<String> reached(String id) {
        Set<String> reached = new HashSet<>();
        List<String> next = new ArrayList<>(List.of(id));
        while (!next.isEmpty()) {
            String library = next.remove(next.size() - 1);
            if (reached.add(library)) {
                QUALIFIED_JSON.get(library).path("library").path("includes").path("def")
                        .forEach(include -> next.add(include.path("path").asText()));
            }
        }
        return reached;
    }

    private static boolean namesALibrary(JsonNode node) {
        if (node.has("libraryName")) {
            return true;
        }
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            if (!field.getKey().equals("annotation") && namesALibrary(field.getValue())) {
                return true;
            }
        }
        for (JsonNode element : node.isArray() ? node : JSON.createArrayNode()) {
            if (namesALibrary(element)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The names of the references below the node: to defines, functions, codes and value sets by type, and
     * the untyped ones (a code's code system, a membership test's value set) by the field that holds them.
     */
    private static void referencedNames(JsonNode node, String field, List<String> names) {
        if (node.isObject()) {
            String type = node.path("type").asText(null);
            if (type == null ? field != null && Set.of("codeSystem", "valueset").contains(field)
                    : Set.of("ExpressionRef", "FunctionRef", "CodeRef", "CodeSystemRef", "ValueSetRef").contains(type)) {
                names.add(node.path("name").asText());
            }
            node.fields().forEachRemaining(child -> {
                if (!child.getKey().equals("annotation")) {
                    referencedNames(child.getValue(), child.getKey(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> referencedNames(element, field, names));
        }
    }
}
