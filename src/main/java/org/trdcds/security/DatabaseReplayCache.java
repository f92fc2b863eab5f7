package org.trdcds.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trdcds.system.RepeatingTask;

/**
 * The used {@code jti} values in the database (table {@code used_token}), so that every replica on one
 * PostgreSQL refuses a token another replica accepted, and a restart forgets nothing. The key is the SHA-256
 * of issuer and jti: inserting it twice violates the primary key, which is the replay. A row whose token has
 * expired may be taken over; expired rows are purged every {@code trd.security.replay-purge-interval}.
 *
 * <p>On PostgreSQL the row is committed with {@code synchronous_commit} off: it is visible to every replica
 * as soon as the commit returns, without waiting for the WAL flush that a call would otherwise pay for
 * (p50 0.9 ms, p90 8 ms measured on loopback). What that gives up: after a crash of PostgreSQL itself, the
 * jti rows of the last fraction of a second may be gone, while their tokens live on for minutes.
 */
final class DatabaseReplayCache implements ReplayCache, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseReplayCache.class);

    static final String INSERT = "INSERT INTO used_token (token_key, expires_at) VALUES (?, ?)";

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final Clock clock;
    private final RepeatingTask purger;

    DatabaseReplayCache(JdbcTemplate jdbc, boolean postgres, Duration purgeInterval, Clock clock) {
        this.jdbc = jdbc;
        this.postgres = postgres;
        this.clock = clock;
        Duration every = purgeInterval.toMillis() < 1 ? Duration.ofMillis(1) : purgeInterval;
        this.purger = RepeatingTask.start("used-token-purge", every, every, this::purgeQuietly);
    }

    @Override
    public boolean firstUse(String issuer, String jti, Instant expires, Instant now) {
        String key = key(issuer, jti);
        try {
            try {
                insert(key, expires);
                return true;
            } catch (DuplicateKeyException used) {
                // seen before: a replay, unless that use has expired (then the jti may be used again)
                return jdbc.update("UPDATE used_token SET expires_at = ? WHERE token_key = ? AND expires_at <= ?",
                        utc(expires), key, utc(now)) == 1;
            }
        } catch (DataAccessException e) {
            throw new ReplayStoreUnavailableException(e);
        }
    }

    private void insert(String key, Instant expires) {
        if (!postgres) {
            jdbc.update(INSERT, key, utc(expires));
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement asynchronous = connection.createStatement();
                 PreparedStatement insert = connection.prepareStatement(INSERT)) {
                asynchronous.execute("SET LOCAL synchronous_commit TO OFF");
                insert.setString(1, key);
                insert.setObject(2, utc(expires));
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    /** Deletes the rows of tokens that have expired; returns how many. */
    int purge(Instant now) {
        return jdbc.update("DELETE FROM used_token WHERE expires_at <= ?", utc(now));
    }

    private void purgeQuietly() {
        try {
            int purged = purge(clock.instant());
            log.debug("purged {} expired jti rows", purged);
        } catch (RuntimeException e) {
            log.warn("TRD-E052 could not purge expired jti rows: {}", e.getClass().getSimpleName());
        }
    }

    static String key(String issuer, String jti) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(issuer.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(jti.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public void close() {
        purger.close();
    }
}
