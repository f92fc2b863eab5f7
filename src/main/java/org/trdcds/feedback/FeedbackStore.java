package org.trdcds.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdcds.cards.Card;

/**
 * Card feedback, kept in the database (CDS Hooks 2.0 § Feedback; contract § Feedback): each entry is committed,
 * and in the database file ({@link CommitFlush}), before the call answers; the same card, outcome and outcome
 * time is stored once; and entries are reported per card topic through the card index. The topic is looked up when feedback is read, so a card still in
 * the index's write queue when its feedback arrives is not misfiled as unknown.
 */
public final class FeedbackStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<FeedbackEntry.AcceptedSuggestion>> SUGGESTIONS = new TypeReference<>() {};
    /** Open window ends that both H2 and PostgreSQL store. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");

    static final String INSERT = "INSERT INTO feedback (service_id, card_uuid, outcome, outcome_at, accepted_suggestions, "
            + "reason_system, reason_code, reason_display, user_comment, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String TOPIC = "COALESCE(c.topic, '" + FeedbackEntry.UNKNOWN_TOPIC + "')";
    static final String FROM_FEEDBACK = " FROM feedback f LEFT JOIN card_index c"
            + " ON c.card_uuid = f.card_uuid AND c.service_id = f.service_id"
            + " WHERE f.service_id = ? AND f.outcome_at >= ? AND f.outcome_at < ?";

    private final JdbcTemplate jdbc;
    private final CardIndex cardIndex;
    private final Clock clock;
    private final CommitFlush flush;

    FeedbackStore(JdbcTemplate jdbc, CardIndex cardIndex, Clock clock, CommitFlush flush) {
        this.jdbc = jdbc;
        this.cardIndex = cardIndex;
        this.clock = clock;
        this.flush = flush;
    }

    /** Remembers the cards a service call returned; never blocks the call (see {@link CardIndex}). */
    public void cardsReturned(String serviceId, List<Card> cards) {
        cardIndex.add(serviceId, cards);
    }

    /**
     * Stores valid entries, each committed on its own and flushed to the database file before this returns.
     *
     * @return how many were new (the others were already stored)
     * @throws FeedbackUnavailableException when the database fails; entries stored before the failure stay,
     *     and sending them again stores nothing twice
     */
    public int store(String serviceId, List<FeedbackEntry> entries) {
        int added = 0;
        OffsetDateTime now = utc(clock.instant());
        for (FeedbackEntry entry : entries) {
            FeedbackEntry.Coding reason = entry.overrideReason() == null ? null : entry.overrideReason().reason();
            try {
                jdbc.update(INSERT, serviceId, entry.card(), entry.outcome(), utc(entry.outcomeTimestamp()),
                        suggestions(entry.acceptedSuggestions()),
                        reason == null ? null : reason.system(), reason == null ? null : reason.code(),
                        reason == null ? null : reason.display(),
                        entry.overrideReason() == null ? null : entry.overrideReason().userComment(), now);
                added++;
            } catch (DuplicateKeyException alreadyStored) {
                // the same card, outcome and time: stored once
            } catch (DataAccessException e) {
                throw new FeedbackUnavailableException("stored", e);
            }
        }
        try {
            // also when every entry was a duplicate: the first copy may be another call's, not yet in the file
            flush.afterCommit();
        } catch (DataAccessException e) {
            throw new FeedbackUnavailableException("stored", e);
        }
        return added;
    }

    /** The entries stored for a service with an outcome time in [from, to), oldest first; null ends are open. */
    public List<FeedbackEntry> entries(String serviceId, Instant from, Instant to) {
        try {
            return jdbc.query("SELECT f.card_uuid, f.outcome, f.outcome_at, f.accepted_suggestions, f.reason_system,"
                            + " f.reason_code, f.reason_display, f.user_comment, " + TOPIC + " AS topic" + FROM_FEEDBACK
                            + " ORDER BY f.outcome_at, f.id",
                    (row, n) -> entry(row), serviceId, utc(from, EARLIEST), utc(to, LATEST));
        } catch (DataAccessException e) {
            throw new FeedbackUnavailableException("read", e);
        }
    }

    /**
     * Counts per topic, outcome and override reason over outcome times in [from, to), and the cards returned
     * in [from, to) (a card that has left the index counts when the hour it was returned in starts in the
     * window); null ends are open.
     */
    public FeedbackSummary summary(String serviceId, Instant from, Instant to) {
        Map<String, long[]> returnedAcceptedOverridden = new TreeMap<>();
        Map<String, List<FeedbackSummary.Reason>> reasons = new TreeMap<>();
        try {
            // one statement, one snapshot: a card retired meanwhile (CardIndexRetention) is counted once, in the
            // index or in the hourly count of the hour it was returned in
            jdbc.query("SELECT topic, SUM(n) AS n FROM ("
                            + "SELECT topic, COUNT(*) AS n FROM card_index WHERE service_id = ? AND issued_at >= ? AND issued_at < ? GROUP BY topic"
                            + " UNION ALL SELECT topic, SUM(cards) AS n FROM card_count"
                            + " WHERE service_id = ? AND issued_hour >= ? AND issued_hour < ? GROUP BY topic"
                            + ") returned GROUP BY topic",
                    row -> {
                        returnedAcceptedOverridden.computeIfAbsent(row.getString("topic"), t -> new long[3])[0] = row.getLong("n");
                    }, serviceId, utc(from, EARLIEST), utc(to, LATEST), serviceId, utc(from, EARLIEST), utc(to, LATEST));
            jdbc.query("SELECT " + TOPIC + " AS topic, f.outcome, f.reason_system, f.reason_code,"
                            + " MAX(f.reason_display) AS reason_display, COUNT(*) AS n" + FROM_FEEDBACK
                            + " GROUP BY " + TOPIC + ", f.outcome, f.reason_system, f.reason_code"
                            + " ORDER BY 1, 2, 6 DESC, 4",
                    row -> {
                        String topic = row.getString("topic");
                        long n = row.getLong("n");
                        long[] counts = returnedAcceptedOverridden.computeIfAbsent(topic, t -> new long[3]);
                        if (FeedbackEntry.ACCEPTED.equals(row.getString("outcome"))) {
                            counts[1] += n;
                        } else {
                            counts[2] += n;
                            String code = row.getString("reason_code");
                            reasons.computeIfAbsent(topic, t -> new ArrayList<>()).add(new FeedbackSummary.Reason(
                                    row.getString("reason_system"), code == null ? FeedbackSummary.NO_REASON : code,
                                    row.getString("reason_display"), n));
                        }
                    }, serviceId, utc(from, EARLIEST), utc(to, LATEST));
        } catch (DataAccessException e) {
            throw new FeedbackUnavailableException("read", e);
        }
        List<FeedbackSummary.Topic> topics = new ArrayList<>();
        long returned = 0;
        long accepted = 0;
        long overridden = 0;
        for (Map.Entry<String, long[]> topic : returnedAcceptedOverridden.entrySet()) {
            long[] counts = topic.getValue();
            topics.add(new FeedbackSummary.Topic(topic.getKey(), counts[0], counts[1], counts[2],
                    reasons.getOrDefault(topic.getKey(), List.of())));
            returned += counts[0];
            accepted += counts[1];
            overridden += counts[2];
        }
        return new FeedbackSummary(serviceId, from, to, returned, accepted, overridden, topics);
    }

    /** How the card index is doing: written, dropped (never indexed) and queued cards. */
    public Map<String, Object> cardIndexHealth() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cardsIndexed", cardIndex.written());
        details.put("cardsDropped", cardIndex.dropped());
        details.put("cardsQueued", cardIndex.queued());
        return details;
    }

    /** Waits until the cards returned so far are in the index (tests). */
    public boolean awaitCardIndex(java.time.Duration timeout) throws InterruptedException {
        return cardIndex.awaitWritten(timeout);
    }

    private static FeedbackEntry entry(ResultSet row) throws SQLException {
        String code = row.getString("reason_code");
        String comment = row.getString("user_comment");
        FeedbackEntry.OverrideReason reason = null;
        if (code != null || comment != null) {
            reason = new FeedbackEntry.OverrideReason(code == null ? null
                    : new FeedbackEntry.Coding(row.getString("reason_system"), code, row.getString("reason_display")), comment);
        }
        return new FeedbackEntry(row.getString("card_uuid"), row.getString("outcome"),
                suggestions(row.getString("accepted_suggestions")), reason,
                row.getObject("outcome_at", OffsetDateTime.class).toInstant(), row.getString("topic"));
    }

    private static String suggestions(List<FeedbackEntry.AcceptedSuggestion> suggestions) {
        if (suggestions == null || suggestions.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(suggestions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<FeedbackEntry.AcceptedSuggestion> suggestions(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, SUGGESTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("TRD-E061 stored acceptedSuggestions are not JSON", e);
        }
    }

    /** How the feedback tables store an instant (also {@link CardIndexRetention}). */
    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant instant, Instant ifOpen) {
        return utc(instant == null ? ifOpen : instant);
    }
}
