package org.trdcds.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.DataRequirement.DataRequirementCodeFilterComponent;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The prefetch templates of a service, derived from its Library's data requirements: the Patient by
 * id, and one search per other resource type, narrowed to a list of codes only when that cannot drop
 * anything the logic uses.
 *
 * <p>A type is narrowed when every requirement of that type filters on the same search parameter with
 * codes we know: small shipped value sets (their expansions) or direct codes. It stays wide when
 * <ul>
 *   <li>any retrieve of the type has no code filter: the logic reads those resources by other means
 *       (for example a medication matched by ingredient name in {@code text}, which a code list would
 *       drop);</li>
 *   <li>a value set is not shipped with its expansion, or the filter is on an element that has no
 *       token search parameter we know;</li>
 *   <li>the codes would exceed {@link #MAX_CODES}. The contract allows a large value set to narrow by
 *       {@code code:in=} its ValueSet URL instead, but our ValueSets live at {@code trd-cds.org}
 *       canonicals that an EHR's FHIR server does not host, and few EHR FHIR APIs support {@code :in}.
 *       A query the EHR cannot run fails its prefetch and then the fetch from {@code fhirServer} (the
 *       same query), so the call would get a 412. A patient's Conditions are few; asking for all of them
 *       costs the EHR less than a failed call. Narrowing by category would drop Conditions recorded
 *       without the expected category, which the logic does match.</li>
 * </ul>
 */
final class PrefetchTemplates {

    /** Up to this many codes, a prefetch query lists them; beyond, the query stays wide. */
    static final int MAX_CODES = 50;

    /** Element filtered on → token search parameter, for the resource types our logic reads. */
    private static final Map<String, String> SEARCH_PARAMETER_OF_PATH = Map.of(
            "code", "code",
            "medication", "code",
            "category", "category");

    /** Element filtered on → the JSON element that holds it (a choice type: its CodeableConcept form). */
    private static final Map<String, String> JSON_ELEMENT_OF_PATH = Map.of(
            "code", "code",
            "medication", "medicationCodeableConcept",
            "category", "category");

    private final Map<String, ValueSet> valueSets;

    PrefetchTemplates(Map<String, ValueSet> valueSetsByUrl) {
        this.valueSets = valueSetsByUrl;
    }

    Map<String, ServiceDefinition.PrefetchTemplate> forLibrary(Library library) {
        return forRequirements(library.getDataRequirement());
    }

    /** Templates for the effective requirements of a service's defines (see ElmDataRequirements#of(String, Collection)). */
    Map<String, ServiceDefinition.PrefetchTemplate> forEffective(List<org.trdcds.rules.ElmDataRequirements.Requirement> effective) {
        List<DataRequirement> requirements = new ArrayList<>();
        for (var requirement : effective) {
            DataRequirement data = new DataRequirement().setType(requirement.resourceType());
            if (!requirement.isUnfiltered()) {
                var filter = data.addCodeFilter().setPath(requirement.codePath());
                if (requirement.valueSet() != null) {
                    filter.setValueSet(requirement.valueSet());
                }
                for (String code : requirement.codes()) {
                    String[] parts = code.split("\\|", 2);
                    filter.addCode().setSystem(parts[0]).setCode(parts[1]);
                }
            }
            requirements.add(data);
        }
        return forRequirements(requirements);
    }

    private Map<String, ServiceDefinition.PrefetchTemplate> forRequirements(List<DataRequirement> all) {
        Map<String, List<DataRequirement>> byType = new LinkedHashMap<>();
        for (DataRequirement requirement : all) {
            byType.computeIfAbsent(requirement.getType(), type -> new ArrayList<>()).add(requirement);
        }
        Map<String, ServiceDefinition.PrefetchTemplate> prefetch = new LinkedHashMap<>();
        byType.forEach((type, requirements) -> {
            if ("Patient".equals(type)) {
                prefetch.put("patient", new ServiceDefinition.PrefetchTemplate("Patient/{{context.patientId}}", type));
            } else {
                Narrowing narrowing = narrowing(requirements);
                String query = type + "?patient={{context.patientId}}" + (narrowing == null ? "" : narrowing.query());
                prefetch.put(keyFor(type), new ServiceDefinition.PrefetchTemplate(query, type,
                        narrowing == null ? null : new ServiceDefinition.Codes(narrowing.element(), java.util.Set.copyOf(narrowing.codes().keySet()))));
            }
        });
        return prefetch;
    }

    /**
     * A code list that answers every requirement of a type: the search parameter, the JSON element it
     * searches, and the codes ({@code system|code} unescaped, to their escaped search token).
     */
    private record Narrowing(String parameter, String element, Map<String, String> codes) {
        /** {@code &code=s|c,s|c} */
        String query() {
            return "&" + parameter + "=" + String.join(",", new TreeSet<>(codes.values()));
        }
    }

    /** The code list when every requirement of the type can be answered by one, else null. */
    private Narrowing narrowing(List<DataRequirement> requirements) {
        String path = null;
        Map<String, String> codes = new TreeMap<>();
        for (DataRequirement requirement : requirements) {
            if (requirement.getCodeFilter().size() != 1) {
                return null; // unfiltered; or several filters AND'ed, which one list cannot express
            }
            DataRequirementCodeFilterComponent filter = requirement.getCodeFilterFirstRep();
            if (!SEARCH_PARAMETER_OF_PATH.containsKey(filter.getPath()) || (path != null && !path.equals(filter.getPath()))) {
                return null;
            }
            path = filter.getPath();
            if (filter.hasValueSet()) {
                ValueSet valueSet = valueSets.get(withoutVersion(filter.getValueSet()));
                if (valueSet == null || !valueSet.getExpansion().hasContains()) {
                    return null;
                }
                addAll(valueSet.getExpansion().getContains(), codes);
            }
            filter.getCode().forEach(c -> add(c.getSystem(), c.getCode(), codes));
        }
        if (codes.isEmpty() || codes.size() > MAX_CODES) {
            return null;
        }
        return new Narrowing(SEARCH_PARAMETER_OF_PATH.get(path), JSON_ELEMENT_OF_PATH.get(path), codes);
    }

    private static void addAll(List<ValueSet.ValueSetExpansionContainsComponent> contains, Map<String, String> codes) {
        for (ValueSet.ValueSetExpansionContainsComponent entry : contains) {
            if (entry.hasCode() && !entry.getAbstract()) {
                add(entry.getSystem(), entry.getCode(), codes);
            }
            addAll(entry.getContains(), codes);
        }
    }

    private static void add(String system, String code, Map<String, String> codes) {
        codes.put(ServiceDefinition.Codes.key(system, code), token(system, code));
    }

    private static String withoutVersion(String canonical) {
        int bar = canonical.indexOf('|');
        return bar < 0 ? canonical : canonical.substring(0, bar);
    }

    /** {@code system|code}, with FHIR search's escapes for {@code , | $ \} inside either part. */
    static String token(String system, String code) {
        return escape(system) + "|" + escape(code);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("|", "\\|").replace("$", "\\$");
    }

    /** Prefetch keys say what they hold: {@code observations}, {@code medicationStatements}. */
    static String keyFor(String resourceType) {
        String camel = Character.toLowerCase(resourceType.charAt(0)) + resourceType.substring(1);
        return camel.endsWith("y") ? camel.substring(0, camel.length() - 1) + "ies" : camel + "s";
    }
}
