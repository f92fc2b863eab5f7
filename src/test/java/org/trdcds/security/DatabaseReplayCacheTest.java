package org.trdcds.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.trdcds.testing.Databases;

/** jti replay protection in the database (trd.security.replay-store=database), as two replicas share it. */
class DatabaseReplayCacheTest {

    final Instant now = Instant.parse("2026-06-01T12:00:00Z");
    final DataSource database = Databases.migratedH2InMemory();

    DatabaseReplayCache replica() {
        return new DatabaseReplayCache(new JdbcTemplate(database), false, Duration.ofHours(1), Clock.systemUTC());
    }

    @Test
    void aJtiIsAcceptedOncePerIssuerUntilItExpires() {
        try (DatabaseReplayCache cache = replica()) {
            assertThat(cache.firstUse("ehr-a", "1", now.plusSeconds(60), now)).isTrue();
            assertThat(cache.firstUse("ehr-a", "1", now.plusSeconds(60), now.plusSeconds(30))).isFalse();
            assertThat(cache.firstUse("ehr-b", "1", now.plusSeconds(60), now)).isTrue();
            assertThat(cache.firstUse("ehr-a", "1", now.plusSeconds(200), now.plusSeconds(61))).isTrue();
            assertThat(cache.firstUse("ehr-a", "1", now.plusSeconds(200), now.plusSeconds(62))).isFalse();
        }
    }

    @Test
    void aTokenUsedOnOneReplicaIsRefusedByAnother() {
        try (DatabaseReplayCache first = replica(); DatabaseReplayCache second = replica()) {
            assertThat(first.firstUse("ehr", "jti-1", now.plusSeconds(300), now)).isTrue();
            assertThat(second.firstUse("ehr", "jti-1", now.plusSeconds(300), now)).isFalse();
            assertThat(second.firstUse("ehr", "jti-2", now.plusSeconds(300), now)).isTrue();
            assertThat(first.firstUse("ehr", "jti-2", now.plusSeconds(300), now)).isFalse();
        }
    }

    @Test
    void expiredRowsArePurged() {
        try (DatabaseReplayCache cache = replica()) {
            for (int i = 0; i < 50; i++) {
                cache.firstUse("ehr", "old-" + i, now.minusSeconds(1), now.minusSeconds(100));
            }
            cache.firstUse("ehr", "live", now.plusSeconds(300), now);
            assertThat(cache.purge(now)).isEqualTo(50);
            assertThat(new JdbcTemplate(database).queryForObject("SELECT COUNT(*) FROM used_token", Integer.class)).isEqualTo(1);
            assertThat(cache.firstUse("ehr", "live", now.plusSeconds(300), now)).isFalse();
        }
    }

    @Test
    void theKeyHoldsNoTokenContentAndHasOneSize() {
        String key = DatabaseReplayCache.key("https://ehr.example.org", "a".repeat(5000));
        assertThat(key).hasSize(64).doesNotContain("ehr");
        assertThat(DatabaseReplayCache.key("a", "bc")).isNotEqualTo(DatabaseReplayCache.key("ab", "c"));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
    void onPostgresTwoReplicasShareTheUsedJtisAndACheckCostsLittle() {
        DataSource postgres = new DriverManagerDataSource(Databases.postgresUrl(), Databases.postgresUser(), Databases.postgresPassword());
        Flyway.configure().dataSource(postgres).load().migrate();
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource()) {
            pool.setDataSource(postgres);
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            try (DatabaseReplayCache first = new DatabaseReplayCache(jdbc, true, Duration.ofHours(1), Clock.systemUTC());
                 DatabaseReplayCache second = new DatabaseReplayCache(jdbc, true, Duration.ofHours(1), Clock.systemUTC())) {
                Instant live = Instant.now();
                String jti = java.util.UUID.randomUUID().toString();
                assertThat(first.firstUse("ehr", jti, live.plusSeconds(300), live)).isTrue();
                assertThat(second.firstUse("ehr", jti, live.plusSeconds(300), live)).isFalse();
                assertThat(first.firstUse("ehr", jti, live.plusSeconds(300), live)).isFalse();
                long[] nanos = new long[300];
                for (int i = 0; i < nanos.length; i++) {
                    long started = System.nanoTime();
                    first.firstUse("ehr", java.util.UUID.randomUUID().toString(), live.plusSeconds(300), live);
                    nanos[i] = System.nanoTime() - started;
                }
                java.util.Arrays.sort(nanos);
                System.out.printf("jti check on PostgreSQL (asynchronous commit): p50 %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
                        nanos[150] / 1e6, nanos[270] / 1e6, nanos[297] / 1e6);
                assertThat(nanos[150]).as("p50 of a jti check").isLessThan(2_000_000);
            }
        }
    }

    @Test
    void theDefaultStoreFollowsTheDatabase() {
        assertThat(SecurityConfiguration.isEmbedded("jdbc:h2:file:./data/trd-cds;WRITE_DELAY=0")).isTrue();
        assertThat(SecurityConfiguration.isEmbedded("jdbc:h2:mem:x")).isTrue();
        assertThat(SecurityConfiguration.isEmbedded("jdbc:h2:tcp://db/trd")).isFalse();
        assertThat(SecurityConfiguration.isEmbedded("jdbc:postgresql://db:5432/trd")).isFalse();
    }

    @Test
    void aDatabaseThatCannotBeReachedRefusesRatherThanLetsThrough() {
        DataSource unreachable = new DriverManagerDataSource("jdbc:h2:mem:never-migrated-" + now.toEpochMilli(), "sa", "");
        try (DatabaseReplayCache cache = new DatabaseReplayCache(new JdbcTemplate(unreachable), false, Duration.ofHours(1), Clock.systemUTC())) {
            assertThatThrownBy(() -> cache.firstUse("ehr", "1", now.plusSeconds(60), now))
                    .isInstanceOf(ReplayStoreUnavailableException.class);
        }
    }
}
