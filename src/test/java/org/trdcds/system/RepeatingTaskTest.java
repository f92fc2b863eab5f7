package org.trdcds.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RepeatingTaskTest {

    @Test
    void runsAgainAndAgainOnADaemonThreadOfItsNameUntilClosed() throws InterruptedException {
        List<Thread> runs = new CopyOnWriteArrayList<>();
        CountDownLatch threeRuns = new CountDownLatch(3);
        RepeatingTask task = RepeatingTask.start("test-housekeeping", Duration.ZERO, Duration.ofMillis(5), () -> {
            runs.add(Thread.currentThread());
            threeRuns.countDown();
        });
        assertThat(threeRuns.await(10, TimeUnit.SECONDS)).as("three runs").isTrue();
        task.close();
        Thread.sleep(50); // a run that had started when close() was called has ended by now
        int runsWhenClosed = runs.size();
        Thread.sleep(100);

        assertThat(runs.size()).as("runs after close").isEqualTo(runsWhenClosed);
        assertThat(runs).allSatisfy(thread -> {
            assertThat(thread.getName()).isEqualTo("test-housekeeping");
            assertThat(thread.isDaemon()).isTrue();
        });
    }

    @Test
    void theFirstRunWaitsItsDelay() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        try (RepeatingTask task = RepeatingTask.start("test-later", Duration.ofHours(1), Duration.ofHours(1), ran::countDown)) {
            assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("ran within 200 ms of start").isFalse();
        }
    }
}
