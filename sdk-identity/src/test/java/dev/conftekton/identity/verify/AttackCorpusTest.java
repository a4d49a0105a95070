package dev.conftekton.identity.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.conftekton.identity.verify.TokenVerificationException.Reason;
import dev.conftekton.testkit.oidc.AdjustableClock;
import dev.conftekton.testkit.oidc.OidcIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malicious and malformed tokens, each of which must be refused for its own reason. Every token
 * is made by a real issuer (sdk-testkit's OidcIssuer) so that everything except the flaw under
 * test is valid; {@link #theUnmodifiedTokenIsAccepted()} shows that the baseline passes.
 */
class AttackCorpusTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String AUDIENCE = "conftekton";

    /** Built once, lazily, because argument sources run before any fixture method. */
    static final class Fixture {
        static final AdjustableClock CLOCK = AdjustableClock.at(NOW);
        static final OidcIssuer ISSUER;
        static final OidcIssuer OTHER;
        static final String ROTATED_OUT;
        static final JwtVerifier VERIFIER;

        static {
            ISSUER = OidcIssuer.builder().clock(CLOCK).build().start();
            OTHER = OidcIssuer.builder().clock(CLOCK).build().start();
            ROTATED_OUT = valid().sign();
            ISSUER.rotateKeys(OidcIssuer.OldKeys.DROP);
            VERIFIER = JwtVerifier.builder()
                    .issuer(ISSUER.issuerUrl())
                    .audience(AUDIENCE)
                    .clock(CLOCK)
                    .build();
        }
    }

    @AfterAll
    static void stop() {
        Fixture.ISSUER.close();
        Fixture.OTHER.close();
    }

    static dev.conftekton.testkit.oidc.TokenMinter valid() {
        return Fixture.ISSUER.mint().subject("alice").audience(AUDIENCE);
    }

    static String iss() {
        return Fixture.ISSUER.issuerUrl();
    }

    static String rs256Header() {
        return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + Fixture.ISSUER.currentKeyId() + "\"}";
    }

    /** A correctly signed token whose payload is exactly {@code payloadJson}. */
    static String rawPayload(String payloadJson) {
        return Fixture.ISSUER.signRaw(rs256Header(), payloadJson);
    }

    /** Valid claims with {@code extra} appended verbatim (may repeat or override members). */
    static String claimsJson(String extra) {
        long now = NOW.getEpochSecond();
        return "{\"iss\":\"" + iss() + "\",\"sub\":\"alice\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now + ",\"exp\":"
                + (now + 300) + extra + "}";
    }

    static String[] parts(String token) {
        return token.split("\\.", -1);
    }

    static String b64(byte[] bytes) {
        return Base64URL.encode(bytes).toString();
    }

    static String b64(String text) {
        return Base64URL.encode(text).toString();
    }

    static String kidOf(Curve curve) {
        return Fixture.ISSUER.publicKeys().getKeys().stream()
                .filter(k -> k instanceof ECKey ec && ec.getCurve().equals(curve))
                .findFirst()
                .orElseThrow()
                .getKeyID();
    }

    static String withSignature(String token, byte[] signature) {
        String[] p = parts(token);
        return p[0] + "." + p[1] + "." + b64(signature);
    }

    static Arguments attack(String name, String token, Reason reason) {
        return Arguments.of(name, token, reason);
    }

    static Stream<Arguments> corpus() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        JWK attackerPublic = attacker.toPublicJWK();
        String good = valid().sign();
        String goodOther =
                Fixture.ISSUER.mint().subject("admin").audience(AUDIENCE).sign();
        String es256 = valid().algorithm("ES256").sign();
        byte[] es256Sig = Base64URL.from(parts(es256)[2]).decode();
        String[] g = parts(good);
        String headerB64 = g[0];
        while (headerB64.length() % 4 != 1) {
            headerB64 += "A";
        }
        List<Arguments> list = new ArrayList<>();

        // --- algorithm attacks ---
        list.add(attack("alg none, empty signature", valid().signUnsecured(), Reason.ALGORITHM_NOT_ALLOWED));
        list.add(attack(
                "alg none with the issuer's kid",
                valid().keyId(Fixture.ISSUER.currentKeyId()).signUnsecured(),
                Reason.ALGORITHM_NOT_ALLOWED));
        list.add(attack(
                "alg NONE (case variant)",
                b64("{\"alg\":\"NONE\",\"typ\":\"JWT\"}") + "." + g[1] + ".",
                Reason.ALGORITHM_NOT_ALLOWED));
        list.add(attack(
                "alg nOnE with a signature copied from a valid token",
                b64("{\"alg\":\"nOnE\"}") + "." + g[1] + "." + g[2],
                Reason.ALGORITHM_NOT_ALLOWED));
        list.add(attack(
                "HS256 signed with the RSA public key (algorithm confusion)",
                valid().signHmacWithPublicKey(),
                Reason.ALGORITHM_NOT_ALLOWED));
        list.add(attack(
                "HS512 header",
                b64("{\"alg\":\"HS512\",\"kid\":\"" + Fixture.ISSUER.currentKeyId() + "\"}") + "." + g[1] + "." + g[2],
                Reason.ALGORITHM_NOT_ALLOWED));
        list.add(attack(
                "PS384, not on the default allow-list",
                valid().algorithm("PS384").sign(),
                Reason.ALGORITHM_NOT_ALLOWED));
        list.add(attack("alg missing", rawHeader("{\"typ\":\"JWT\"}", g), Reason.MALFORMED));
        list.add(attack("alg is a number", rawHeader("{\"alg\":256}", g), Reason.MALFORMED));

        // --- keys from the token instead of the issuer ---
        list.add(attack(
                "embedded jwk with the attacker's key",
                valid().keyId("attacker")
                        .header("jwk", attackerPublic.toJSONObject())
                        .signWith(attacker),
                Reason.FORBIDDEN_HEADER));
        list.add(attack(
                "jku pointing to another host",
                valid().keyId("attacker")
                        .header("jku", "https://evil.example/jwks.json")
                        .signWith(attacker),
                Reason.FORBIDDEN_HEADER));
        list.add(attack(
                "x5u pointing to another host",
                valid().header("x5u", "https://evil.example/cert.pem").signWith(attacker),
                Reason.FORBIDDEN_HEADER));
        list.add(attack(
                "x5c with a self-made certificate chain",
                valid().header("x5c", List.of("MIIBszCCAVmgAwIBAgIU")).signWith(attacker),
                Reason.FORBIDDEN_HEADER));

        // --- key ids ---
        list.add(attack("unknown kid", valid().keyId("no-such-key").sign(), Reason.UNKNOWN_KEY));
        list.add(attack(
                "path-like kid", valid().keyId("../../../../../../dev/null").sign(), Reason.UNKNOWN_KEY));
        list.add(attack(
                "SQL-injection kid", valid().keyId("x' UNION SELECT 'secret").sign(), Reason.UNKNOWN_KEY));
        list.add(attack(
                "kid with a newline (log injection)",
                valid().keyId("k\nFORGED LOG LINE").sign(),
                Reason.MALFORMED));
        list.add(attack("kid that is not a string", valid().header("kid", 42).sign(), Reason.MALFORMED));
        list.add(attack("kid of 300 characters", valid().keyId("k".repeat(300)).sign(), Reason.MALFORMED));
        list.add(attack("key already rotated out", Fixture.ROTATED_OUT, Reason.UNKNOWN_KEY));
        list.add(attack(
                "another issuer's key under our iss",
                Fixture.OTHER
                        .mint()
                        .issuer(iss())
                        .subject("alice")
                        .audience(AUDIENCE)
                        .sign(),
                Reason.UNKNOWN_KEY));
        list.add(attack(
                "RS256 header naming the EC key",
                valid().keyId(kidOf(Curve.P_256)).sign(),
                Reason.KEY_MISMATCH));
        list.add(attack(
                "ES256 header naming the P-384 key",
                valid().algorithm("ES256").keyId(kidOf(Curve.P_384)).sign(),
                Reason.KEY_MISMATCH));

        // --- signatures ---
        list.add(attack("empty signature", g[0] + "." + g[1] + ".", Reason.INVALID_SIGNATURE));
        list.add(attack(
                "signature of another token", g[0] + "." + g[1] + "." + parts(goodOther)[2], Reason.INVALID_SIGNATURE));
        list.add(attack(
                "payload swapped for sub=admin, signature kept",
                g[0] + "." + parts(goodOther)[1] + "." + g[2],
                Reason.INVALID_SIGNATURE));
        list.add(attack(
                "signed with the attacker's key under the issuer's kid",
                valid().signWith(attacker),
                Reason.INVALID_SIGNATURE));
        list.add(attack("RS256 signature truncated", good.substring(0, good.length() - 8), Reason.INVALID_SIGNATURE));
        list.add(attack(
                "ES256 signature in DER instead of R||S",
                withSignature(es256, ECDSA.transcodeSignatureToDER(es256Sig)),
                Reason.INVALID_SIGNATURE));
        list.add(attack(
                "ES256 all-zero signature (psychic signature)",
                withSignature(es256, new byte[64]),
                Reason.INVALID_SIGNATURE));
        list.add(attack(
                "ES256 signature one byte short",
                withSignature(es256, java.util.Arrays.copyOf(es256Sig, 63)),
                Reason.INVALID_SIGNATURE));

        // --- lifetime ---
        list.add(attack("expired", valid().expiresIn(Duration.ofMinutes(-10)).sign(), Reason.EXPIRED));
        list.add(attack(
                "expired just beyond the clock skew",
                valid().expiresAt(NOW.minusSeconds(61)).sign(),
                Reason.EXPIRED));
        list.add(attack(
                "nbf in the future",
                valid().notBefore(NOW.plus(Duration.ofMinutes(10))).sign(),
                Reason.NOT_YET_VALID));
        list.add(attack(
                "iat in the future",
                valid().issuedAt(NOW.plus(Duration.ofHours(1))).sign(),
                Reason.NOT_YET_VALID));
        list.add(attack(
                "huge exp (1e20)",
                rawPayload(claimsJson("").replaceFirst("\"exp\":\\d+", "\"exp\":1e20")),
                Reason.INVALID_CLAIM));
        list.add(attack("negative exp", valid().claim("exp", -1).sign(), Reason.INVALID_CLAIM));
        list.add(attack("exp as a string", valid().claim("exp", "99999999999").sign(), Reason.INVALID_CLAIM));

        // --- required claims, issuer, audience ---
        list.add(attack("missing exp", valid().without("exp").sign(), Reason.MISSING_CLAIM));
        list.add(attack("missing iat", valid().without("iat").sign(), Reason.MISSING_CLAIM));
        list.add(attack("missing sub", Fixture.ISSUER.mint().audience(AUDIENCE).sign(), Reason.MISSING_CLAIM));
        list.add(attack("missing iss", valid().without("iss").sign(), Reason.MISSING_CLAIM));
        list.add(attack("wrong iss", valid().issuer("https://evil.example").sign(), Reason.WRONG_ISSUER));
        list.add(attack("iss with a trailing slash", valid().issuer(iss() + "/").sign(), Reason.WRONG_ISSUER));
        list.add(attack(
                "iss is a number",
                rawPayload(claimsJson("").replace("\"iss\":\"" + iss() + "\"", "\"iss\":123")),
                Reason.INVALID_CLAIM));
        list.add(attack("iss is an array", valid().claim("iss", List.of(iss())).sign(), Reason.INVALID_CLAIM));
        list.add(attack("empty sub", valid().subject("").sign(), Reason.INVALID_CLAIM));
        list.add(attack("wrong aud", valid().audience("someone-else").sign(), Reason.WRONG_AUDIENCE));
        list.add(attack("missing aud", Fixture.ISSUER.mint().subject("alice").sign(), Reason.MISSING_CLAIM));
        list.add(attack("aud is a number", valid().claim("aud", 42).sign(), Reason.INVALID_CLAIM));
        list.add(attack(
                "aud array with a non-string",
                valid().claim("aud", List.of(AUDIENCE, 1)).sign(),
                Reason.INVALID_CLAIM));
        list.add(attack("duplicate claim (sub twice)", rawPayload(claimsJson(",\"sub\":\"admin\"")), Reason.MALFORMED));
        list.add(attack(
                "groups with non-strings",
                valid().claim("groups", List.of(1, 2)).sign(),
                Reason.INVALID_CLAIM));
        list.add(attack(
                "groups as an object",
                valid().claim("groups", Map.of("admin", true)).sign(),
                Reason.INVALID_CLAIM));
        list.add(attack(
                "service-account subject without a name",
                valid().subject("system:serviceaccount:ci").sign(),
                Reason.INVALID_CLAIM));
        list.add(attack(
                "kubernetes.io naming another account than sub",
                Fixture.ISSUER
                        .kubernetesServiceAccount("ci", "builder")
                        .subject("system:serviceaccount:kube-system:admin")
                        .audience(AUDIENCE)
                        .sign(),
                Reason.INVALID_CLAIM));

        // --- header types and critical extensions ---
        list.add(attack(
                "typ dpop+jwt (another kind of JWT)", valid().type("dpop+jwt").sign(), Reason.WRONG_TYPE));
        list.add(attack("typ logout+jwt", valid().type("logout+jwt").sign(), Reason.WRONG_TYPE));
        list.add(attack("typ is a number", valid().header("typ", 1).sign(), Reason.WRONG_TYPE));
        list.add(attack(
                "unknown crit extension",
                valid().header("crit", List.of("urn:x:policy"))
                        .header("urn:x:policy", 1)
                        .sign(),
                Reason.UNSUPPORTED_CRITICAL_HEADER));
        list.add(attack(
                "crit b64=false (unencoded payload)",
                valid().header("b64", false).header("crit", List.of("b64")).sign(),
                Reason.UNSUPPORTED_CRITICAL_HEADER));
        list.add(attack("crit empty", valid().header("crit", List.of()).sign(), Reason.MALFORMED));
        list.add(attack(
                "duplicate alg in the header",
                Fixture.ISSUER.signRaw(
                        "{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"" + Fixture.ISSUER.currentKeyId() + "\"}",
                        claimsJson("")),
                Reason.MALFORMED));

        // --- formats and encodings ---
        list.add(attack(
                "JWS JSON serialization (flattened)",
                "{\"protected\":\"" + g[0] + "\",\"payload\":\"" + g[1] + "\",\"signature\":\"" + g[2] + "\"}",
                Reason.UNSUPPORTED_FORMAT));
        list.add(attack(
                "JWS JSON serialization (general)",
                "{\"payload\":\"" + g[1] + "\",\"signatures\":[{\"protected\":\"" + g[0] + "\",\"signature\":\"" + g[2]
                        + "\"}]}",
                Reason.UNSUPPORTED_FORMAT));
        list.add(attack(
                "nested JWE (five segments)",
                b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"cty\":\"JWT\"}") + ".AAAA.AAAA.AAAA.AAAA",
                Reason.UNSUPPORTED_FORMAT));
        list.add(attack(
                "JWE header in a three-segment token",
                rawHeader("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}", g),
                Reason.UNSUPPORTED_FORMAT));
        list.add(attack("nested JWT (cty JWT)", valid().header("cty", "JWT").sign(), Reason.UNSUPPORTED_FORMAT));
        list.add(attack("extra segment", good + ".AAAA", Reason.MALFORMED));
        list.add(attack("missing signature segment", g[0] + "." + g[1], Reason.MALFORMED));
        list.add(attack("header only", g[0], Reason.MALFORMED));
        list.add(attack("empty string", "", Reason.MALFORMED));
        list.add(attack("only dots", "..", Reason.MALFORMED));
        list.add(attack("bad base64 (standard alphabet +)", "+" + good.substring(1), Reason.MALFORMED));
        list.add(attack("base64 padding in the signature", good + "==", Reason.MALFORMED));
        list.add(attack("base64 of impossible length", headerB64 + "." + g[1] + "." + g[2], Reason.MALFORMED));
        list.add(attack("newline inside the token", g[0] + ".\n" + g[1] + "." + g[2], Reason.MALFORMED));
        list.add(attack("Bearer prefix left on", "Bearer " + good, Reason.MALFORMED));
        list.add(attack("NUL byte inside", g[0] + "\u0000." + g[1] + "." + g[2], Reason.MALFORMED));
        list.add(attack("header is not JSON", rawHeader("not json", g), Reason.MALFORMED));
        list.add(attack(
                "header is invalid UTF-8",
                b64(new byte[] {(byte) 0xC3, 0x28}) + "." + g[1] + "." + g[2],
                Reason.MALFORMED));
        list.add(attack("payload is a JSON array", rawPayload("[\"sub\",\"alice\"]"), Reason.MALFORMED));
        list.add(attack("payload is not JSON", rawPayload("alice"), Reason.MALFORMED));
        list.add(attack(
                "oversized (20 000 character claim)",
                valid().claim("pad", "x".repeat(20_000)).sign(),
                Reason.TOO_LARGE));
        list.add(attack("oversized garbage (1 MB)", "a".repeat(1_000_000), Reason.TOO_LARGE));
        return list.stream();
    }

    /** {@code headerJson} with the payload and signature of a valid token. */
    static String rawHeader(String headerJson, String[] validParts) {
        return b64(headerJson) + "." + validParts[1] + "." + validParts[2];
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("corpus")
    void everyMaliciousOrMalformedTokenIsRejectedWithItsReason(String name, String token, Reason expected) {
        TokenVerificationException e =
                catchThrowableOfType(() -> Fixture.VERIFIER.verify(token), TokenVerificationException.class);

        assertThat(e).as(name + ": must be rejected").isNotNull();
        assertThat(e.reason()).as(name + ": " + e.getMessage()).isEqualTo(expected);
        assertThat(e.getMessage()).startsWith("token rejected (" + expected.code() + "): ");
        String[] p = token.split("\\.", -1);
        for (String part : p) {
            if (part.length() > 16) {
                assertThat(e.getMessage())
                        .as(name + ": the message must not quote the token")
                        .doesNotContain(part);
            }
        }
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void theCorpusIsLargeAndCoversEveryReason() throws Exception {
        List<Arguments> all = corpus().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(40);
        List<Reason> covered =
                all.stream().map(a -> (Reason) a.get()[2]).distinct().toList();
        assertThat(covered)
                .containsAll(List.of(Reason.values()).stream()
                        .filter(r -> r != Reason.KEYS_UNAVAILABLE) // covered by JwksOutageTest
                        .toList());
    }

    @Test
    void theUnmodifiedTokenIsAccepted() {
        assertThat(Fixture.VERIFIER.verify(valid().sign()).subject()).isEqualTo("alice");
        assertThat(Fixture.VERIFIER.verify(rawPayload(claimsJson(""))).subject())
                .isEqualTo("alice");
        assertThat(Fixture.VERIFIER.verify(valid().algorithm("ES256").sign()).subject())
                .isEqualTo("alice");
        assertThat(Fixture.VERIFIER
                        .verify(Fixture.ISSUER.kubernetesServiceAccountToken("ci", "builder", AUDIENCE))
                        .kubernetesNamespace())
                .hasValue("ci");
    }
}
