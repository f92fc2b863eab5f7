package org.trdcds.hooks;

/** The request body is larger than trd.http.max-body-size (TRD-E042, HTTP 413). */
final class BodyTooLargeException extends RuntimeException {
    BodyTooLargeException(long limit) {
        super("the request body is larger than the limit of " + limit + " bytes");
    }
}
