package org.trdcds.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.Library;

/**
 * Each library joined with everything it includes into one library, as the running server evaluates it.
 * The engine looks up the included library again on every reference that names one (a define, function,
 * code or value set of another library: {@code Common."Days"(...)}, every FHIRHelpers conversion), and
 * once more per include, recursively, at each evaluation: in an in-process profile, 29% of what an evaluation
 * allocated and about 7% of its CPU (issue 7). In one library every reference is local, and ~100-resource
 * evaluations allocate 2,948 -> ~2,030 KB.
 *
 * <p>The names stay unique because every definition is named by its library: {@code define "Days"} of
 * TRDCommon becomes {@code "TRDCommon.Days"} and every reference to it, qualified or from inside TRDCommon,
 * says so. The CQL, the ELM the build writes and the published Library resources are unchanged: this
 * happens to the parsed ELM at start-up, and the joined libraries share the definitions' objects.
 */
final class MergedLibraries {

    /** ELM references, by type, that name a definition (and, when it is in another library, that library). */
    private static final Set<String> REFERENCE_TYPES = Set.of(
            "ExpressionRef", "FunctionRef", "ParameterRef", "CodeSystemRef", "ValueSetRef", "CodeRef", "ConceptRef");
    /** Fields whose value is a reference without a {@code type} (it is implied by the field). */
    private static final Set<String> UNTYPED_REFERENCE_FIELDS = Set.of("codeSystem", "codesystem", "valueset", "system", "code");
    /** The library's lists of named definitions. */
    private static final List<String> DEFINITION_LISTS = List.of(
            "statements", "parameters", "codeSystems", "valueSets", "codes", "concepts");

    private MergedLibraries() {}

    /** The name a definition of {@code libraryId} has in the joined libraries. */
    static String qualifiedName(String libraryId, String name) {
        return libraryId + "." + name;
    }

    /**
     * Renames, in one library's ELM JSON ({@code {"library": ...}}, changed in place), every definition and
     * every reference by library, and drops the library names from the references.
     *
     * @throws IllegalStateException when a reference names a library the library does not include
     */
    static void qualifyNames(JsonNode elm) {
        JsonNode library = elm.path("library");
        String libraryId = library.path("identifier").path("id").asText();
        Map<String, String> includedIds = new HashMap<>();
        for (JsonNode include : library.path("includes").path("def")) {
            includedIds.put(include.path("localIdentifier").asText(), include.path("path").asText());
        }
        for (String list : DEFINITION_LISTS) {
            for (JsonNode definition : library.path(list).path("def")) {
                ((ObjectNode) definition).put("name", qualifiedName(libraryId, definition.path("name").asText()));
            }
        }
        for (String list : DEFINITION_LISTS) {
            qualifyReferences(library.path(list), null, libraryId, includedIds);
        }
    }

    private static void qualifyReferences(JsonNode node, String field, String libraryId, Map<String, String> includedIds) {
        if (node.isArray()) {
            node.forEach(element -> qualifyReferences(element, field, libraryId, includedIds));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        boolean reference = object.has("type")
                ? REFERENCE_TYPES.contains(object.get("type").asText())
                : field != null && UNTYPED_REFERENCE_FIELDS.contains(field) && object.has("name");
        if (reference) {
            String owner = libraryId;
            if (object.hasNonNull("libraryName")) {
                owner = includedIds.get(object.get("libraryName").asText());
                if (owner == null) {
                    throw new IllegalStateException("TRD-E001 " + libraryId + " refers to library "
                            + object.get("libraryName").asText() + ", which it does not include");
                }
                object.remove("libraryName");
            }
            object.put("name", qualifiedName(owner, object.get("name").asText()));
        } else if (object.has("libraryName")) {
            throw new IllegalStateException("TRD-E001 " + libraryId + " has a reference of type "
                    + object.path("type").asText("(none)") + " in " + field + " that this server cannot join");
        }
        object.fields().forEachRemaining(entry -> {
            if (!entry.getKey().equals("annotation")) {
                qualifyReferences(entry.getValue(), entry.getKey(), libraryId, includedIds);
            }
        });
    }

    /**
     * The library joined with everything it includes, directly or not, from libraries whose names were
     * qualified ({@link #qualifyNames}), by library id. The definitions are the same objects as theirs.
     */
    static Library join(Library library, Map<String, Library> qualifiedById) {
        Map<String, Library> reached = new LinkedHashMap<>();
        collect(library, qualifiedById, reached);
        List<Library> parts = List.copyOf(reached.values());
        List<ExpressionDef> statements = definitions(parts, Library::getStatements, Library.Statements::getDef);
        statements.sort(Comparator.comparing(ExpressionDef::getName)); // the engine finds a define by binary search
        return new Library()
                .withIdentifier(library.getIdentifier())
                .withSchemaIdentifier(library.getSchemaIdentifier())
                .withUsings(library.getUsings())
                .withContexts(library.getContexts())
                .withStatements(new Library.Statements().withDef(statements))
                .withCodeSystems(new Library.CodeSystems().withDef(
                        definitions(parts, Library::getCodeSystems, Library.CodeSystems::getDef)))
                .withValueSets(new Library.ValueSets().withDef(definitions(parts, Library::getValueSets, Library.ValueSets::getDef)))
                .withCodes(new Library.Codes().withDef(definitions(parts, Library::getCodes, Library.Codes::getDef)))
                .withConcepts(new Library.Concepts().withDef(definitions(parts, Library::getConcepts, Library.Concepts::getDef)))
                .withParameters(new Library.Parameters().withDef(
                        definitions(parts, Library::getParameters, Library.Parameters::getDef)));
    }

    /** One kind of definition ({@code section}: statements, codes...) of every part, in the parts' order. */
    private static <S, D> List<D> definitions(List<Library> parts, Function<Library, S> section, Function<S, List<D>> defs) {
        List<D> all = new ArrayList<>();
        for (Library part : parts) {
            S definitions = section.apply(part);
            if (definitions != null) {
                all.addAll(defs.apply(definitions));
            }
        }
        return all;
    }

    private static void collect(Library library, Map<String, Library> qualifiedById, Map<String, Library> reached) {
        String id = library.getIdentifier().getId();
        if (reached.putIfAbsent(id, library) != null) {
            return;
        }
        if (library.getIncludes() == null) {
            return;
        }
        for (var include : library.getIncludes().getDef()) {
            Library included = qualifiedById.get(include.getPath());
            if (included == null) {
                throw new IllegalStateException("TRD-E001 " + id + " includes " + include.getPath() + ", which was not compiled");
            }
            collect(included, qualifiedById, reached);
        }
    }
}
