package org.trdcds.security;

/**
 * The jti replay store (the database) cannot be reached, so a token cannot be checked for replay
 * (TRD-E051, HTTP 503). The call is refused rather than let through unchecked.
 */
final class ReplayStoreUnavailableException extends RuntimeException {
    ReplayStoreUnavailableException(Throwable cause) {
        super("the jti replay store is unavailable", cause);
    }
}
