package dev.conftekton.testkit.oidc.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The issuer's signing keys: one current RSA, P-256 and P-384 key, plus retired keys that are still
 * published after a rotation that keeps them. Unsupported internal API.
 */
public final class KeyRing {
    private volatile Generation current;
    private volatile List<JWK> retired = List.of();

    /** One set of current keys. */
    public record Generation(RSAKey rsa, ECKey p256, ECKey p384) {
        List<JWK> all() {
            return List.of(rsa, p256, p384);
        }
    }

    public KeyRing() {
        this.current = generate();
    }

    private static Generation generate() {
        try {
            String stamp = UUID.randomUUID().toString().substring(0, 8);
            RSAKey rsa = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID("rsa-" + stamp)
                    .generate();
            ECKey p256 = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyID("ec256-" + stamp)
                    .generate();
            ECKey p384 = new ECKeyGenerator(Curve.P_384)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES384)
                    .keyID("ec384-" + stamp)
                    .generate();
            return new Generation(rsa, p256, p384);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate signing keys", e);
        }
    }

    public Generation current() {
        return current;
    }

    /** Replaces the current keys; the old ones stay published when {@code keepOld}. */
    public synchronized Generation rotate(boolean keepOld) {
        Generation old = current;
        Generation fresh = generate();
        List<JWK> nowRetired = new ArrayList<>();
        if (keepOld) {
            nowRetired.addAll(retired);
            nowRetired.addAll(old.all());
        }
        retired = List.copyOf(nowRetired);
        current = fresh;
        return old;
    }

    /** The current private key for {@code alg}. */
    public JWK signingKey(JWSAlgorithm alg) {
        Generation g = current;
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return g.rsa();
        }
        if (JWSAlgorithm.ES256.equals(alg)) {
            return g.p256();
        }
        if (JWSAlgorithm.ES384.equals(alg)) {
            return g.p384();
        }
        throw new IllegalArgumentException("the issuer has no key for " + alg);
    }

    /** Every published key (current and retained), public parts only. */
    public JWKSet publicKeys() {
        List<JWK> keys = new ArrayList<>();
        for (JWK k : current.all()) {
            keys.add(k.toPublicJWK());
        }
        for (JWK k : retired) {
            keys.add(k.toPublicJWK());
        }
        return new JWKSet(keys);
    }
}
