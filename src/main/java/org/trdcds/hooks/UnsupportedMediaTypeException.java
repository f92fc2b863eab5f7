package org.trdcds.hooks;

/** The request body is not declared as JSON (TRD-E043, HTTP 415). */
final class UnsupportedMediaTypeException extends RuntimeException {
    UnsupportedMediaTypeException(String contentType) {
        super("Content-Type must be application/json, not " + (contentType == null ? "absent" : "'" + contentType + "'"));
    }
}
