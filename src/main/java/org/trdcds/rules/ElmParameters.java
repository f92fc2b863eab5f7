package org.trdcds.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a library takes and gives, in FHIR terms: one {@code in} parameter per CQL parameter and one
 * {@code out} parameter per public define (functions are not values and are left out), each with the
 * FHIR type of its CQL result type. Read from the result types the translator records in the ELM JSON
 * ({@code resultTypeName}, {@code resultTypeSpecifier}), so the published Library says what the CQL says.
 */
final class ElmParameters {

    /** One Library.parameter: {@code use} is in or out, {@code max} is "1" or "*". */
    record Parameter(String name, String use, String type, String max) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM_NS = "{urn:hl7-org:elm-types:r1}";
    private static final String FHIR_NS = "{http://hl7.org/fhir}";
    /** FHIR's abstract "any type": for tuples and choices, which have no FHIR data type of their own. */
    static final String ANY = "Any";

    private static final Map<String, String> SYSTEM_TYPES = Map.ofEntries(
            Map.entry("Boolean", "boolean"),
            Map.entry("String", "string"),
            Map.entry("Integer", "integer"),
            Map.entry("Long", "string"), // R4 has no 64-bit integer; string keeps every digit
            Map.entry("Decimal", "decimal"),
            Map.entry("Date", "date"),
            Map.entry("DateTime", "dateTime"),
            Map.entry("Time", "time"),
            Map.entry("Quantity", "Quantity"),
            Map.entry("Ratio", "Ratio"),
            Map.entry("Code", "Coding"),
            Map.entry("Concept", "CodeableConcept"),
            Map.entry("Any", ANY));

    private ElmParameters() {}

    /** The parameters of one library, CQL parameters first, then defines, each in ELM order. */
    static List<Parameter> of(String elmJson) {
        JsonNode library;
        try {
            library = JSON.readTree(elmJson).path("library");
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable ELM", e);
        }
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode parameter : library.path("parameters").path("def")) {
            if (isPublic(parameter)) {
                parameters.add(parameter(parameter, "in", typeNode(parameter, "parameterTypeSpecifier")));
            }
        }
        for (JsonNode define : library.path("statements").path("def")) {
            if (!"FunctionDef".equals(define.path("type").asText()) && isPublic(define)) {
                parameters.add(parameter(define, "out", typeNode(define, null)));
            }
        }
        return parameters;
    }

    private static boolean isPublic(JsonNode definition) {
        return !"Private".equals(definition.path("accessLevel").asText("Public"));
    }

    /** The node that carries the type: a name, a type specifier, or (for Patient) the retrieve it is. */
    private static JsonNode typeNode(JsonNode definition, String specifierField) {
        if (definition.hasNonNull("resultTypeName") || definition.hasNonNull("resultTypeSpecifier")) {
            return definition;
        }
        if (specifierField != null && definition.hasNonNull(specifierField)) {
            return definition.get(specifierField);
        }
        // the translator leaves the type off the implicit "Patient" define: SingletonFrom([Patient])
        JsonNode expression = definition.path("expression");
        if ("SingletonFrom".equals(expression.path("type").asText())
                && "Retrieve".equals(expression.path("operand").path("type").asText())) {
            return JSON.createObjectNode().put("resultTypeName", expression.path("operand").path("dataType").asText());
        }
        return JSON.createObjectNode();
    }

    private static Parameter parameter(JsonNode definition, String use, JsonNode typed) {
        String name = definition.path("name").asText();
        JsonNode specifier = typed.hasNonNull("resultTypeSpecifier") ? typed.get("resultTypeSpecifier") : typed;
        if ("ListTypeSpecifier".equals(specifier.path("type").asText())) {
            return new Parameter(name, use, fhirType(specifier.path("elementType")), "*");
        }
        if (typed.hasNonNull("resultTypeName")) {
            return new Parameter(name, use, fhirType(typed.get("resultTypeName").asText()), "1");
        }
        return new Parameter(name, use, fhirType(specifier), "1");
    }

    /** The FHIR type of a CQL type specifier (the element type, for a list of lists). */
    static String fhirType(JsonNode specifier) {
        return switch (specifier.path("type").asText()) {
            case "NamedTypeSpecifier" -> fhirType(specifier.path("name").asText());
            case "ListTypeSpecifier" -> fhirType(specifier.path("elementType"));
            case "IntervalTypeSpecifier" -> intervalType(specifier.path("pointType"));
            default -> ANY; // tuples, choices, and anything the translator did not type
        };
    }

    /** The FHIR type of a named CQL type: System types mapped, FHIR types kept as they are. */
    static String fhirType(String qualifiedName) {
        if (qualifiedName.startsWith(SYSTEM_NS)) {
            return SYSTEM_TYPES.getOrDefault(qualifiedName.substring(SYSTEM_NS.length()), ANY);
        }
        if (qualifiedName.startsWith(FHIR_NS)) {
            String type = qualifiedName.substring(FHIR_NS.length());
            return type.contains(".") ? "BackboneElement" : type; // e.g. QuestionnaireResponse.Item
        }
        return ANY;
    }

    /** Interval&lt;Date|DateTime&gt; is a Period; an interval of numbers or quantities is a Range. */
    private static String intervalType(JsonNode pointType) {
        String point = fhirType(pointType);
        return switch (point) {
            case "date", "dateTime" -> "Period";
            case "integer", "decimal", "Quantity" -> "Range";
            default -> ANY;
        };
    }
}
