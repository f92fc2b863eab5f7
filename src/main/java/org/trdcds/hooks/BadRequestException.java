package org.trdcds.hooks;

/** The request is not a well-formed call of this service (TRD-E040, HTTP 400). */
final class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
        super(message);
    }
}
