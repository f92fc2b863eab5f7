package org.trdcds.content;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One PlanDefinition action: when its applicability define is true, it yields one card of its topic.
 *
 * @param topic card topic code (CodeSystem card-topic)
 * @param topicDisplay the topic's display
 * @param indicator info, warning or critical (from the action's priority)
 * @param priorityDefine a CQL define giving the priority (routine, urgent, stat) when it depends on the
 *     patient ({@code dynamicValue} with path {@code priority}); null when the action's priority is fixed
 * @param condition the CQL define that says whether the card applies
 * @param summary card summary template; {@code {{Define}}} placeholders are filled from CQL
 * @param detail card detail template (Markdown), same placeholders
 * @param citations the sources the card cites
 * @param selectionBehavior how many of the suggestions the clinician may accept (at-most-one, any)
 * @param suggestions the nested actions: what the card offers to do
 */
public record CardRule(String topic, String topicDisplay, String indicator, String priorityDefine, String condition,
                       CardTemplate summary, CardTemplate detail, List<Citation> citations,
                       String selectionBehavior, List<SuggestionRule> suggestions) {

    /** Every define this rule needs evaluated. */
    public Set<String> defines() {
        Set<String> all = new LinkedHashSet<>();
        all.add(condition);
        all.addAll(detailDefines());
        return all;
    }

    /** The defines a card needs once its condition holds: priority, placeholders, suggestions. */
    public Set<String> detailDefines() {
        Set<String> all = new LinkedHashSet<>();
        if (priorityDefine != null) {
            all.add(priorityDefine);
        }
        all.addAll(summary.placeholders());
        all.addAll(detail.placeholders());
        suggestions.forEach(s -> all.addAll(s.defines()));
        return all;
    }

    public record Citation(String label, String url) {}
}
