package org.trdcds.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code trd.security.*}: who may call the service (contract § Security).
 *
 * @param allowAnonymous accept calls without a token (local demos only); a present but invalid token is
 *     still refused
 * @param trustedClients the allow-list: issuer and the JWK Set URL of its keys
 * @param forwardedHeaders rebuild the called URL (for {@code aud}) from X-Forwarded-* headers
 * @param clockSkew tolerance for {@code exp} and {@code iat}
 * @param jwksTimeout connect and read timeout when fetching a JWK Set
 * @param jwksRefreshInterval least time between two fetches of one issuer's JWK Set for an unknown kid
 * @param replayCacheSize most {@code jti} values remembered in memory (the oldest are forgotten first)
 * @param replayStore where used {@code jti} values are kept: {@code database} (shared by the replicas of one
 *     database, kept across restarts), {@code memory} (this process only), or {@code auto}: database when
 *     {@code spring.datasource.url} names a database server, memory with the embedded H2 file
 * @param replayPurgeInterval how often expired {@code jti} rows are deleted from the database
 * @param corsAllowedOrigins origins of browser-based CDS clients; {@code *} allows any
 */
@ConfigurationProperties("trd.security")
public record SecuritySettings(
        @DefaultValue("false") boolean allowAnonymous,
        @DefaultValue List<TrustedClient> trustedClients,
        @DefaultValue("false") boolean forwardedHeaders,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("2s") Duration jwksTimeout,
        @DefaultValue("30s") Duration jwksRefreshInterval,
        @DefaultValue("100000") int replayCacheSize,
        @DefaultValue("auto") ReplayStore replayStore,
        @DefaultValue("5m") Duration replayPurgeInterval,
        @DefaultValue("*") List<String> corsAllowedOrigins) {

    /** Where used {@code jti} values are kept. */
    public enum ReplayStore { AUTO, DATABASE, MEMORY }

    /** One trusted EHR: its {@code iss} and where its public keys are ({@code https:}, {@code http:} or {@code file:}). */
    public record TrustedClient(String issuer, String jwksUri) {}
}
