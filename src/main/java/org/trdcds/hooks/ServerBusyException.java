package org.trdcds.hooks;

/**
 * The patient data of the calls in progress fills the in-flight budget, and this call waited its longest
 * (TRD-E045, HTTP 503 with Retry-After): the server is busy, not broken; the client may call again.
 */
final class ServerBusyException extends RuntimeException {
    private final long retryAfterSeconds;

    ServerBusyException(long retryAfterSeconds) {
        super("the server is busy evaluating other calls; retry in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
