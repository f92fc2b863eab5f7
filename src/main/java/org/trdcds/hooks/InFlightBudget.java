package org.trdcds.hooks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the patient data being evaluated at once, measured by the size of the request bodies, so that a
 * burst of large patients cannot exhaust the heap. A call's body, parsed into JSON and then into FHIR
 * resources and CQL values, takes many times its size in heap: without this bound, sixteen concurrent
 * 2,000-resource calls ran a 160 MB heap out of memory, and the error killed Tomcat's poller thread, leaving a
 * server that accepted connections and never answered (issue 7).
 * <p>
 * A call waits, in arrival order, until its body fits the budget; after {@code maxWait} it is answered 503
 * with {@code Retry-After} (TRD-E045). A body larger than the whole budget waits until it is alone. Counted
 * in KiB.
 */
final class InFlightBudget {

    private final Semaphore kibibytes;
    private final int capacity;
    private final long maxWaitNanos;

    InFlightBudget(long budgetBytes, Duration maxWait) {
        this.capacity = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / 1024));
        this.kibibytes = new Semaphore(capacity, true);
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** The budget for a heap of {@code maxHeapBytes}: one sixty-fourth (2.5 MB of a 160 MB heap). */
    static long defaultFor(long maxHeapBytes) {
        return maxHeapBytes / 64;
    }

    /**
     * Waits until a body of {@code bodyBytes} fits, and holds its share until the returned admission is
     * closed.
     *
     * @throws ServerBusyException when it does not fit within the maximum wait
     */
    Admission admit(long bodyBytes) {
        int share = (int) Math.min(capacity, Math.max(1, (bodyBytes + 1023) / 1024));
        boolean admitted;
        try {
            admitted = kibibytes.tryAcquire(share, maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new ServerBusyException(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(maxWaitNanos)));
        }
        return new Admission(share);
    }

    /** KiB free now (tests). */
    int available() {
        return kibibytes.availablePermits();
    }

    /** One call's share of the budget, given back once. */
    final class Admission implements AutoCloseable {
        private int share;

        private Admission(int share) {
            this.share = share;
        }

        @Override
        public void close() {
            if (share > 0) {
                kibibytes.release(share);
                share = 0;
            }
        }
    }
}
