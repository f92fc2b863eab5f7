package org.trdcds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.trdcds.testing.Databases;

/**
 * Which databases get a CHECKPOINT after a feedback write. That the checkpoint makes acknowledged feedback
 * survive SIGKILL is {@code FeedbackSurvivesKillIT}'s to show, on the shipped H2 URL.
 */
class CommitFlushTest {

    @Test
    void theEmbeddedH2FileIsCheckpointedAfterEachFeedbackWrite() {
        String url = "jdbc:h2:file:" + Databases.newH2File("flush") + ";DB_CLOSE_ON_EXIT=FALSE";
        CommitFlush flush = CommitFlush.forDatabase(new JdbcTemplate(new DriverManagerDataSource(url, "sa", "")));
        assertThat(flush.checkpoints()).isTrue();
        flush.afterCommit();
    }

    @Test
    void anH2UserWithoutAdminRightsStartsWithoutCheckpoints() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID();
        JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(url + ";DB_CLOSE_DELAY=-1", "sa", ""));
        admin.execute("CREATE USER clerk PASSWORD 'clerk'");
        CommitFlush flush = CommitFlush.forDatabase(new JdbcTemplate(new DriverManagerDataSource(url, "clerk", "clerk")));
        assertThat(flush.checkpoints()).isFalse();
        flush.afterCommit(); // does nothing, and does not fail
    }

    @Test
    @EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
    void postgresCommitsAreDurableWithoutHelp() {
        DataSource postgres = new DriverManagerDataSource(Databases.postgresUrl(), Databases.postgresUser(),
                Databases.postgresPassword());
        assertThat(CommitFlush.forDatabase(new JdbcTemplate(postgres)).checkpoints()).isFalse();
    }
}
