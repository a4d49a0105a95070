package dev.conftekton.testkit.oidc.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Verifies a JWT presented to the token endpoint (client assertion or subject token): signature
 * with a key chosen by {@code kid} from the issuer's published keys (never from token headers),
 * allowed algorithm, no critical extensions, issuer, expiry and not-before. Unsupported internal
 * API.
 */
final class JwtChecker {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final int MAX_LENGTH = 16 * 1024;

    private final Clock clock;

    JwtChecker(Clock clock) {
        this.clock = clock;
    }

    /** Parses without verifying, to learn who claims to have issued it. */
    static SignedJWT parse(String jwt, String what) throws OAuthError {
        if (jwt.length() > MAX_LENGTH) {
            throw OAuthError.invalidRequest(what + " is longer than " + MAX_LENGTH + " characters");
        }
        try {
            SignedJWT parsed = SignedJWT.parse(jwt);
            parsed.getJWTClaimsSet();
            return parsed;
        } catch (ParseException e) {
            throw OAuthError.invalidRequest(what + " is not a signed JWT");
        }
    }

    /**
     * Verifies {@code jwt} against {@code keys} (a function so that an unknown kid may trigger a
     * refetch) and returns its claims.
     *
     * @param errorCode the OAuth error code to answer with when verification fails
     */
    JWTClaimsSet verify(
            SignedJWT jwt,
            String expectedIssuer,
            Function<String, JWKSet> keys,
            String what,
            int status,
            String errorCode)
            throws OAuthError {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw new OAuthError(status, errorCode, what + " uses algorithm " + alg + ", which is not accepted");
        }
        if (jwt.getHeader().getCriticalParams() != null
                && !jwt.getHeader().getCriticalParams().isEmpty()) {
            throw new OAuthError(status, errorCode, what + " has critical header parameters that are not understood");
        }
        String kid = jwt.getHeader().getKeyID();
        JWKSet set = keys.apply(kid);
        List<JWK> candidates = set.getKeys().stream()
                .filter(k -> kid == null || kid.equals(k.getKeyID()))
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k -> k.getAlgorithm() == null || alg.equals(k.getAlgorithm()))
                .toList();
        if (candidates.isEmpty()) {
            throw new OAuthError(status, errorCode, what + " is signed with a key the issuer does not publish");
        }
        boolean verified = false;
        for (JWK key : candidates) {
            if (verifies(jwt, alg, key)) {
                verified = true;
                break;
            }
        }
        if (!verified) {
            throw new OAuthError(status, errorCode, what + " has an invalid signature");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new OAuthError(status, errorCode, what + " has malformed claims");
        }
        if (!expectedIssuer.equals(claims.getIssuer())) {
            throw new OAuthError(status, errorCode, what + " has an unexpected issuer");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new OAuthError(status, errorCode, what + " has no exp claim");
        }
        if (now.minus(SKEW).isAfter(exp.toInstant())) {
            throw new OAuthError(status, errorCode, what + " has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(SKEW).isBefore(nbf.toInstant())) {
            throw new OAuthError(status, errorCode, what + " is not valid yet (nbf)");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(SKEW).isBefore(iat.toInstant())) {
            throw new OAuthError(status, errorCode, what + " was issued in the future (iat)");
        }
        return claims;
    }

    private static boolean verifies(SignedJWT jwt, JWSAlgorithm alg, JWK key) {
        try {
            JWSVerifier verifier;
            if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
                verifier = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
                if (!ECDSAVerifier.SUPPORTED_ALGORITHMS.contains(alg)
                        || !ec.getCurve()
                                .equals(com.nimbusds.jose.jwk.Curve.forJWSAlgorithm(alg)
                                        .iterator()
                                        .next())) {
                    return false;
                }
                verifier = new ECDSAVerifier(ec);
            } else {
                return false;
            }
            return jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }
}
