package org.trdcds.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdcds.cards.Card;

/**
 * Remembers each card a service returned (uuid, service, topic, time; no patient data) so that feedback,
 * which names only the card, can be reported per topic. A service call only puts the cards on a bounded
 * queue and never waits: one writer thread stores them in batches. When the queue is full, or a batch
 * cannot be written, the cards are dropped and counted (TRD-E063), and their feedback reports topic
 * {@code unknown}.
 */
final class CardIndex implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CardIndex.class);
    static final String INSERT = "INSERT INTO card_index (card_uuid, service_id, topic, issued_at) VALUES (?, ?, ?, ?)";

    /** A card as the index keeps it. */
    record IssuedCard(String uuid, String serviceId, String topic, Instant issuedAt) {}

    private final JdbcTemplate jdbc;
    private final BlockingQueue<IssuedCard> queue;
    private final int batchSize;
    private final Duration linger;
    private final Clock clock;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Cards queued and not yet written or dropped. */
    private final AtomicLong pending = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    CardIndex(JdbcTemplate jdbc, int capacity, int batchSize, Duration linger, Clock clock) {
        this.jdbc = jdbc;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.linger = linger;
        this.clock = clock;
        this.writer = new Thread(this::writeLoop, "card-index-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues the cards of one call; never blocks. */
    void add(String serviceId, List<Card> cards) {
        if (cards.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Card card : cards) {
            pending.incrementAndGet();
            if (!queue.offer(new IssuedCard(card.uuid(), serviceId, card.source().topic().code(), now))) {
                pending.decrementAndGet();
                drop(1, "the queue is full");
            }
        }
    }

    long written() {
        return written.get();
    }

    long dropped() {
        return dropped.get();
    }

    int queued() {
        return queue.size();
    }

    /** Waits until every card queued so far is written or dropped (tests, shutdown). */
    boolean awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return pending.get() == 0;
    }

    private void writeLoop() {
        List<IssuedCard> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                IssuedCard first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // linger a little so that one commit carries many cards under load
                long until = System.nanoTime() + linger.toNanos();
                while (batch.size() < batchSize && running) {
                    long left = until - System.nanoTime();
                    if (left <= 0 || queue.drainTo(batch, batchSize - batch.size()) == 0 && !waitFor(batch, left)) {
                        break;
                    }
                }
                queue.drainTo(batch, batchSize - batch.size());
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                pending.addAndGet(-batch.size());
                batch.clear();
            }
        }
    }

    private boolean waitFor(List<IssuedCard> batch, long nanos) throws InterruptedException {
        IssuedCard next = queue.poll(nanos, TimeUnit.NANOSECONDS);
        if (next == null) {
            return false;
        }
        batch.add(next);
        return true;
    }

    private void write(List<IssuedCard> batch) {
        try {
            jdbc.batchUpdate(INSERT, batch, batch.size(), (statement, card) -> {
                statement.setString(1, card.uuid());
                statement.setString(2, card.serviceId());
                statement.setString(3, card.topic());
                statement.setObject(4, OffsetDateTime.ofInstant(card.issuedAt(), ZoneOffset.UTC));
            });
            written.addAndGet(batch.size());
        } catch (RuntimeException e) {
            drop(batch.size(), "the database refused the batch: " + e.getClass().getSimpleName());
        }
    }

    private void drop(int count, String why) {
        long total = dropped.addAndGet(count);
        // the first drop, then one line per thousand: a full queue must not flood the log
        if (total == count || total / 1000 != (total - count) / 1000) {
            log.warn("TRD-E063 card index: {} card(s) not indexed, {} in all ({}); their feedback will report topic unknown",
                    count, total, why);
        }
    }

    /** Stops taking cards and writes what is queued. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(Duration.ofSeconds(10).toMillis());
    }
}
