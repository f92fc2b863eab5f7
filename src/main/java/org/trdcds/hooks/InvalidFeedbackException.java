package org.trdcds.hooks;

/** A feedback entry is not a valid CDS Hooks 2.0 feedback entry (TRD-E060, HTTP 400); nothing is stored. */
final class InvalidFeedbackException extends RuntimeException {
    InvalidFeedbackException(String message) {
        super(message);
    }
}
