package org.trdcds.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.Cql;

/**
 * The content and the compiled CQL are built once, before Spring starts (issue 7): the beans
 * get those very instances, wait for them while they are being built, and fail with the builder's own
 * exception when it failed.
 */
class EarlyPartsTest {

    private static final EarlyParts.Parts PARTS = new EarlyParts.Parts(Cql.CONTENT, Cql.ENGINE);

    @Test
    void theBeansGetThePartsBuiltEarlyWhichAreBuiltOnce() {
        AtomicInteger builds = new AtomicInteger();
        EarlyParts early = new EarlyParts(() -> {
            builds.incrementAndGet();
            return PARTS;
        });
        early.start();
        early.start(); // a second begin builds nothing more

        assertThat(early.content(() -> { throw new AssertionError("built again"); })).isSameAs(Cql.CONTENT);
        assertThat(early.rules(() -> { throw new AssertionError("built again"); })).isSameAs(Cql.ENGINE);
        assertThat(builds).hasValue(1);
    }

    @Test
    void aBeanAskedForWhileThePartsAreBeingBuiltWaitsForThem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EarlyParts early = new EarlyParts(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PARTS;
        });
        early.start();
        var asking = java.util.concurrent.CompletableFuture.supplyAsync(() -> early.content(() -> null));
        Thread.sleep(100);
        assertThat(asking).isNotDone();
        release.countDown();
        assertThat(asking.get(10, TimeUnit.SECONDS)).isSameAs(Cql.CONTENT);
    }

    @Test
    void withoutABeginEachBeanBuildsItsOwnPart() {
        EarlyParts notBegun = new EarlyParts(() -> { throw new AssertionError("nothing was begun"); });
        assertThat(notBegun.content(() -> Cql.CONTENT)).isSameAs(Cql.CONTENT);
        assertThat(notBegun.rules(() -> Cql.ENGINE)).isSameAs(Cql.ENGINE);
    }

    @Test
    void aPartThatFailedFailsTheBeanWithTheSameException() {
        IllegalStateException contentError = new IllegalStateException("TRD-E004 PlanDefinition/x names no library");
        EarlyParts early = new EarlyParts(() -> { throw contentError; });
        early.start();
        assertThatThrownBy(() -> early.content(() -> Cql.CONTENT)).isSameAs(contentError);
        assertThatThrownBy(() -> early.rules(() -> Cql.ENGINE)).isSameAs(contentError);
    }
}
