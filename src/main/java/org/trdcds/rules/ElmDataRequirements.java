package org.trdcds.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What data a set of ELM libraries retrieves: one entry per FHIR resource type, with the value sets
 * and codes its retrieves filter on. Read from the ELM JSON the build produced, so the Library
 * resources' {@code dataRequirement} and the discovery prefetch templates follow the CQL.
 */
public final class ElmDataRequirements {

    /** The retrieves of one resource type: unfiltered if any retrieve of it has no code filter. */
    public record TypeRequirement(String resourceType, String codePath, boolean unfiltered,
                                  java.util.List<String> valueSets, java.util.List<String> codes) {}

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

    /** Requirements of the named library and everything it includes, sorted by resource type. */
    public Collection<TypeRequirement> of(String libraryName) {
        Map<String, Builder> byType = new java.util.TreeMap<>();
        for (String name : closure(libraryName)) {
            JsonNode library = librariesByName.get(name);
            walk(library, library.path("statements"), byType);
        }
        List<TypeRequirement> result = new ArrayList<>();
        byType.values().forEach(b -> result.add(b.build()));
        return result;
    }

    /**
     * Requirements of only the named defines of a library and of what they reference, transitively (the
     * effective data requirements of a PlanDefinition that uses those defines).
     */
    public Collection<TypeRequirement> of(String libraryName, Collection<String> defines) {
        Map<String, Builder> byType = new java.util.TreeMap<>();
        Set<String> visited = new java.util.HashSet<>();
        java.util.ArrayDeque<String[]> pending = new java.util.ArrayDeque<>();
        defines.forEach(d -> pending.add(new String[] {libraryName, d}));
        while (!pending.isEmpty()) {
            String[] next = pending.pop();
            if (!visited.add(next[0] + "\u0000" + next[1])) {
                continue;
            }
            JsonNode library = librariesByName.get(next[0]);
            if (library == null) {
                continue;
            }
            for (JsonNode def : library.path("statements").path("def")) {
                if (next[1].equals(def.path("name").asText())) {
                    walkReferences(library, def, byType, pending);
                }
            }
        }
        List<TypeRequirement> result = new ArrayList<>();
        byType.values().forEach(b -> result.add(b.build()));
        return result;
    }

    private void walkReferences(JsonNode library, JsonNode node, Map<String, Builder> byType,
                                java.util.Deque<String[]> pending) {
        if (node.isObject()) {
            String type = node.path("type").asText();
            if ("Retrieve".equals(type)) {
                addRetrieve(library, node, byType);
            } else if (("ExpressionRef".equals(type) || "FunctionRef".equals(type)) && node.has("name")) {
                pending.add(new String[] {libraryNamed(library, node.path("libraryName").asText(null)), node.path("name").asText()});
            }
            node.forEach(child -> walkReferences(library, child, byType, pending));
        } else if (node.isArray()) {
            node.forEach(child -> walkReferences(library, child, byType, pending));
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

    private void walk(JsonNode library, JsonNode node, Map<String, Builder> byType) {
        if (node.isObject()) {
            if ("Retrieve".equals(node.path("type").asText())) {
                addRetrieve(library, node, byType);
            }
            node.forEach(child -> walk(library, child, byType));
        } else if (node.isArray()) {
            node.forEach(child -> walk(library, child, byType));
        }
    }

    private void addRetrieve(JsonNode library, JsonNode retrieve, Map<String, Builder> byType) {
        String type = retrieve.path("dataType").asText().replace(FHIR_NS, "");
        Builder builder = byType.computeIfAbsent(type, Builder::new);
        JsonNode codes = retrieve.path("codes");
        if (codes.isMissingNode()) {
            builder.unfiltered = true;
            return;
        }
        builder.codePath = retrieve.path("codeProperty").asText("code");
        if (!addCodes(library, codes, builder)) {
            builder.unfiltered = true;
        }
    }

    /** @return false when the filter is not a plain value set or code reference */
    private boolean addCodes(JsonNode library, JsonNode codes, Builder builder) {
        switch (codes.path("type").asText()) {
            case "ValueSetRef" -> {
                JsonNode def = definition(library, codes, "valueSets");
                if (def == null) {
                    return false;
                }
                builder.valueSets.add(def.path("id").asText());
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
                builder.codes.add((system == null ? "" : system.path("id").asText()) + "|" + def.path("id").asText());
                return true;
            }
            case "ToList" -> {
                return addCodes(library, codes.path("operand"), builder);
            }
            case "List" -> {
                boolean all = true;
                for (JsonNode element : codes.path("element")) {
                    all &= addCodes(library, element, builder);
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

    private static final class Builder {
        final String type;
        String codePath;
        boolean unfiltered;
        final Set<String> valueSets = new TreeSet<>();
        final Set<String> codes = new TreeSet<>();

        Builder(String type) {
            this.type = type;
        }

        TypeRequirement build() {
            return new TypeRequirement(type, codePath, unfiltered, List.copyOf(valueSets), List.copyOf(codes));
        }
    }
}
