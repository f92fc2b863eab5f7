package org.trdcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.trdcds.feedback.FeedbackEntry;

/**
 * Checks a CDS Hooks 2.0 feedback body, {@code {"feedback": [entry, ...]}}, entry by entry; the first problem
 * is a 400 naming the entry and the member, and then no entry is stored.
 *
 * <ul>
 *   <li>{@code card}: a non-empty string (the card's uuid; a uuid the server did not return is stored with
 *       topic unknown)</li>
 *   <li>{@code outcome}: {@code accepted} or {@code overridden}</li>
 *   <li>{@code outcomeTimestamp}: an ISO 8601 date-time with an offset ({@code Z} for UTC)</li>
 *   <li>{@code acceptedSuggestions}: only for an accepted card; an array of objects with a string {@code id}</li>
 *   <li>{@code overrideReason}: only for an overridden card; an object with a {@code reason} Coding (a
 *       {@code code}; with the server's override-reason system, one of its codes) and/or a string
 *       {@code userComment}</li>
 * </ul>
 */
final class FeedbackRequests {

    static final int MAX_ID_LENGTH = 200;
    static final int MAX_COMMENT_LENGTH = 4000;
    static final int MAX_SUGGESTIONS = 100;

    private final String reasonSystem;
    private final Set<String> reasonCodes;

    /** @param reasonSystem the server's override-reason CodeSystem, whose codes are the {@code reasonCodes} */
    FeedbackRequests(String reasonSystem, Set<String> reasonCodes) {
        this.reasonSystem = reasonSystem;
        this.reasonCodes = Set.copyOf(reasonCodes);
    }

    List<FeedbackEntry> read(JsonNode body) {
        JsonNode feedback = body.get("feedback");
        if (feedback == null || !feedback.isArray() || feedback.isEmpty()) {
            throw new InvalidFeedbackException("'feedback' is missing or not a non-empty array");
        }
        List<FeedbackEntry> entries = new ArrayList<>();
        for (int i = 0; i < feedback.size(); i++) {
            entries.add(entry(feedback.get(i), "feedback[" + i + "]"));
        }
        return entries;
    }

    private FeedbackEntry entry(JsonNode entry, String where) {
        if (!entry.isObject()) {
            throw new InvalidFeedbackException(where + " is not an object");
        }
        String card = text(entry, "card", where, MAX_ID_LENGTH);
        String outcome = text(entry, "outcome", where, MAX_ID_LENGTH);
        if (!outcome.equals(FeedbackEntry.ACCEPTED) && !outcome.equals(FeedbackEntry.OVERRIDDEN)) {
            throw new InvalidFeedbackException(where + ".outcome must be 'accepted' or 'overridden'");
        }
        Instant outcomeTimestamp = timestamp(entry, where);
        List<FeedbackEntry.AcceptedSuggestion> accepted = acceptedSuggestions(entry.get("acceptedSuggestions"), where);
        FeedbackEntry.OverrideReason overrideReason = overrideReason(entry.get("overrideReason"), where);
        if (accepted != null && outcome.equals(FeedbackEntry.OVERRIDDEN)) {
            throw new InvalidFeedbackException(where + ".acceptedSuggestions is only for an accepted card");
        }
        if (overrideReason != null && outcome.equals(FeedbackEntry.ACCEPTED)) {
            throw new InvalidFeedbackException(where + ".overrideReason is only for an overridden card");
        }
        return new FeedbackEntry(card, outcome, accepted, overrideReason, outcomeTimestamp, null);
    }

    private static Instant timestamp(JsonNode entry, String where) {
        String value = text(entry, "outcomeTimestamp", where, 64);
        try {
            // microseconds: what both databases keep, so a repeated entry is recognised as the same
            return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new InvalidFeedbackException(where + ".outcomeTimestamp must be an ISO 8601 date-time with an offset,"
                    + " such as 2026-06-01T14:30:00Z");
        }
    }

    private static List<FeedbackEntry.AcceptedSuggestion> acceptedSuggestions(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > MAX_SUGGESTIONS) {
            throw new InvalidFeedbackException(where + ".acceptedSuggestions must be an array of at most "
                    + MAX_SUGGESTIONS + " objects");
        }
        List<FeedbackEntry.AcceptedSuggestion> ids = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = where + ".acceptedSuggestions[" + i + "]";
            if (!node.get(i).isObject()) {
                throw new InvalidFeedbackException(at + " is not an object");
            }
            ids.add(new FeedbackEntry.AcceptedSuggestion(text(node.get(i), "id", at, MAX_ID_LENGTH)));
        }
        return ids.isEmpty() ? null : ids;
    }

    private FeedbackEntry.OverrideReason overrideReason(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        String at = where + ".overrideReason";
        if (!node.isObject()) {
            throw new InvalidFeedbackException(at + " is not an object");
        }
        FeedbackEntry.Coding reason = null;
        JsonNode coding = node.get("reason");
        if (coding != null && !coding.isNull()) {
            if (!coding.isObject()) {
                throw new InvalidFeedbackException(at + ".reason is not a Coding object");
            }
            String system = optionalText(coding, "system", at + ".reason", 500);
            String code = text(coding, "code", at + ".reason", MAX_ID_LENGTH);
            String display = optionalText(coding, "display", at + ".reason", 500);
            if (reasonSystem.equals(system) && !reasonCodes.contains(code)) {
                throw new InvalidFeedbackException(at + ".reason.code '" + code + "' is not one of the override reasons "
                        + reasonCodes.stream().sorted().toList());
            }
            reason = new FeedbackEntry.Coding(system, code, display);
        }
        String comment = optionalText(node, "userComment", at, MAX_COMMENT_LENGTH);
        if (reason == null && comment == null) {
            throw new InvalidFeedbackException(at + " needs a reason or a userComment");
        }
        return new FeedbackEntry.OverrideReason(reason, comment);
    }

    private static String text(JsonNode node, String name, String where, int maxLength) {
        String value = optionalText(node, name, where, maxLength);
        if (value == null) {
            throw new InvalidFeedbackException(where + "." + name + " is required");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String name, String where, int maxLength) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidFeedbackException(where + "." + name + " must be a non-empty string");
        }
        if (value.asText().length() > maxLength) {
            throw new InvalidFeedbackException(where + "." + name + " is longer than " + maxLength + " characters");
        }
        return value.asText();
    }
}
