package org.trdcds.content;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CDS service as its PlanDefinition defines it: the hook it answers, the CQL library whose defines
 * decide its cards, the prefetch templates derived from that library's data requirements, and one
 * card rule per action, in the order the cards are returned.
 *
 * @param triggerCondition the define that says whether the hook's event concerns this service at all (the
 *     {@code condition} of its actions' trigger), evaluated over the hook's context resources alone, before
 *     any of the patient's data is gathered; null when every call of the hook does
 */
public record ServiceDefinition(String id, String hook, String triggerCondition, String title, String description,
                                String library, Map<String, PrefetchTemplate> prefetch, List<CardRule> rules) {

    /** Every define the service's cards need. */
    public Set<String> defines() {
        Set<String> all = new LinkedHashSet<>();
        rules.forEach(rule -> all.addAll(rule.defines()));
        return all;
    }

    /** The applicability define of every card rule. */
    public Set<String> conditions() {
        Set<String> all = new LinkedHashSet<>();
        rules.forEach(rule -> all.add(rule.condition()));
        return all;
    }

    /**
     * A prefetch template and the FHIR resource type it asks for.
     *
     * @param codes when the query narrows the type to a list of codes, what it asks for: the resources whose
     *     {@link Codes#element} holds a coding of one of these ({@code system|code}); null when it does not
     */
    public record PrefetchTemplate(String query, String resourceType, Codes codes) {

        public PrefetchTemplate(String query, String resourceType) {
            this(query, resourceType, null);
        }
    }

    /**
     * The codes a query narrows to, matched as the rules' retrieves match them: a coding's system and code.
     *
     * @param element the JSON element holding the CodeableConcept(s): {@code code}, {@code category}, or
     *     {@code medicationCodeableConcept}
     * @param systemAndCode {@code system|code}, unescaped
     */
    public record Codes(String element, Set<String> systemAndCode) {

        /** A coding as {@link #systemAndCode} holds it; a coding without a system is {@code null|code}. */
        public static String key(String system, String code) {
            return system + "|" + code;
        }
    }
}
