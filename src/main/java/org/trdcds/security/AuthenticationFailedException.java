package org.trdcds.security;

/**
 * The client JWT was refused (TRD-E050, HTTP 401). The message is the server-side reason; the client is
 * told only that authentication failed.
 */
public final class AuthenticationFailedException extends RuntimeException {
    AuthenticationFailedException(String reason) {
        super(reason, null, false, false);
    }
}
