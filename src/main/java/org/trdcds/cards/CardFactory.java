package org.trdcds.cards;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.trdcds.content.CardRule;
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

    /** @param overrideReasons the expansion of the override-reasons ValueSet, in its order */
    public CardFactory(List<Card.Coding> overrideReasons) {
        this.overrideReasons = List.copyOf(overrideReasons);
    }

    public List<Card> cardsFor(ServiceDefinition service, RuleResults results) {
        List<Card> cards = new ArrayList<>();
        for (CardRule rule : service.rules()) {
            if (results.isTrue(rule.condition())) {
                cards.add(cardFor(rule, results));
            }
        }
        return cards;
    }

    private Card cardFor(CardRule rule, RuleResults results) {
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
        List<Card.Coding> reasons = CRITICAL.equals(rule.indicator()) ? null : overrideReasons;
        return new Card(UUID.randomUUID().toString(), summary, detail.toString(), rule.indicator(), source,
                null, null, reasons, null);
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
