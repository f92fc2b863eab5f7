package org.trdcds.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Real keys and real signed client JWTs, as an EHR would mint them (CDS Hooks 2.0 § Trusting CDS Clients). */
public final class TestTokens {

    public static final String ISSUER = "https://ehr.example.org";
    public static final RSAKey RSA = generateRsa("rsa-1");
    public static final ECKey EC = generateEc("ec-1");
    public static final RSAKey UNLISTED_RSA = generateRsa("rsa-unlisted");

    private TestTokens() {}

    static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the issuer's public JWK Set and returns its file: URI. */
    public static String writeJwks(Path file, com.nimbusds.jose.jwk.JWK... keys) {
        try {
            Files.createDirectories(file.getParent());
            List<com.nimbusds.jose.jwk.JWK> publicKeys = java.util.Arrays.stream(keys).map(com.nimbusds.jose.jwk.JWK::toPublicJWK).toList();
            Files.writeString(file, new JWKSet(publicKeys).toString());
            return file.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JWTClaimsSet.Builder claims(String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    public static String rs384(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS384, RSA.getKeyID(), claims, rsaSigner(RSA));
    }

    public static String es384(JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.ES384, EC.getKeyID(), claims, new ECDSASigner(EC));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWSSigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSAlgorithm alg, String kid, JWTClaimsSet claims, JWSSigner signer) {
        return sign(new JWSHeader.Builder(alg).keyID(kid).build(), claims, signer);
    }

    public static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 keyed with the RSA public key's bytes: the classic algorithm-confusion attack. */
    public static String hs256WithPublicKey(JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.HS256, RSA.getKeyID(), claims, new MACSigner(RSA.toRSAPublicKey().getEncoded()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token: {"alg":"none"}. */
    public static String unsigned(JWTClaimsSet claims) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"none\",\"kid\":\"" + RSA.getKeyID() + "\"}").getBytes());
        String payload = b64.encodeToString(claims.toString().getBytes());
        return header + "." + payload + ".";
    }

    public static URI uri(String value) {
        return URI.create(value);
    }
}
