package org.trdcds.feedback;

import java.sql.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Puts committed feedback in the database file before the call answers, where the database does not do so
 * by itself.
 * <ul>
 * <li>PostgreSQL (and any database other than H2) has a commit on disk when it returns: nothing to do.</li>
 * <li>H2 with its default write delay (500 ms) writes commits from a background thread. That thread is also
 *     what compacts the file: with {@code WRITE_DELAY=0} the file, and the chunk list H2 keeps in the heap,
 *     grew without bound under load (350 MB after 33k hook calls, issue 7). So the embedded database keeps its
 *     write delay, and a feedback write ends with {@code CHECKPOINT}, which writes every commit to the file.
 *     Acknowledged feedback survives SIGKILL ({@code FeedbackSurvivesKillIT}); the card index, which may lose
 *     its last half second to a crash, does not pay for it.</li>
 * </ul>
 * {@code CHECKPOINT} needs H2's admin right. Where the H2 user lacks it, the server still starts, and says
 * that acknowledged feedback is durable only if the URL sets {@code WRITE_DELAY=0} (TRD-E064).
 */
final class CommitFlush {

    private static final Logger log = LoggerFactory.getLogger(CommitFlush.class);

    private final JdbcTemplate jdbc;
    private final boolean checkpoint;

    private CommitFlush(JdbcTemplate jdbc, boolean checkpoint) {
        this.jdbc = jdbc;
        this.checkpoint = checkpoint;
    }

    /** The flush the database behind {@code jdbc} needs; asks the database once, at start-up. */
    static CommitFlush forDatabase(JdbcTemplate jdbc) {
        String product = jdbc.execute((Connection connection) -> connection.getMetaData().getDatabaseProductName());
        if (!"H2".equals(product)) {
            return new CommitFlush(jdbc, false);
        }
        try {
            jdbc.execute("CHECKPOINT");
            return new CommitFlush(jdbc, true);
        } catch (DataAccessException e) {
            log.warn("TRD-E064 the H2 user may not run CHECKPOINT ({}): acknowledged feedback is durable only if the"
                    + " datasource URL sets WRITE_DELAY=0", e.getClass().getSimpleName());
            return new CommitFlush(jdbc, false);
        }
    }

    /** Whether {@link #afterCommit()} writes anything (tests). */
    boolean checkpoints() {
        return checkpoint;
    }

    /**
     * Makes the commits made so far durable.
     *
     * @throws DataAccessException when the database fails
     */
    void afterCommit() {
        if (checkpoint) {
            jdbc.execute("CHECKPOINT");
        }
    }
}
