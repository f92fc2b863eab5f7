package org.trdcds.system;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import org.trdcds.hooks.ExampleCalls;

/**
 * Warms the server before it takes calls: the example hook calls shipped in the jar, and one larger call per
 * service made of them all ({@link ExampleCalls#warmUp()}), are answered, from JSON body to JSON cards, until
 * the JIT has compiled the pipeline or the budget is spent, so that the first real call does not pay for loading
 * it (it still runs well above the steady speed for a hundred calls or so: README, "Running in production").
 * Runs on its own thread while the rest of the application starts (database, web server), and keeps the "cql"
 * health component, and so the server's health, DOWN until it is done. A failing example is logged and stops
 * the warm-up: warming never stops the server.
 */
@Component("cqlHealthIndicator")
class EngineWarmup implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmup.class);
    static final int ROUNDS = 40;

    /**
     * Warm-up stops after this long even if the rounds are not done (start-up time is a target too); one
     * round is always answered, so that every step of the pipeline is loaded.
     */
    private final long budgetNanos;
    private volatile boolean warm;

    EngineWarmup(ExampleCalls examples, @Value("${trd.warmup.budget:2500ms}") Duration budget) {
        this.budgetNanos = budget.toNanos();
        Thread warming = new Thread(() -> warm(examples), "engine-warmup");
        warming.setDaemon(true);
        warming.start();
    }

    private void warm(ExampleCalls examples) {
        long started = System.nanoTime();
        int rounds = 0;
        while (rounds < ROUNDS && (rounds == 0 || System.nanoTime() - started < budgetNanos)) {
            try {
                examples.warmUp();
            } catch (RuntimeException e) {
                log.warn("warm-up stopped: an example call failed ({})", e.getClass().getSimpleName()); // no message: it may quote data
                break;
            }
            rounds++;
        }
        warm = true;
        log.info("warm: {} example calls and one larger call per service x {} rounds in {} ms", examples.count(), rounds,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public Health health() {
        return warm ? Health.up().withDetail("cql", "compiled ELM loaded, engine warm").build()
                : Health.down().withDetail("cql", "warming up").build();
    }
}
