package org.trdcds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.trdcds.testing.Databases;

/**
 * Cards leave the card index after the retention period, and nothing a reader sees changes: the summary still
 * counts them as returned, feedback keeps its topic.
 */
class CardIndexRetentionTest {

    static final Duration RETENTION = Duration.ofDays(400);
    static final Instant NOW = Instant.parse("2026-06-01T12:30:00Z");
    /** NOW minus 400 days is 2025-04-27T12:30Z; the period counts from the start of that hour. */
    static final Instant CUTOFF = Instant.parse("2025-04-27T12:00:00Z");

    final String service = "trd-patient-view-" + UUID.randomUUID();
    final String otherService = "trd-order-sign-" + UUID.randomUUID();

    static void index(JdbcTemplate jdbc, String uuid, String service, String topic, Instant issuedAt) {
        jdbc.update(CardIndex.INSERT, uuid, service, topic, OffsetDateTime.ofInstant(issuedAt, ZoneOffset.UTC));
    }

    static FeedbackEntry overridden(String card, Instant at) {
        return new FeedbackEntry(card, FeedbackEntry.OVERRIDDEN, null,
                new FeedbackEntry.OverrideReason(new FeedbackEntry.Coding("http://example.org/reasons", "already-done", "Already done"), null),
                at, null);
    }

    /** Returned cards per topic, as the summary reports them. */
    static Map<String, Long> returned(FeedbackSummary summary) {
        return summary.topics().stream().filter(t -> t.cardsReturned() > 0)
                .collect(Collectors.toMap(FeedbackSummary.Topic::topic, FeedbackSummary.Topic::cardsReturned, Long::sum, TreeMap::new));
    }

