package org.trdcds.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What data a set of ELM libraries retrieves: one requirement per distinct retrieve, with the value set
 * or the codes it filters on. Read from the ELM JSON the build produced, so the Library resources'
 * {@code dataRequirement} and the discovery prefetch templates follow the CQL.
 *
 * <p>One requirement per retrieve, not per resource type: in FHIR the code filters of one
 * DataRequirement are AND'ed, so {@code [Condition: "Bipolar"]} and {@code [Condition: "Depression"]}
 * are two requirements, not one Condition requirement with two filters.
 */
public final class ElmDataRequirements {

    /**
     * One retrieve. Unfiltered when the retrieve has no code filter, or one that is not a plain value
     * set or code reference (then nothing can be said about the codes it wants).
     *
     * @param codePath the element the codes filter on ({@code code}, {@code medication}...); null when unfiltered
     * @param valueSet the canonical URL of the value set filtered on, or null
     * @param codes the codes filtered on, as {@code system|code}, sorted; empty with a value set
     */
    public record Requirement(String resourceType, String codePath, String valueSet, List<String> codes)
            implements Comparable<Requirement> {

        static Requirement unfiltered(String resourceType) {
            return new Requirement(resourceType, null, null, List.of());
        }

        public boolean isUnfiltered() {
            return codePath == null;
        }

        @Override
        public int compareTo(Requirement other) {
            return sortKey().compareTo(other.sortKey());
        }

        private String sortKey() {
            return resourceType + "\t" + (codePath == null ? "" : codePath) + "\t"
                    + (valueSet == null ? "" : valueSet) + "\t" + String.join(",", codes);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR_NS = "{http://hl7.org/fhir}";

    private final Map<String, JsonNode> librariesByName = new HashMap<>();

    /** @param elmJsonByName ELM JSON of every library, keyed by library name */
    public ElmDataRequirements(Map<String, String> elmJsonByName) {
        elmJsonByName.forEach((name, json) -> {
            try {
                librariesByName.put(name, JSON.readTree(json).path("library"));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable ELM for " + name, e);
            }
        });
    }

    /** The libraries the named one includes, itself first, transitively. */
    public List<String> closure(String libraryName) {
        Set<String> seen = new LinkedHashSet<>();
        collect(libraryName, seen);
        return List.copyOf(seen);
    }

    private void collect(String name, Set<String> seen) {
        JsonNode library = librariesByName.get(name);
        if (library == null || !seen.add(name)) {
            return;
        }
        for (JsonNode include : library.path("includes").path("def")) {
            collect(include.path("path").asText(), seen);
        }
    }

    /** Requirements of the named library and everything it includes: distinct, sorted by resource type. */
    public List<Requirement> of(String libraryName) {
        Set<Requirement> all = new TreeSet<>();
        for (String name : closure(libraryName)) {
            JsonNode library = librariesByName.get(name);
            walk(library, library.path("statements"), all);
        }
        return List.copyOf(all);
    }

    /**
     * Requirements of only the named defines of a library and of what they reference, transitively through
     * the included libraries: the effective data requirements of a PlanDefinition that uses those defines.
     */
    public List<Requirement> of(String libraryName, java.util.Collection<String> defines) {
        Set<Requirement> all = new TreeSet<>();
        Set<String> visited = new java.util.HashSet<>();
        java.util.ArrayDeque<String[]> pending = new java.util.ArrayDeque<>();
        defines.forEach(d -> pending.add(new String[] {libraryName, d}));
        while (!pending.isEmpty()) {
            String[] next = pending.pop();
            JsonNode library = librariesByName.get(next[0]);
            if (library == null || !visited.add(next[0] + "\u0000" + next[1])) {
                continue;
            }
            for (JsonNode def : library.path("statements").path("def")) {
                if (next[1].equals(def.path("name").asText())) {
                    walkReferences(library, def, all, pending);
                }
            }
        }
        return List.copyOf(all);
    }

    private void walkReferences(JsonNode library, JsonNode node, Set<Requirement> all, java.util.Deque<String[]> pending) {
        if (node.isObject()) {
            String type = node.path("type").asText();
            if ("Retrieve".equals(type)) {
                all.add(requirementOf(library, node));
            } else if (("ExpressionRef".equals(type) || "FunctionRef".equals(type)) && node.has("name")) {
                pending.add(new String[] {libraryNamed(library, node.path("libraryName").asText(null)), node.path("name").asText()});
            }
            node.forEach(child -> walkReferences(library, child, all, pending));
        } else if (node.isArray()) {
            node.forEach(child -> walkReferences(library, child, all, pending));
        }
    }

    /** The library an alias names from within a library (the library itself when there is no alias). */
    private String libraryNamed(JsonNode library, String alias) {
        if (alias == null) {
            return library.path("identifier").path("id").asText();
        }
        for (JsonNode include : library.path("includes").path("def")) {
            if (alias.equals(include.path("localIdentifier").asText())) {
                return include.path("path").asText();
            }
        }
        return alias;
    }

    private void walk(JsonNode library, JsonNode node, Set<Requirement> all) {
        if (node.isObject()) {
            if ("Retrieve".equals(node.path("type").asText())) {
                all.add(requirementOf(library, node));
            }
            node.forEach(child -> walk(library, child, all));
        } else if (node.isArray()) {
            node.forEach(child -> walk(library, child, all));
        }
    }

    private Requirement requirementOf(JsonNode library, JsonNode retrieve) {
        String type = retrieve.path("dataType").asText().replace(FHIR_NS, "");
        JsonNode codes = retrieve.path("codes");
        if (codes.isMissingNode()) {
            return Requirement.unfiltered(type);
        }
        Set<String> valueSets = new TreeSet<>();
        Set<String> codeList = new TreeSet<>();
        if (!addCodes(library, codes, valueSets, codeList) || valueSets.size() + (codeList.isEmpty() ? 0 : 1) != 1) {
            return Requirement.unfiltered(type); // an expression, or value sets and codes mixed: not one filter
        }
        String codePath = retrieve.path("codeProperty").asText("code");
        return valueSets.isEmpty()
                ? new Requirement(type, codePath, null, List.copyOf(codeList))
                : new Requirement(type, codePath, valueSets.iterator().next(), List.of());
    }

    /** @return false when the filter is not a plain value set or code reference */
    private boolean addCodes(JsonNode library, JsonNode codes, Set<String> valueSets, Set<String> codeList) {
        switch (codes.path("type").asText()) {
            case "ValueSetRef" -> {
                JsonNode def = definition(library, codes, "valueSets");
                if (def == null) {
                    return false;
                }
                valueSets.add(def.path("id").asText());
                return true;
            }
            case "CodeRef" -> {
                JsonNode owner = owner(library, codes);
                JsonNode def = find(owner.path("codes").path("def"), codes.path("name").asText());
                if (def == null) {
                    return false;
                }
                JsonNode system = find(owner.path("codeSystems").path("def"),
                        def.path("codeSystem").path("name").asText());
                codeList.add((system == null ? "" : system.path("id").asText()) + "|" + def.path("id").asText());
                return true;
            }
            case "ToList" -> {
                return addCodes(library, codes.path("operand"), valueSets, codeList);
            }
            case "List" -> {
                boolean all = true;
                for (JsonNode element : codes.path("element")) {
                    all &= addCodes(library, element, valueSets, codeList);
                }
                return all;
            }
            default -> {
                return false;
            }
        }
    }

    private JsonNode definition(JsonNode library, JsonNode ref, String section) {
        return find(owner(library, ref).path(section).path("def"), ref.path("name").asText());
    }

    /** The library that defines a reference: the current one, or the include named by its alias. */
    private JsonNode owner(JsonNode library, JsonNode ref) {
        String alias = ref.path("libraryName").asText(null);
        if (alias == null) {
            return library;
        }
        for (JsonNode include : library.path("includes").path("def")) {
            if (alias.equals(include.path("localIdentifier").asText())) {
                return librariesByName.getOrDefault(include.path("path").asText(), library);
            }
        }
        return library;
    }

    private static JsonNode find(JsonNode defs, String name) {
        for (JsonNode def : defs) {
            if (name.equals(def.path("name").asText())) {
                return def;
            }
        }
        return null;
    }
}
