package dev.conftekton.identity.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;

/** Signed JWTs for tests, from one RSA key per JVM. */
final class TestJwts {
    static final RSAKey KEY;

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("test").generate();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestJwts() {}

    static String serviceAccountToken(String audience, Instant exp) {
        return sign(new JWTClaimsSet.Builder()
                .issuer("https://kubernetes.default.svc")
                .subject("system:serviceaccount:ci:publisher")
                .audience(audience)
                .expirationTime(Date.from(exp))
                .build());
    }

    static String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
