package dev.conftekton.testkit.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds one JWT signed by an {@link OidcIssuer} — or, for attack tests, deliberately broken.
 * Obtained from {@link OidcIssuer#mint()}; not thread-safe, use once.
 *
 * <pre>{@code
 * String token = issuer.mint()
 *         .subject("alice")
 *         .audience("conftekton")
 *         .claim("groups", List.of("release-managers"))
 *         .expiresIn(Duration.ofMinutes(5))
 *         .sign();
 * String expired = issuer.mint().subject("alice").expiresIn(Duration.ofMinutes(-10)).sign();
 * String unsigned = issuer.mint().subject("alice").signUnsecured();          // alg: none
 * }</pre>
 *
 * <p>Defaults: {@code iss} is the issuer URL, {@code iat} and {@code nbf} are now (issuer clock),
 * {@code exp} is five minutes later, {@code jti} is random, header {@code typ} is {@code JWT},
 * {@code alg} RS256 with the current RSA key's {@code kid}. Instants are written as NumericDate
 * seconds.
 */
public final class TokenMinter {
    private final OidcIssuer issuer;
    private final Clock clock;
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
    private boolean keyIdSet;
    private Duration lifetime = Duration.ofMinutes(5);
    private boolean expSet;

    TokenMinter(OidcIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        long now = clock.instant().getEpochSecond();
        header.put("typ", "JWT");
        claims.put("iss", issuer.issuerUrl());
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("jti", UUID.randomUUID().toString());
    }

    /** Sets {@code sub}. */
    public TokenMinter subject(String subject) {
        return claim("sub", subject);
    }

    /** Sets {@code aud}: a string for one value, an array for several. */
    public TokenMinter audience(String... audiences) {
        Objects.requireNonNull(audiences, "audiences");
        return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
    }

    /** Overrides {@code iss}. */
    public TokenMinter issuer(String iss) {
        return claim("iss", iss);
    }

    /** Sets {@code exp} to now (issuer clock) plus {@code lifetime}; negative gives an expired token. */
    public TokenMinter expiresIn(Duration lifetime) {
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.expSet = false;
        claims.remove("exp");
        return this;
    }

    /** Sets {@code exp} exactly. */
    public TokenMinter expiresAt(Instant exp) {
        claims.put("exp", Objects.requireNonNull(exp, "exp").getEpochSecond());
        expSet = true;
        return this;
    }

    /** Sets {@code iat}. */
    public TokenMinter issuedAt(Instant iat) {
        return claim("iat", Objects.requireNonNull(iat, "iat").getEpochSecond());
    }

    /** Sets {@code nbf}. */
    public TokenMinter notBefore(Instant nbf) {
        return claim("nbf", Objects.requireNonNull(nbf, "nbf").getEpochSecond());
    }

    /**
     * Sets any claim to any JSON value: String, Number, Boolean, List, Map or null (written as JSON
     * null). {@link Instant} values are written as NumericDate seconds.
     */
    public TokenMinter claim(String name, Object value) {
        Objects.requireNonNull(name, "name");
        claims.put(name, value instanceof Instant i ? (Object) i.getEpochSecond() : value);
        if ("exp".equals(name)) {
            expSet = true;
        }
        return this;
    }

    /** Removes a claim, defaults included ({@code without("exp")} gives a token without expiry). */
    public TokenMinter without(String claim) {
        claims.remove(claim);
        if ("exp".equals(claim)) {
            expSet = true; // suppress the default
        }
        return this;
    }

    /** Sets the header {@code typ}; null removes it. */
    public TokenMinter type(String typ) {
        return header("typ", typ);
    }

    /** Sets the header {@code kid}; null removes it. */
    public TokenMinter keyId(String kid) {
        return header("kid", kid);
    }

    /**
     * Signs with {@code alg}: RS256/384/512 and PS256/384/512 use the current RSA key, ES256 and
     * ES384 the current EC keys.
     */
    public TokenMinter algorithm(String alg) {
        this.algorithm = JWSAlgorithm.parse(Objects.requireNonNull(alg, "alg"));
        return this;
    }

    /**
     * Sets any header parameter, registered ones included ({@code jku}, {@code x5u}, {@code jwk},
     * {@code crit}...), exactly as given; null removes it. {@code alg} is set by the signing method.
     */
    public TokenMinter header(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if ("alg".equals(name)) {
            throw new IllegalArgumentException("set alg with algorithm(..)");
        }
        if ("kid".equals(name)) {
            keyIdSet = true; // any value, a non-string one included, replaces the default kid
        }
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return this;
    }

    /** The claims as they will be signed (a copy). */
    public Map<String, Object> claims() {
        return new LinkedHashMap<>(finalClaims());
    }

    /** Signs with the issuer's current key for the chosen algorithm. */
    public String sign() {
        JWK key = issuer.keyRing().signingKey(algorithm);
        return signWithKey(key, algorithm, keyIdSet ? header.get("kid") : key.getKeyID());
    }

    /**
     * Signs with a key the issuer does not publish (an attacker's key). The {@code kid} stays the
     * issuer's current one unless set with {@link #keyId}, so only the signature is wrong.
     */
    public String signWith(JWK privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        JWSAlgorithm alg = algorithm;
        if (privateKey instanceof ECKey ec && !JWSAlgorithm.Family.EC.contains(alg)) {
            alg = ECDSA_FOR.getOrDefault(ec.getCurve().getName(), JWSAlgorithm.ES256);
        }
        Object kid =
                keyIdSet ? header.get("kid") : issuer.keyRing().signingKey(alg).getKeyID();
        return signWithKey(privateKey, alg, kid);
    }

    private static final Map<String, JWSAlgorithm> ECDSA_FOR =
            Map.of("P-256", JWSAlgorithm.ES256, "P-384", JWSAlgorithm.ES384, "P-521", JWSAlgorithm.ES512);

    /** An unsecured JWT: {@code alg: none} and an empty signature (RFC 7519 §6). */
    public String signUnsecured() {
        Map<String, Object> h = orderedHeader("none", keyIdSet ? header.get("kid") : null);
        return encode(h) + "." + encode(finalClaims()) + ".";
    }

    /**
     * The algorithm-confusion attack: HS256 with the issuer's RSA public key, PEM-encoded, as the
     * HMAC secret — what a verifier that picks the key by {@code kid} and trusts {@code alg} would
     * accept.
     */
    public String signHmacWithPublicKey() {
        try {
            RSAKey rsa = issuer.keyRing().current().rsa();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'})
                            .encodeToString(rsa.toRSAPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Map<String, Object> h = orderedHeader("HS256", keyIdSet ? header.get("kid") : rsa.getKeyID());
            String input = encode(h) + "." + encode(finalClaims());
            JWSSigner signer = new MACSigner(pem.getBytes(StandardCharsets.UTF_8));
            return input + "." + signer.sign(new JWSHeader(JWSAlgorithm.HS256), ascii(input));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    private String signWithKey(JWK key, JWSAlgorithm alg, Object kid) {
        Map<String, Object> h = orderedHeader(alg.getName(), kid);
        String input = encode(h) + "." + encode(finalClaims());
        return input + "." + signBytes(key, alg, ascii(input));
    }

    static Base64URL signBytes(JWK key, JWSAlgorithm alg, byte[] input) {
        try {
            JWSSigner signer;
            if (key instanceof RSAKey rsa) {
                signer = new RSASSASigner(rsa);
            } else if (key instanceof ECKey ec) {
                signer = new ECDSASigner(ec);
            } else {
                throw new IllegalArgumentException("unsupported key type " + key.getKeyType());
            }
            return signer.sign(new JWSHeader(alg), input);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with " + alg + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> orderedHeader(String alg, Object kid) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg);
        if (kid != null) {
            h.put("kid", kid);
        }
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (!"kid".equals(e.getKey())) {
                h.put(e.getKey(), e.getValue());
            }
        }
        return h;
    }

    private Map<String, Object> finalClaims() {
        Map<String, Object> c = new LinkedHashMap<>(claims);
        if (!expSet) {
            c.put("exp", clock.instant().plus(lifetime).getEpochSecond());
        }
        return c;
    }

    static String encode(Map<String, Object> json) {
        return Base64URL.encode(JSONObjectUtils.toJSONString(json)).toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
