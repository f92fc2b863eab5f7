package org.trdcds.security;

import java.time.Instant;

/**
 * The {@code jti} values of accepted client JWTs until they expire, so that a token is accepted once
 * (contract § Security). {@code trd.security.replay-store} chooses where they are kept: {@code database}
 * (the default; shared by every replica on one PostgreSQL, and kept across restarts) or {@code memory}.
 */
interface ReplayCache {

    /**
     * Remembers the jti until {@code expires}.
     *
     * @return false when this issuer's jti was already used and has not expired
     * @throws ReplayStoreUnavailableException when the store cannot say (the call is then refused)
     */
    boolean firstUse(String issuer, String jti, Instant expires, Instant now);
}