    Map<String, Long> hourCounts(JdbcTemplate jdbc, String serviceId) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT topic, issued_hour, cards FROM card_count WHERE service_id = ?", row -> {
            counts.put(row.getString("topic") + " " + row.getObject("issued_hour", OffsetDateTime.class).toInstant(), row.getLong("cards"));
        }, serviceId);
        return counts;
    }

    @Test
    void onH2OldCardsWithoutFeedbackLeaveTheIndexAndTheSummaryStaysWhole() throws Exception {
        oldCardsWithoutFeedbackLeaveTheIndexAndTheSummaryStaysWhole(Databases.migratedH2InMemory());
    }

    @Test
    @EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
    void onPostgresOldCardsWithoutFeedbackLeaveTheIndexAndTheSummaryStaysWhole() throws Exception {
        // a schema of its own: a check retires every old card in the database, other tests' cards included
        String schema = "retention_" + UUID.randomUUID().toString().replace("-", "");
        String url = Databases.postgresUrl() + (Databases.postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        DataSource postgres = new DriverManagerDataSource(url, Databases.postgresUser(), Databases.postgresPassword());
        Flyway.configure().dataSource(postgres).schemas(schema).load().migrate();
        try {
            oldCardsWithoutFeedbackLeaveTheIndexAndTheSummaryStaysWhole(postgres);
        } finally {
            new JdbcTemplate(postgres).execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    void oldCardsWithoutFeedbackLeaveTheIndexAndTheSummaryStaysWhole(DataSource database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(database);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        String d = UUID.randomUUID().toString();
        String e = UUID.randomUUID().toString();
        index(jdbc, a, service, "nonresponse", CUTOFF.minusSeconds(1)); // a second too old: leaves
        index(jdbc, b, service, "nonresponse", CUTOFF); // exactly the period: stays
        index(jdbc, c, service, "trd", CUTOFF.minus(Duration.ofMinutes(105))); // 10:15, leaves
        index(jdbc, d, service, "trd", CUTOFF.minus(Duration.ofDays(1))); // old, but has feedback: stays
        index(jdbc, e, service, "nonresponse", NOW.minus(Duration.ofHours(1)));
        index(jdbc, UUID.randomUUID().toString(), otherService, "esketamine-eligible", CUTOFF.minus(Duration.ofHours(3)));
        try (CardIndex cardIndex = new CardIndex(jdbc, 10, 10, Duration.ofMillis(1), Clock.systemUTC());
             CardIndexRetention retention = new CardIndexRetention(jdbc, RETENTION, Duration.ofDays(1), 5_000, Clock.systemUTC())) {
            FeedbackStore store = new FeedbackStore(jdbc, cardIndex, Clock.systemUTC(), CommitFlush.forDatabase(jdbc));
            assertThat(store.store(service, List.of(overridden(d, CUTOFF.minus(Duration.ofHours(20)))))).isEqualTo(1);
            FeedbackSummary before = store.summary(service, null, null);
            assertThat(returned(before)).containsExactlyEntriesOf(new TreeMap<>(Map.of("nonresponse", 3L, "trd", 2L)));

            assertThat(retention.retire(NOW)).as("a, c and the other service's card").isEqualTo(3);

            assertThat(jdbc.queryForList("SELECT card_uuid FROM card_index WHERE service_id IN (?, ?)", String.class, service, otherService))
                    .containsExactlyInAnyOrder(b, d, e);
            assertThat(hourCounts(jdbc, service)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "nonresponse 2025-04-27T11:00:00Z", 1L, "trd 2025-04-27T10:00:00Z", 1L)));
            assertThat(hourCounts(jdbc, otherService)).containsExactlyEntriesOf(Map.of("esketamine-eligible 2025-04-27T09:00:00Z", 1L));
            FeedbackSummary after = store.summary(service, null, null);
            assertThat(after).isEqualTo(before);
            assertThat(store.entries(service, null, null)).singleElement()
                    .satisfies(entry -> assertThat(entry.topic()).as("feedback keeps its card's topic").isEqualTo("trd"));
            // a window counts a retired card by the hour it was returned in
            assertThat(returned(store.summary(service, CUTOFF.minus(Duration.ofHours(1)), CUTOFF)))
                    .containsExactlyEntriesOf(Map.of("nonresponse", 1L));
            assertThat(returned(store.summary(service, CUTOFF, null))).containsExactlyEntriesOf(Map.of("nonresponse", 2L));

            assertThat(retention.retire(NOW)).as("a second check finds nothing more").isZero();
            assertThat(store.summary(service, null, null)).isEqualTo(before);
            assertThat(retention.retired()).isEqualTo(3);

            // feedback that arrives after its card has left reports topic unknown (contract § Feedback)
            assertThat(store.store(service, List.of(overridden(a, NOW)))).isEqualTo(1);
            assertThat(store.entries(service, NOW, null)).singleElement()
                    .satisfies(entry -> assertThat(entry.topic()).isEqualTo(FeedbackEntry.UNKNOWN_TOPIC));
            assertThat(returned(store.summary(service, null, null))).as("the card is still counted once")
                    .containsExactlyEntriesOf(new TreeMap<>(Map.of("nonresponse", 3L, "trd", 2L)));
        }
    }

    @Test
    void aBacklogIsRetiredInSeveralTransactionsAndEachCardCountedOnce() {
        JdbcTemplate jdbc = new JdbcTemplate(Databases.migratedH2InMemory());
        Instant hour = Instant.parse("2024-01-10T08:00:00Z");
        for (int i = 0; i < 250; i++) {
            index(jdbc, UUID.randomUUID().toString(), service, "nonresponse", hour.plusSeconds(i));
        }
        for (int i = 0; i < 30; i++) {
            index(jdbc, UUID.randomUUID().toString(), service, "nonresponse", hour.plus(Duration.ofHours(1)).plusSeconds(i));
        }
        try (CardIndexRetention retention = new CardIndexRetention(jdbc, RETENTION, Duration.ofDays(1), 100, Clock.systemUTC())) {
            assertThat(retention.retire(NOW)).isEqualTo(280);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_index", Integer.class)).isZero();
        assertThat(hourCounts(jdbc, service)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "nonresponse 2024-01-10T08:00:00Z", 250L, "nonresponse 2024-01-10T09:00:00Z", 30L)));
    }

    @Test
    void aRetentionOfZeroKeepsEveryCard() {
        JdbcTemplate jdbc = new JdbcTemplate(Databases.migratedH2InMemory());
        index(jdbc, UUID.randomUUID().toString(), service, "nonresponse", Instant.parse("2001-01-01T00:00:00Z"));
        try (CardIndexRetention retention = new CardIndexRetention(jdbc, Duration.ZERO, Duration.ofHours(1), 5_000, Clock.systemUTC())) {
            assertThat(retention.enabled()).isFalse();
            assertThat(retention.retire(NOW)).isZero();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_index", Integer.class)).isEqualTo(1);
    }

    @Test
    void aNegativePeriodIsRefusedAtStart() {
        JdbcTemplate jdbc = new JdbcTemplate(Databases.migratedH2InMemory());
        assertThatThrownBy(() -> new CardIndexRetention(jdbc, Duration.ofDays(-1), Duration.ofHours(1), 5_000, Clock.systemUTC()))
                .hasMessageContaining("trd.feedback.card-index.retention");
        assertThatThrownBy(() -> new CardIndexRetention(jdbc, RETENTION, Duration.ZERO, 5_000, Clock.systemUTC()))
                .hasMessageContaining("retention-check");
    }
}
