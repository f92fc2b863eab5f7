package org.trdcds.content;

import java.util.List;
import java.util.Set;

/**
 * One PlanDefinition action: when its applicability define is true, it yields one card of its topic.
 *
 * @param topic card topic code (CodeSystem card-topic)
 * @param topicDisplay the topic's display
 * @param indicator info, warning or critical (from the action's priority)
 * @param condition the CQL define that says whether the card applies
 * @param summary card summary template; {@code {{Define}}} placeholders are filled from CQL
 * @param detail card detail template (Markdown), same placeholders
 * @param citations the sources the card cites
 */
public record CardRule(String topic, String topicDisplay, String indicator, String condition,
                       CardTemplate summary, CardTemplate detail, List<Citation> citations) {

    /** Every define this rule needs evaluated: its condition and the placeholders of its templates. */
    public Set<String> defines() {
        var all = new java.util.LinkedHashSet<String>();
        all.add(condition);
        all.addAll(summary.placeholders());
        all.addAll(detail.placeholders());
        return all;
    }

    public record Citation(String label, String url) {}
}
