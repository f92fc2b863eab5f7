package org.trdcds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies a CDS Hooks 2.0 client JWT (contract § Security): a listed issuer, a key of that issuer's JWK Set
 * found by {@code kid}, an asymmetric signature (RS384/ES384, or RS256/ES256), {@code aud} equal to the URL
 * called, {@code exp} in the future, {@code iat} not in the future, and a {@code jti} not seen before.
 * The signature is checked before any claim is trusted; {@code alg: none} and HMAC never pass.
 */
public final class ClientJwtVerifier {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final Map<String, String> jwksUriByIssuer;
    private final JwkSets keys;
    private final ReplayCache replays;
    private final Duration skew;
    private final Clock clock;

    ClientJwtVerifier(SecuritySettings settings, ReplayCache replays, Clock clock) {
        this.jwksUriByIssuer = settings.trustedClients().stream()
                .collect(Collectors.toUnmodifiableMap(SecuritySettings.TrustedClient::issuer, SecuritySettings.TrustedClient::jwksUri));
        this.keys = new JwkSets(settings.jwksTimeout(), settings.jwksRefreshInterval(), clock);
        this.replays = replays;
        this.skew = settings.clockSkew();
        this.clock = clock;
    }

    /**
     * @param token the compact JWT from {@code Authorization: Bearer}
     * @param audience the URL of the endpoint called
     * @return the verified issuer
     * @throws AuthenticationFailedException with the server-side reason
     * @throws ReplayStoreUnavailableException when the jti cannot be checked against the replay store
     */
    public String verify(String token, String audience) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new AuthenticationFailedException("not a signed JWT (JWS compact serialization)");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new AuthenticationFailedException("algorithm not allowed: " + header.getAlgorithm());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthenticationFailedException("unreadable claims");
        }
        String issuer = claims.getIssuer();
        String jwksUri = issuer == null ? null : jwksUriByIssuer.get(issuer);
        if (jwksUri == null) {
            throw new AuthenticationFailedException("issuer not trusted");
        }
        if (header.getJWKURL() != null && !header.getJWKURL().toString().equals(jwksUri)) {
            throw new AuthenticationFailedException("jku is not the issuer's allow-listed JWK Set");
        }
        if (header.getKeyID() == null) {
            throw new AuthenticationFailedException("no kid in the header");
        }
        JWK key = keys.key(jwksUri, header.getKeyID());
        if (key == null) {
            throw new AuthenticationFailedException("kid not in the issuer's JWK Set");
        }
        if (!signatureIsValid(jwt, key)) {
            throw new AuthenticationFailedException("bad signature");
        }
        checkClaims(claims, issuer, audience);
        return issuer;
    }

    private static boolean signatureIsValid(SignedJWT jwt, JWK key) {
        try {
            JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
            JWSVerifier verifier;
            if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
                verifier = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return false;
            }
            return jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private void checkClaims(JWTClaimsSet claims, String issuer, String audience) {
        Instant now = clock.instant();
        List<String> audiences = claims.getAudience();
        if (audiences == null || audiences.stream().noneMatch(a -> sameUrl(a, audience))) {
            throw new AuthenticationFailedException("aud does not name the endpoint called");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(skew).isAfter(now)) {
            throw new AuthenticationFailedException("expired or no exp");
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().isAfter(now.plus(skew))) {
            throw new AuthenticationFailedException("iat missing or in the future");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw new AuthenticationFailedException("no jti");
        }
        if (!replays.firstUse(issuer, jti, exp.toInstant().plus(skew), now)) {
            throw new AuthenticationFailedException("jti replayed");
        }
    }

    static boolean sameUrl(String claimed, String called) {
        return strip(claimed).equals(strip(called));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
