package org.trdcds.hooks;

/** {@code from} or {@code to} of a feedback query is not a date or an instant, or ends before it starts (TRD-E062, HTTP 400). */
final class InvalidTimeWindowException extends RuntimeException {
    InvalidTimeWindowException(String message) {
        super(message);
    }
}
