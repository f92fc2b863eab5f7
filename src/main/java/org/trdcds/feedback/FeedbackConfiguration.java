package org.trdcds.feedback;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The feedback store over the application's DataSource (embedded H2 by default, PostgreSQL by
 * {@code spring.datasource.*}; Flyway has migrated its schema before these beans are built), and the card
 * index writer with its bounds and its retention period ({@code trd.feedback.card-index.*}).
 */
@Configuration(proxyBeanMethods = false)
class FeedbackConfiguration {

    @Bean(destroyMethod = "close")
    CardIndex cardIndex(JdbcTemplate jdbc,
                        @Value("${trd.feedback.card-index.queue-size:10000}") int queueSize,
                        @Value("${trd.feedback.card-index.batch-size:500}") int batchSize,
                        @Value("${trd.feedback.card-index.linger:50ms}") Duration linger) {
        return new CardIndex(jdbc, queueSize, batchSize, linger, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    CardIndexRetention cardIndexRetention(JdbcTemplate jdbc,
                                          @Value("${trd.feedback.card-index.retention:400d}") Duration retention,
                                          @Value("${trd.feedback.card-index.retention-check:1h}") Duration every) {
        return new CardIndexRetention(jdbc, retention, every, 5_000, Clock.systemUTC());
    }

    @Bean
    FeedbackStore feedbackStore(JdbcTemplate jdbc, CardIndex cardIndex) {
        return new FeedbackStore(jdbc, cardIndex, Clock.systemUTC(), CommitFlush.forDatabase(jdbc));
    }

    /** The "cardIndex" health component: always UP (a dropped card loses only its topic), with the counts. */
    @Bean
    HealthIndicator cardIndexHealthIndicator(FeedbackStore store, CardIndexRetention retention) {
        return () -> Health.up().withDetails(store.cardIndexHealth())
                .withDetail("cardsRetired", retention.retired()).build();
    }
}
