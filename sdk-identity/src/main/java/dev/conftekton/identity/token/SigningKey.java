package dev.conftekton.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * A private key that signs client assertions for {@code private_key_jwt} client authentication
 * (RFC 7523). RSA keys sign with RS256, EC keys with ES256/ES384/ES512 by curve.
 *
 * <pre>{@code
 * SigningKey key = SigningKey.fromPemFile(Path.of("/etc/conftekton/client-key.pem"), "key-2026-11");
 * ClientAuthentication auth = ClientAuthentication.privateKeyJwt("tekton-publisher", key);
 * }</pre>
 *
 * <p>{@link #toString()} names the algorithm and key id only.
 */
public final class SigningKey {
    /** The largest key file read; an RSA 8192 PEM key is under 7 KB. */
    static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String keyId;

    private SigningKey(JWSSigner signer, JWSAlgorithm algorithm, String keyId) {
        this.signer = signer;
        this.algorithm = algorithm;
        this.keyId = keyId;
    }

    /**
     * Reads an unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}) holding an RSA or EC
     * key. {@code keyId} becomes the {@code kid} header and may be null.
     */
    public static SigningKey fromPemFile(Path path, String keyId) {
        Objects.requireNonNull(path, "path");
        return fromPem(readKeyFile(path, "private key file", StandardCharsets.US_ASCII), keyId, path.toString());
    }

    /** Reads a key file, at most {@link #MAX_KEY_FILE_BYTES}: a wrong path to a large file must not fill the heap. */
    private static String readKeyFile(Path path, String what, java.nio.charset.Charset charset) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
            if (bytes.length > MAX_KEY_FILE_BYTES) {
                throw new IllegalArgumentException(what + " " + path + " is larger than " + MAX_KEY_FILE_BYTES
                        + " bytes; it is not a private key");
            }
            return new String(bytes, charset);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** Like {@link #fromPemFile} for PEM text held in memory. */
    public static SigningKey fromPem(String pem, String keyId) {
        return fromPem(Objects.requireNonNull(pem, "pem"), keyId, "the PEM text");
    }

    private static SigningKey fromPem(String pem, String keyId, String where) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException(where + " holds a PKCS#1/SEC1 key; convert it to PKCS#8 with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`");
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException(
                    where + " holds an encrypted key; provide an unencrypted PKCS#8 key" + " from a secret mount");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(where + " is not a PEM file with a '-----BEGIN PRIVATE KEY-----' block");
        }
        String base64 = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end)
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " has invalid base64 inside its PEM block", e);
        }
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                PrivateKey key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
                return fromPrivateKey(key, keyId);
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException(where + " holds neither an RSA nor an EC private key");
    }

    /** Reads a private JWK (JSON) file; its {@code kid} is used as the key id. */
    public static SigningKey fromJwkFile(Path path) {
        Objects.requireNonNull(path, "path");
        return fromJwk(readKeyFile(path, "JWK file", StandardCharsets.UTF_8));
    }

    /** A private JWK in JSON form. */
    public static SigningKey fromJwk(String json) {
        JWK jwk;
        try {
            jwk = JWK.parse(Objects.requireNonNull(json, "json"));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a valid JWK: " + e.getMessage(), e);
        }
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("the JWK holds a public key only; a private key is needed to sign");
        }
        try {
            if (jwk instanceof RSAKey rsa) {
                return fromPrivateKey(rsa.toPrivateKey(), jwk.getKeyID());
            }
            if (jwk instanceof ECKey ec) {
                return fromPrivateKey(ec.toPrivateKey(), jwk.getKeyID());
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot use the JWK: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported JWK key type " + jwk.getKeyType() + "; use RSA or EC");
    }

    /** An RSA or EC private key already loaded, for example from a key store. */
    public static SigningKey fromPrivateKey(PrivateKey key, String keyId) {
        Objects.requireNonNull(key, "key");
        try {
            if (key instanceof RSAPrivateKey rsa) {
                if (rsa.getModulus().bitLength() < 2048) {
                    throw new IllegalArgumentException("RSA keys must have at least 2048 bits");
                }
                return new SigningKey(new RSASSASigner(rsa), JWSAlgorithm.RS256, keyId);
            }
            if (key instanceof ECPrivateKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                JWSAlgorithm alg;
                if (Curve.P_256.equals(curve)) {
                    alg = JWSAlgorithm.ES256;
                } else if (Curve.P_384.equals(curve)) {
                    alg = JWSAlgorithm.ES384;
                } else if (Curve.P_521.equals(curve)) {
                    alg = JWSAlgorithm.ES512;
                } else {
                    throw new IllegalArgumentException("unsupported EC curve; use P-256, P-384 or P-521");
                }
                return new SigningKey(new ECDSASigner(ec), alg, keyId);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + "; use RSA or EC");
    }

    /** The JWS algorithm, such as {@code RS256}. */
    public String algorithm() {
        return algorithm.getName();
    }

    /** The key id put in the {@code kid} header, or null. */
    public String keyId() {
        return keyId;
    }

    String sign(JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(algorithm)
                .type(JOSEObjectType.JWT)
                .keyID(keyId)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the client assertion failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    @Override
    public String toString() {
        return "SigningKey[" + algorithm + (keyId == null ? "" : ", kid=" + keyId) + "]";
    }
}
