package org.trdcds.cards;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import ca.uhn.fhir.context.FhirContext;
import org.trdcds.content.CardRule;
import org.trdcds.content.SuggestionRule;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.rules.RuleResults;

/**
 * Turns the evaluated defines into cards: one card per PlanDefinition action whose applicability
 * define is true, in the PlanDefinition's order (safety first). Wording comes from the action, facts
 * from CQL, formatting from here.
 *
 * <p>Every card but a critical one offers the override reasons of the shipped ValueSet, so that a
 * clinician who declines it can say why (feedback is reported per reason). A critical card is a safety
 * signal (today: suicide risk) that asks for action now; it offers no coded way to decline it, and an EHR
 * that lets it be dismissed still sends feedback, with no reason or with the clinician's comment.
 */
public final class CardFactory {

    static final int MAX_SUMMARY_LENGTH = 139;
    static final String SOURCE_LABEL = "trd-cds treatment-resistant depression pathway";
    static final String CRITICAL = "critical";

    private final List<Card.Coding> overrideReasons;
    private final SuggestedResources resources;

    /** @param overrideReasons the expansion of the override-reasons ValueSet, in its order */
    public CardFactory(FhirContext fhirContext, List<Card.Coding> overrideReasons) {
        this.resources = new SuggestedResources(fhirContext);
        this.overrideReasons = List.copyOf(overrideReasons);
    }

    public List<Card> cardsFor(ServiceDefinition service, RuleResults results, String patientId) {
        List<Card> cards = new ArrayList<>();
        for (CardRule rule : service.rules()) {
            if (results.isTrue(rule.condition())) {
                cards.add(cardFor(rule, results, patientId));
            }
        }
        return cards;
    }

    private List<Card.Suggestion> suggestionsFor(CardRule rule, RuleResults results, String patientId) {
        List<Card.Suggestion> suggestions = new ArrayList<>();
        for (SuggestionRule suggestion : rule.suggestions()) {
            if (suggestion.condition() != null && !results.isTrue(suggestion.condition())) {
                continue;
            }
            String label = shorten(suggestion.label().render(name -> inline(results.value(name))));
            List<Card.Action> actions = new ArrayList<>();
            if (suggestion.create() != null) {
                var resource = resources.apply(suggestion.create(), patientId);
                actions.add(new Card.Action("create", label, resources.toJson(resource), null));
            } else if (results.value(suggestion.removeDefine()) instanceof Collection<?> references) {
                for (Object reference : references) {
                    actions.add(new Card.Action("delete", label, null, reference.toString()));
                }
            }
            if (!actions.isEmpty()) {
                suggestions.add(new Card.Suggestion(label, UUID.randomUUID().toString(),
                        suggestion.recommended() ? Boolean.TRUE : null, actions));
            }
        }
        return suggestions;
    }

    private Card cardFor(CardRule rule, RuleResults results, String patientId) {
        String summary = shorten(rule.summary().render(name -> inline(results.value(name))));
        StringBuilder detail = new StringBuilder(rule.detail().render(name -> block(results.value(name))).strip());
        if (!rule.citations().isEmpty()) {
            detail.append("\n\n**Sources:** ");
            List<String> cited = new ArrayList<>();
            for (CardRule.Citation citation : rule.citations()) {
                cited.add(citation.url() == null ? citation.label()
                        : "[" + citation.label().replace("[", "\\[").replace("]", "\\]") + "](" + citation.url() + ")");
            }
            detail.append(String.join("; ", cited));
        }
        String sourceUrl = rule.citations().stream().map(CardRule.Citation::url)
                .filter(url -> url != null && url.startsWith("http")).findFirst().orElse(null);
        Card.Source source = new Card.Source(SOURCE_LABEL, sourceUrl,
                new Card.Coding(CardTopics.SYSTEM, rule.topic(), rule.topicDisplay()));
        List<Card.Suggestion> suggestions = suggestionsFor(rule, results, patientId);
        String indicator = indicatorOf(rule, results);
        List<Card.Coding> reasons = CRITICAL.equals(indicator) ? null : overrideReasons;
        return new Card(UUID.randomUUID().toString(), summary, detail.toString(), indicator, source,
                suggestions.isEmpty() ? null : suggestions, suggestions.isEmpty() ? null : rule.selectionBehavior(),
                reasons, null);
    }

    /** The action's priority, or the CQL's when the PlanDefinition makes it dynamic. */
    private static String indicatorOf(CardRule rule, RuleResults results) {
        if (rule.priorityDefine() == null) {
            return rule.indicator();
        }
        Object priority = results.value(rule.priorityDefine());
        return switch (priority == null ? "" : priority.toString()) {
            case "routine" -> "info";
            case "urgent" -> "warning";
            case "stat", "asap" -> "critical";
            default -> rule.indicator();
        };
    }

    private static String shorten(String summary) {
        String oneLine = summary.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_SUMMARY_LENGTH ? oneLine : oneLine.substring(0, MAX_SUMMARY_LENGTH - 1) + "…";
    }

    /** A value inside a sentence: lists joined by commas. */
    static String inline(Object value) {
        if (value instanceof Collection<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(element -> parts.add(inline(element)));
            return String.join(", ", parts);
        }
        return scalar(value);
    }

    /** A value on its own: a list becomes Markdown bullets. */
    static String block(Object value) {
        if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                return "- none recorded";
            }
            List<String> lines = new ArrayList<>();
            list.forEach(element -> lines.add("- " + inline(element)));
            return String.join("\n", lines);
        }
        return scalar(value);
    }

    private static String scalar(Object value) {
        if (value == null) {
            return "not recorded";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof Map<?, ?> tuple) {
            List<String> parts = new ArrayList<>();
            tuple.forEach((k, v) -> parts.add(k + ": " + scalar(v)));
            return String.join(", ", parts);
        }
        return value.toString();
    }
}
