package org.trdcds.feedback;

/** The feedback database could not be read or written (TRD-E061, HTTP 503): the client may retry. */
public final class FeedbackUnavailableException extends RuntimeException {
    FeedbackUnavailableException(String what, Throwable cause) {
        super("feedback could not be " + what + " (database unavailable); retry later", cause);
    }
}
