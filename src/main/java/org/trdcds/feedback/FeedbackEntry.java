package org.trdcds.feedback;

import java.time.Instant;
import java.util.List;

/**
 * One CDS Hooks 2.0 feedback entry: what the clinician did with a card. As received it has no topic; as
 * stored and reported, {@code topic} is the card's topic from the card index, or {@code unknown} when the
 * server did not return that card.
 *
 * @param card the card's uuid
 * @param outcome {@code accepted} or {@code overridden}
 * @param acceptedSuggestions the suggestions taken, for an accepted card
 * @param overrideReason why the card was overridden, for an overridden card
 * @param outcomeTimestamp when the clinician acted (UTC, microsecond precision)
 * @param topic the card's topic code; set only on stored entries
 */
public record FeedbackEntry(String card, String outcome, List<AcceptedSuggestion> acceptedSuggestions,
                            OverrideReason overrideReason, Instant outcomeTimestamp, String topic) {

    public static final String ACCEPTED = "accepted";
    public static final String OVERRIDDEN = "overridden";
    public static final String UNKNOWN_TOPIC = "unknown";

    public record AcceptedSuggestion(String id) {}

    /** @param reason one of the card's overrideReasons; {@code userComment} is free text (never logged) */
    public record OverrideReason(Coding reason, String userComment) {}

    public record Coding(String system, String code, String display) {}

    FeedbackEntry withTopic(String topic) {
        return new FeedbackEntry(card, outcome, acceptedSuggestions, overrideReason, outcomeTimestamp, topic);
    }
}
