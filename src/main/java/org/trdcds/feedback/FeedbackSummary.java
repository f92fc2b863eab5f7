package org.trdcds.feedback;

import java.time.Instant;
import java.util.List;

/**
 * Feedback of one service over a window of outcome times, counted per card topic, outcome and override
 * reason, beside the number of cards of each topic the service returned in that window.
 *
 * @param from start of the window (inclusive), absent when open
 * @param to end of the window (exclusive), absent when open
 */
public record FeedbackSummary(String serviceId, Instant from, Instant to, long cardsReturned, long accepted,
                              long overridden, List<Topic> topics) {

    /** One card topic: cards returned, how many were accepted or overridden, and why they were overridden. */
    public record Topic(String topic, long cardsReturned, long accepted, long overridden, List<Reason> overrideReasons) {}

    /** An override reason and how often it was given; {@code code} is {@code none} when no reason was given. */
    public record Reason(String system, String code, String display, long count) {}

    public static final String NO_REASON = "none";
}
