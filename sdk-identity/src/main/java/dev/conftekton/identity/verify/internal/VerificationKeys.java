package dev.conftekton.identity.verify.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the keys usable for verification, with a ready verifier per key.
 * Symmetric keys, encryption keys, RSA keys shorter than 2048 bits and unknown key types are left
 * out: a JWKS cannot smuggle in an HMAC secret. Unsupported internal API.
 */
public final class VerificationKeys {
    /** One usable key. */
    public record Key(String kid, JWK jwk, JWSVerifier verifier) {
        /** Whether this key may verify a signature made with {@code alg}. */
        public boolean fits(JWSAlgorithm alg) {
            if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(alg)) {
                return false;
            }
            if (jwk instanceof RSAKey) {
                return JWSAlgorithm.Family.RSA.contains(alg);
            }
            if (jwk instanceof ECKey ec) {
                return JWSAlgorithm.Family.EC.contains(alg)
                        && Curve.forJWSAlgorithm(alg).contains(ec.getCurve());
            }
            return false;
        }
    }

    private static final int MIN_RSA_BITS = 2048;

    private final Map<String, List<Key>> byKid;
    private final List<Key> all;
    private final Instant fetchedAt;

    private VerificationKeys(Map<String, List<Key>> byKid, List<Key> all, Instant fetchedAt) {
        this.byKid = byKid;
        this.all = all;
        this.fetchedAt = fetchedAt;
    }

    public static VerificationKeys from(JWKSet set, Instant fetchedAt) {
        Map<String, List<Key>> byKid = new HashMap<>();
        List<Key> all = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            Key key = usable(jwk);
            if (key == null) {
                continue;
            }
            all.add(key);
            if (key.kid() != null) {
                byKid.computeIfAbsent(key.kid(), k -> new ArrayList<>()).add(key);
            }
        }
        byKid.replaceAll((k, v) -> List.copyOf(v));
        return new VerificationKeys(Map.copyOf(byKid), List.copyOf(all), fetchedAt);
    }

    private static Key usable(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return null;
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return null;
        }
        try {
            if (jwk instanceof RSAKey rsa) {
                if (rsa.size() < MIN_RSA_BITS) {
                    return null;
                }
                return new Key(jwk.getKeyID(), jwk, new RSASSAVerifier(rsa.toRSAPublicKey()));
            }
            if (jwk instanceof ECKey ec) {
                Curve c = ec.getCurve();
                if (!Curve.P_256.equals(c) && !Curve.P_384.equals(c) && !Curve.P_521.equals(c)) {
                    return null;
                }
                return new Key(jwk.getKeyID(), jwk, new ECDSAVerifier(ec.toECPublicKey()));
            }
        } catch (JOSEException e) {
            return null;
        }
        return null; // oct, OKP and anything else: never
    }

    /** Keys with {@code kid}; every key when the token has no kid. */
    public List<Key> candidates(String kid) {
        if (kid == null) {
            return all;
        }
        List<Key> found = byKid.get(kid);
        return found == null ? List.of() : found;
    }

    public boolean knows(String kid) {
        return kid == null ? !all.isEmpty() : byKid.containsKey(kid);
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }

    public int size() {
        return all.size();
    }
}
