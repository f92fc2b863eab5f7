package org.trdcds.system;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Housekeeping that runs again and again on a daemon thread of its own (the card index retention check, the
 * purge of used tokens), each run a fixed delay after the previous one ended, so runs never overlap and a
 * slow one delays the next instead of piling up. {@link #close()} stops it; a daemon thread never holds up the
 * JVM's exit.
 */
public final class RepeatingTask implements AutoCloseable {

    private final ScheduledExecutorService executor;

    private RepeatingTask(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * @param threadName the thread's name, as thread dumps and profiles show it
     * @param first how long after now the first run starts
     * @param every the delay between the end of one run and the start of the next (more than zero)
     * @param task what runs; an exception it throws cancels the runs after it, so the task catches its own
     */
    public static RepeatingTask start(String threadName, Duration first, Duration every, Runnable task) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(task, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new RepeatingTask(executor);
    }

    /** Stops the runs: a run in progress is interrupted, none starts after it. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
