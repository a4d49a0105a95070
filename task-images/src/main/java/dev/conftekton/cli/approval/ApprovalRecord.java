package dev.conftekton.cli.approval;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.conftekton.confluence.approval.ApprovalDecision;
import dev.conftekton.confluence.approval.Approver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A signed approval record: a JWS (compact JWT) a later pipeline step can verify offline, saying
 * which page version was approved, by whom, for which digest. Keys are PEM (PKCS#8 private, X.509
 * public) or JWK JSON files; EC P-256/P-384 (ES256/ES384) and RSA >= 2048 bits (RS256).
 */
final class ApprovalRecord {
    static final JOSEObjectType TYPE = new JOSEObjectType("conftekton-approval+jwt");
    static final String ISSUER = "conftekton verify-approval";
    private static final Set<JWSAlgorithm> ALLOWED =
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.PS256);
    private static final int MAX_KEY_BYTES = 64 * 1024;
    private static final int MAX_RECORD_BYTES = 256 * 1024;

    private ApprovalRecord() {}

    static String sign(ApprovalDecision d, String spaceKey, String digest, String runId, Instant now, Path keyFile) {
        Object key = readKey(keyFile, true);
        JWSSigner signer;
        JWSAlgorithm alg;
        try {
            if (key instanceof ECPrivateKey ec) {
                alg = ec.getParams().getCurve().getField().getFieldSize() > 256
                        ? JWSAlgorithm.ES384
                        : JWSAlgorithm.ES256;
                signer = new ECDSASigner(ec);
            } else if (key instanceof RSAPrivateKey rsa) {
                alg = JWSAlgorithm.RS256;
                signer = new RSASSASigner(rsa);
            } else {
                throw new IllegalArgumentException("signing key " + keyFile + " is not an EC or RSA private key");
            }
            List<Map<String, Object>> approvers = new ArrayList<>();
            for (Approver a : d.approvers()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("accountId", a.accountId());
                m.put("displayName", a.displayName());
                m.put("pageVersion", a.pageVersion());
                m.put("at", a.at().toString());
                m.put("via", a.via());
                if (a.digest() != null) {
                    m.put("digest", a.digest());
                }
                approvers.add(m);
            }
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .subject("confluence:page/" + d.pageId())
                    .issueTime(Date.from(now))
                    .claim("approved", d.approved())
                    .claim("pageId", d.pageId())
                    .claim("pageVersion", d.pageVersion())
                    .claim("contentVersion", d.contentVersion())
                    .claim("requiredApprovals", d.requiredApprovals())
                    .claim("approvers", approvers);
            if (spaceKey != null) {
                claims.claim("space", spaceKey);
            }
            if (digest != null) {
                claims.claim("digest", digest);
            }
            if (runId != null) {
                claims.claim("run", runId);
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(TYPE).build(), claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException(
                    "cannot sign the approval record with " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The verified claims; throws {@link IllegalStateException} when the record is not valid. */
    static JWTClaimsSet verify(Path recordFile, Path keyFile) {
        String text;
        try {
            if (Files.size(recordFile) > MAX_RECORD_BYTES) {
                throw new IllegalStateException("approval record " + recordFile + " is too large to be one");
            }
            text = Files.readString(recordFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read approval record " + recordFile + ": " + e.getMessage(), e);
        }
        Object key = readKey(keyFile, false);
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(text);
        } catch (ParseException e) {
            throw new IllegalStateException("approval record " + recordFile + " is not a signed JWT");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALLOWED.contains(alg)) {
            throw new IllegalStateException("approval record uses algorithm " + alg + ", which is not accepted");
        }
        if (!TYPE.equals(jwt.getHeader().getType())) {
            throw new IllegalStateException(
                    "approval record has type " + jwt.getHeader().getType() + ", expected " + TYPE);
        }
        try {
            JWSVerifier verifier;
            if (key instanceof ECPublicKey ec && alg.getName().startsWith("ES")) {
                verifier = new ECDSAVerifier(ec);
            } else if (key instanceof RSAPublicKey rsa && !alg.getName().startsWith("ES")) {
                verifier = new RSASSAVerifier(rsa);
            } else {
                throw new IllegalStateException("the key in " + keyFile + " does not fit algorithm " + alg);
            }
            if (!jwt.verify(verifier)) {
                throw new IllegalStateException("approval record signature does not verify with " + keyFile);
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(claims.getIssuer())) {
                throw new IllegalStateException("approval record was not issued by " + ISSUER);
            }
            return claims;
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("approval record cannot be verified: " + e.getMessage());
        }
    }

    static Object readKey(Path file, boolean wantPrivate) {
        String text;
        try {
            if (Files.size(file) > MAX_KEY_BYTES) {
                throw new IllegalArgumentException("key file " + file + " is too large to be a key");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        try {
            if (text.startsWith("{")) {
                JWK jwk = JWK.parse(text);
                if (jwk instanceof ECKey ec) {
                    if (!Set.of(Curve.P_256, Curve.P_384).contains(ec.getCurve())) {
                        throw new IllegalArgumentException("EC key " + file + " must be on P-256 or P-384");
                    }
                    return wantPrivate ? ec.toECPrivateKey() : ec.toECPublicKey();
                }
                if (jwk instanceof RSAKey rsa) {
                    return checkRsa(wantPrivate ? rsa.toRSAPrivateKey() : rsa.toRSAPublicKey(), file);
                }
                throw new IllegalArgumentException("key " + file + " is neither an EC nor an RSA JWK");
            }
            String label = wantPrivate ? "PRIVATE KEY" : "PUBLIC KEY";
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int b = text.indexOf(begin);
            int e = text.indexOf(end);
            if (b < 0 || e < b) {
                throw new IllegalArgumentException("key file " + file + " must hold a PEM '" + label
                        + "' (PKCS#8 for private keys, X.509 SubjectPublicKeyInfo for public keys) or a JWK");
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
            for (String algorithm : List.of("EC", "RSA")) {
                try {
                    KeyFactory kf = KeyFactory.getInstance(algorithm);
                    Object k = wantPrivate
                            ? kf.generatePrivate(new PKCS8EncodedKeySpec(der))
                            : kf.generatePublic(new X509EncodedKeySpec(der));
                    return algorithm.equals("RSA") ? checkRsa(k, file) : k;
                } catch (java.security.spec.InvalidKeySpecException ignored) {
                    // try the next algorithm
                }
            }
            throw new IllegalArgumentException("key file " + file + " holds neither an EC nor an RSA key");
        } catch (ParseException
                | JOSEException
                | java.security.NoSuchAlgorithmException
                | IllegalArgumentException ex) {
            if (ex instanceof IllegalArgumentException iae
                    && iae.getMessage() != null
                    && iae.getMessage().contains(file.toString())) {
                throw iae;
            }
            throw new IllegalArgumentException(
                    "cannot read key file " + file + " (" + ex.getClass().getSimpleName()
                            + "); expected a PEM key or a JWK",
                    ex);
        }
    }

    private static Object checkRsa(Object key, Path file) {
        int bits = key instanceof RSAPrivateKey p
                ? p.getModulus().bitLength()
                : key instanceof RSAPublicKey pub ? pub.getModulus().bitLength() : 0;
        if (bits < 2048) {
            throw new IllegalArgumentException("RSA key " + file + " has " + bits + " bits; at least 2048 are needed");
        }
        return key;
    }

    static boolean isPrivate(Object key) {
        return key instanceof PrivateKey;
    }

    static boolean isPublic(Object key) {
        return key instanceof PublicKey;
    }
}
