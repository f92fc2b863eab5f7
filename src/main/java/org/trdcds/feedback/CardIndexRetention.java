package org.trdcds.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.trdcds.system.RepeatingTask;

/**
 * Keeps the card index from growing without end (issue 7: the 30-minute benchmark soak left a 126 MB file).
 * A card returned longer ago than the retention period leaves the index and is added to the count of its
 * service, topic and hour of issue ({@code card_count}), so the feedback summary still counts it as returned.
 * A card that has feedback stays indexed, so its feedback keeps its topic; feedback that arrives after its
 * card has left reports topic {@code unknown}, as for any card the server does not know (contract § Feedback
 * edge cases).
 * <p>
 * The check runs on its own thread every {@code trd.feedback.card-index.retention-check}, in transactions of
 * a bounded number of cards; the period is counted from the start of the hour, so a card stays at least the
 * retention period and less than an hour longer. Replicas sharing a database may run it at the same time: a
 * card is counted by the replica whose delete removed it.
 */
final class CardIndexRetention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CardIndexRetention.class);
    private static final String NO_FEEDBACK = " NOT EXISTS (SELECT 1 FROM feedback f"
            + " WHERE f.card_uuid = c.card_uuid AND f.service_id = c.service_id)";
    static final String OLDEST = "SELECT c.card_uuid, c.service_id, c.topic, c.issued_at FROM card_index c"
            + " WHERE c.issued_at < ? AND" + NO_FEEDBACK + " ORDER BY c.issued_at FETCH FIRST ? ROWS ONLY";
    static final String DELETE = "DELETE FROM card_index c WHERE c.card_uuid = ? AND" + NO_FEEDBACK;
    static final String ADD = "UPDATE card_count SET cards = cards + ? WHERE service_id = ? AND topic = ? AND issued_hour = ?";
    static final String INSERT = "INSERT INTO card_count (service_id, topic, issued_hour, cards) VALUES (?, ?, ?, ?)";
    /** Transactions per check: a backlog (a first check on an old database) is worked off over several checks. */
    private static final int MAX_BATCHES_PER_CHECK = 200;

    private record Count(String serviceId, String topic, Instant hour) {}

    private record IndexedCard(String uuid, Count count) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Duration retention;
    private final int batchSize;
    private final Clock clock;
    private final AtomicLong retired = new AtomicLong();
    private final RepeatingTask checker;

    /**
     * @param retention how long a card stays in the index; zero keeps every card (no check runs)
     * @param every how often the check runs (the first one a minute after start, or sooner)
     */
    CardIndexRetention(JdbcTemplate jdbc, Duration retention, Duration every, int batchSize, Clock clock) {
        if (retention.isNegative() || every.isNegative() || every.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("TRD-E001 trd.feedback.card-index.retention must be zero or more, "
                    + ".retention-check more than zero");
        }
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        this.retention = retention;
        this.batchSize = batchSize;
        this.clock = clock;
        if (retention.isZero()) {
            this.checker = null;
            return;
        }
        Duration first = every.compareTo(Duration.ofMinutes(1)) < 0 ? every : Duration.ofMinutes(1);
        this.checker = RepeatingTask.start("card-index-retention", first, every, this::retireQuietly);
    }

    /** Cards retired since start. */
    long retired() {
        return retired.get();
    }

    /** Whether cards leave the index at all. */
    boolean enabled() {
        return checker != null;
    }

    /**
     * Retires the cards issued before {@code now} minus the retention period (from the start of that hour) that
     * have no feedback, up to {@link #MAX_BATCHES_PER_CHECK} transactions of them.
     *
     * @return how many cards left the index
     */
    int retire(Instant now) {
        if (checker == null) {
            return 0;
        }
        Instant before = now.minus(retention).truncatedTo(ChronoUnit.HOURS);
        int total = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_CHECK; batch++) {
            int[] selectedAndRetired = transactions.execute(status -> retireBatch(before));
            total += selectedAndRetired[1];
            retired.addAndGet(selectedAndRetired[1]);
            if (selectedAndRetired[0] < batchSize) {
                break;
            }
        }
        return total;
    }

    /** One transaction: the oldest cards, deleted, and those the delete removed added to their hour's count. */
    private int[] retireBatch(Instant before) {
        List<IndexedCard> oldest = jdbc.query(OLDEST, (row, n) -> new IndexedCard(row.getString("card_uuid"),
                        new Count(row.getString("service_id"), row.getString("topic"),
                                row.getObject("issued_at", OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.HOURS))),
                FeedbackStore.utc(before), batchSize);
        if (oldest.isEmpty()) {
            return new int[] {0, 0};
        }
        int[][] deleted = jdbc.batchUpdate(DELETE, oldest, oldest.size(), (statement, card) -> statement.setString(1, card.uuid()));
        Map<Count, Long> counts = new LinkedHashMap<>();
        int removed = 0;
        int i = 0;
        for (int[] chunk : deleted) {
            for (int rows : chunk) {
                IndexedCard card = oldest.get(i++);
                if (rows == 1) { // 0: feedback arrived since the select, or another replica retired it
                    removed++;
                    counts.merge(card.count(), 1L, Long::sum);
                } else if (rows != 0) {
                    throw new IllegalStateException("the database did not say whether a card was deleted (" + rows + ")");
                }
            }
        }
        for (Map.Entry<Count, Long> count : counts.entrySet()) {
            Count key = count.getKey();
            OffsetDateTime hour = FeedbackStore.utc(key.hour());
            if (jdbc.update(ADD, count.getValue(), key.serviceId(), key.topic(), hour) == 0) {
                jdbc.update(INSERT, key.serviceId(), key.topic(), hour, count.getValue());
            }
        }
        return new int[] {oldest.size(), removed};
    }

    private void retireQuietly() {
        try {
            int cards = retire(clock.instant());
            if (cards > 0) {
                log.info("card index: {} card(s) returned more than {} ago left the index (counted per hour in card_count)",
                        cards, retention.toHours() % 24 == 0 ? retention.toDays() + " days" : retention);
            }
        } catch (DataAccessException | IllegalStateException e) {
            // the next check tries again; nothing is lost, the index is only larger meanwhile
            log.warn("TRD-E065 card index retention check failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.close();
        }
    }
}
