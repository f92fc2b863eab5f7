package org.trdcds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.trdcds.cards.Card;
import org.trdcds.cards.CardTopics;
import org.trdcds.testing.Databases;

/** The card index never makes a service call wait: batches are written behind it, and what cannot be is counted. */
class CardIndexTest {

    static List<Card> cards(int n, String topic) {
        List<Card> cards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cards.add(new Card(UUID.randomUUID().toString(), "s", null, "info",
                    new Card.Source("l", null, new Card.Coding(CardTopics.SYSTEM, topic, null)), null, null, null, null));
        }
        return cards;
    }

    @Test
    void cardsAreWrittenInBatches() throws Exception {
        DataSource database = Databases.migratedH2InMemory();
        try (CardIndex index = new CardIndex(new JdbcTemplate(database), 10_000, 500, Duration.ofMillis(20), Clock.systemUTC())) {
            for (int call = 0; call < 2_000; call++) {
                index.add("trd-patient-view", cards(2, "nonresponse"));
            }
            assertThat(index.awaitWritten(Duration.ofSeconds(30))).isTrue();
            assertThat(index.written()).isEqualTo(4_000);
            assertThat(index.dropped()).isZero();
            assertThat(new JdbcTemplate(database).queryForObject(
                    "SELECT COUNT(*) FROM card_index WHERE topic = 'nonresponse'", Integer.class)).isEqualTo(4_000);
        }
    }

    @Test
    void aStuckDatabaseNeverBlocksACallAndTheDropsAreCounted() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        DataSource slow = new DelegatingDataSource(Databases.migratedH2InMemory()) {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    stuck.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.getConnection();
            }
        };
        try (CardIndex index = new CardIndex(new JdbcTemplate(slow), 100, 50, Duration.ofMillis(1), Clock.systemUTC())) {
            List<List<Card>> calls = new ArrayList<>();
            for (int call = 0; call < 10_000; call++) {
                calls.add(cards(1, "trd"));
            }
            long started = System.nanoTime();
            for (List<Card> call : calls) {
                index.add("trd-patient-view", call);
            }
            long perCallNanos = (System.nanoTime() - started) / 10_000;
            assertThat(index.dropped()).as("the queue holds 100, the writer took at most one batch").isGreaterThanOrEqualTo(10_000 - 150);
            stuck.countDown();
            assertThat(index.awaitWritten(Duration.ofSeconds(30))).isTrue();
            assertThat(index.written() + index.dropped()).isEqualTo(10_000);
            // the cost a service call pays: microseconds at most, not milliseconds
            assertThat(perCallNanos).isLessThan(100_000);
            System.out.printf("card index: %d ns per call while the database is stuck%n", perCallNanos);
        }
    }

    @Test
    void aCallWithNoCardsCostsNothing() throws Exception {
        DataSource database = Databases.migratedH2InMemory();
        try (CardIndex index = new CardIndex(new JdbcTemplate(database), 10, 5, Duration.ofMillis(1), Clock.systemUTC())) {
            index.add("trd-patient-view", List.of());
            assertThat(index.queued()).isZero();
            assertThat(index.awaitWritten(Duration.ofSeconds(1))).isTrue();
        }
    }
}
