package org.trdcds.patientdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.content.ServiceDefinition.PrefetchTemplate;

/**
 * An EHR may answer a query with more than it asked for (contract: prefetch is "possibly a superset"; a FHIR
 * server may ignore a search parameter). Where a prefetch query asks for a list of codes, a Bundle entry of the
 * query's type whose codes hold none of them is removed before it is parsed: the rules' retrieves, which match
 * a coding's system and code as this does, would not select it. Parsing it was the cost: 2,000 laboratory
 * results beside a patient of 100 resources made a call 7 times as costly. An entry without the element, or of
 * another type, is kept.
 */
final class UnaskedEntries {

    private UnaskedEntries() {
    }

    /** Removes from a searchset Bundle (JSON) the entries its query did not ask for; anything else is left as it is. */
    static void drop(JsonNode value, PrefetchTemplate template) {
        if (template.codes() == null || !(value.get("entry") instanceof ArrayNode entries)) {
            return;
        }
        String element = template.codes().element();
        Set<String> wanted = template.codes().systemAndCode();
        Iterator<JsonNode> each = entries.iterator();
        while (each.hasNext()) {
            JsonNode resource = each.next().path("resource");
            if (template.resourceType().equals(resource.path("resourceType").asText()) && resource.has(element)
                    && !holdsAny(resource.get(element), wanted)) {
                each.remove();
            }
        }
    }

    /** Whether a CodeableConcept, or any of an array of them, has a coding whose {@code system|code} is wanted. */
    private static boolean holdsAny(JsonNode concepts, Set<String> wanted) {
        if (!concepts.isArray() && !concepts.isObject()) {
            return true; // not a CodeableConcept: left for the parser to judge
        }
        for (JsonNode concept : concepts.isArray() ? concepts : List.of(concepts)) {
            for (JsonNode coding : concept.path("coding")) {
                JsonNode system = coding.get("system");
                JsonNode code = coding.get("code");
                if (code != null && wanted.contains(ServiceDefinition.Codes.key(system == null ? null : system.asText(), code.asText()))) {
                    return true;
                }
            }
        }
        return false;
    }
}
