package org.trdcds.content;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CDS service as its PlanDefinition defines it: the hook it answers, the CQL library whose defines
 * decide its cards, the prefetch templates derived from that library's data requirements, and one
 * card rule per action, in the order the cards are returned.
 */
public record ServiceDefinition(String id, String hook, String title, String description, String library,
                                Map<String, PrefetchTemplate> prefetch, List<CardRule> rules) {

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

    /** A prefetch template and the FHIR resource type it asks for. */
    public record PrefetchTemplate(String query, String resourceType) {}
}
