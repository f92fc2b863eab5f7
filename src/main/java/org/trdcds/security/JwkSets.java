package org.trdcds.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JWK Set of each trusted issuer, fetched from its {@code jwks-uri} with a timeout and cached. An unknown
 * {@code kid} triggers one refresh, at most once per refresh interval, so a flood of bad tokens cannot
 * make the server hammer an EHR's key endpoint.
 */
final class JwkSets {

    private record Cached(JWKSet keys, Instant fetched) {}

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Duration refreshInterval;
    private final Clock clock;

    JwkSets(Duration timeout, Duration refreshInterval, Clock clock) {
        this.timeout = timeout;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
    }

    /** The key with this id in the set at {@code jwksUri}, or null when the set has none. */
    JWK key(String jwksUri, String kid) {
        Cached cached = cache.get(jwksUri);
        if (cached != null) {
            JWK key = cached.keys().getKeyByKeyId(kid);
            if (key != null || clock.instant().isBefore(cached.fetched().plus(refreshInterval))) {
                return key;
            }
        }
        Cached fresh = new Cached(fetch(jwksUri), clock.instant());
        cache.put(jwksUri, fresh);
        return fresh.keys().getKeyByKeyId(kid);
    }

    private JWKSet fetch(String jwksUri) {
        URI uri = URI.create(jwksUri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
            throw new AuthenticationFailedException("jwks-uri scheme not allowed: " + scheme);
        }
        try {
            URLConnection connection = uri.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(1_000_000);
                return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException | java.text.ParseException e) {
            throw new AuthenticationFailedException("cannot load the JWK Set at " + jwksUri + ": " + e.getClass().getSimpleName());
        }
    }
}
