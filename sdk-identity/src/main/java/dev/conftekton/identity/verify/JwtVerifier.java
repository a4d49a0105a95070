package dev.conftekton.identity.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.conftekton.identity.verify.TokenVerificationException.Reason;
import dev.conftekton.identity.verify.internal.Discovery;
import dev.conftekton.identity.verify.internal.HttpFetcher;
import dev.conftekton.identity.verify.internal.JdkHttpFetcher;
import dev.conftekton.identity.verify.internal.KeyProvider;
import dev.conftekton.identity.verify.internal.RemoteKeyProvider;
import dev.conftekton.identity.verify.internal.Text;
import dev.conftekton.identity.verify.internal.Urls;
import dev.conftekton.identity.verify.internal.VerificationKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies JWT bearer tokens (access tokens, ID tokens, Kubernetes service-account tokens) from one
 * issuer and returns who they speak for. Immutable and thread-safe; build one per issuer and share
 * it — it caches the issuer's discovery document and keys.
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder()
 *         .issuer("https://keycloak.example/realms/ci")   // keys found through OIDC discovery
 *         .audience("conftekton")
 *         .build();
 * try {
 *     VerifiedIdentity who = verifier.verify(token);
 *     who.subject(); who.groups(); who.kubernetesNamespace();
 * } catch (TokenVerificationException e) {
 *     e.reason();                                          // e.g. EXPIRED, UNKNOWN_KEY
 * }
 * }</pre>
 *
 * <p>What is checked, in order: size; compact serialization (three base64url segments, no JSON
 * serialization, no JWE); the header — {@code alg} on the allow-list (default RS256, RS384, RS512,
 * PS256, ES256, ES384; never {@code none}), no {@code jku}, {@code x5u}, {@code jwk} or {@code
 * x5c} (keys come only from the issuer's JWKS), no {@code crit} extension that is not understood,
 * an accepted {@code typ} ({@code JWT}, {@code at+jwt}; a missing typ is accepted unless {@link
 * Builder#requireType}); the signature, with the key named by {@code kid} and fitting the
 * algorithm; then the claims — {@code iss}, {@code aud}, {@code exp}, {@code nbf}, {@code iat}
 * with clock skew, required claims (default {@code exp}, {@code iat}, {@code iss}, {@code sub}) and
 * their JSON types.
 *
 * <p>Keys: fetched from the JWKS (through discovery unless {@link Builder#jwksUri} is given), cached
 * for {@link Builder#jwksCacheTtl}; a token with an unknown {@code kid} triggers a refetch at most
 * once per {@link Builder#jwksRefetchInterval}; if the endpoint is down when the cache expires,
 * the cached keys keep verifying for {@link Builder#jwksOutageTolerance} more, while unknown kids
 * fail closed. Key URLs must be https (http is accepted for loopback addresses only).
 */
public final class JwtVerifier {
    /** The default algorithm allow-list. */
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "ES256", "ES384");
    /** Algorithms that may be allowed: asymmetric signatures only. */
    public static final Set<String> SUPPORTED_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    /** The default accepted header types. */
    public static final Set<String> DEFAULT_TYPES = Set.of("JWT", "at+jwt");
    /** The default required claims. */
    public static final Set<String> DEFAULT_REQUIRED_CLAIMS = Set.of("exp", "iat", "iss", "sub");

    private static final Set<String> KEY_HEADERS = Set.of("jku", "x5u", "jwk", "x5c");
    private static final long MAX_NUMERIC_DATE = 253402300799L; // 9999-12-31T23:59:59Z
    private static final int MAX_KID_LENGTH = 256;

    private final Builder config;
    private final String issuer;
    private final Set<String> audiences;
    private final Set<JWSAlgorithm> algorithms;
    private final Set<String> types;
    private final boolean typeRequired;
    private final Set<String> requiredClaims;
    private final Set<String> understoodCritical;
    private final Duration clockSkew;
    private final int maxTokenSize;
    private final Clock clock;
    private final String groupsClaim;
    private final KeyProvider keys;

    private JwtVerifier(Builder b) {
        this.config = b.copy();
        this.issuer = b.issuer;
        this.audiences = Set.copyOf(b.audiences);
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        b.algorithms.forEach(a -> algs.add(JWSAlgorithm.parse(a)));
        this.algorithms = Set.copyOf(algs);
        Set<String> normalizedTypes = new LinkedHashSet<>();
        b.types.forEach(t -> normalizedTypes.add(normalizeType(t)));
        this.types = Set.copyOf(normalizedTypes);
        this.typeRequired = b.typeRequired;
        this.requiredClaims = Set.copyOf(b.requiredClaims);
        this.understoodCritical = Set.of();
        this.clockSkew = b.clockSkew;
        this.maxTokenSize = b.maxTokenSize;
        this.clock = b.clock;
        this.groupsClaim = b.groupsClaim;
        HttpFetcher fetcher = new JdkHttpFetcher(b.httpTimeout);
        if (b.staticKeys != null) {
            this.keys = KeyProvider.fixed(VerificationKeys.from(b.staticKeys, Instant.EPOCH));
        } else {
            RemoteKeyProvider.JwksLocation location = b.jwksUri != null
                    ? () -> b.jwksUri
                    : new Discovery(b.issuer, fetcher, b.clock, b.discoveryCacheTtl);
            this.keys = new RemoteKeyProvider(
                    location, fetcher, b.clock, b.jwksCacheTtl, b.jwksRefetchInterval, b.jwksOutageTolerance);
        }
    }

    /** A builder; {@link Builder#issuer} and an audience (or {@link Builder#acceptAnyAudience}) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this verifier's settings; the derived verifier has its own key cache. */
    public Builder newBuilder() {
        return config.copy();
    }

    /** The issuer whose tokens this verifier accepts. */
    public String issuer() {
        return issuer;
    }

    /** Number of JWKS fetches attempted so far (0 with static keys). */
    public long jwksFetchCount() {
        return keys.fetches();
    }

    /**
     * Verifies {@code token} (a compact JWS, without any {@code Bearer } prefix).
     *
     * @throws TokenVerificationException when the token is not acceptable, with the reason
     */
    public VerifiedIdentity verify(String token) {
        if (token == null) {
            throw fail(Reason.MALFORMED, "no token given");
        }
        if (token.length() > maxTokenSize) {
            throw fail(
                    Reason.TOO_LARGE,
                    "the token has " + token.length() + " characters, more than the maximum of " + maxTokenSize);
        }
        if (token.startsWith("{")) {
            throw fail(Reason.UNSUPPORTED_FORMAT, "JWS JSON serialization is not accepted; send the compact form");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        int dots = (int) token.chars().filter(c -> c == '.').count();
        if (dots == 4) {
            throw fail(
                    Reason.UNSUPPORTED_FORMAT, "the token has five segments: encrypted tokens (JWE) are not accepted");
        }
        if (dots != 2) {
            throw fail(Reason.MALFORMED, "the token has " + (dots + 1) + " segments; a signed JWT has three");
        }
        String headerPart = token.substring(0, first);
        String payloadPart = token.substring(first + 1, second);
        String signaturePart = token.substring(second + 1);

        Map<String, Object> header = parseJson(headerPart, "header");
        JWSAlgorithm alg = checkHeader(header);
        String kid = (String) header.get("kid");
        JWSHeader jwsHeader;
        try {
            jwsHeader = JWSHeader.parse(header, new Base64URL(headerPart));
        } catch (ParseException e) {
            throw fail(Reason.MALFORMED, "the header is not a valid JWS header");
        }

        checkBase64(signaturePart, "signature");
        if (signaturePart.isEmpty()) {
            throw fail(Reason.INVALID_SIGNATURE, "the signature is empty");
        }
        checkBase64(payloadPart, "payload");
        verifySignature(
                jwsHeader,
                alg,
                kid,
                (headerPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII),
                new Base64URL(signaturePart));

        Map<String, Object> claims = parseJson(payloadPart, "payload");
        return checkClaims(claims);
    }

    // ---- structure and header ----

    private static void checkBase64(String part, String what) {
        int len = part.length();
        for (int i = 0; i < len; i++) {
            char c = part.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw fail(Reason.MALFORMED, "the " + what + " is not unpadded base64url (unexpected character)");
            }
        }
        if (len % 4 == 1) {
            throw fail(Reason.MALFORMED, "the " + what + " is not valid base64url (impossible length)");
        }
    }

    private static Map<String, Object> parseJson(String part, String what) {
        checkBase64(part, what);
        if (part.isEmpty()) {
            throw fail(Reason.MALFORMED, "the " + what + " is empty");
        }
        String json;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            json = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw fail(Reason.MALFORMED, "the " + what + " is not base64url-encoded UTF-8");
        }
        try {
            // nimbus' parser refuses duplicate member names, so one claim cannot mean two things.
            return JSONObjectUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw fail(Reason.MALFORMED, "the " + what + " is not a JSON object (or repeats a member)");
        }
    }

    private JWSAlgorithm checkHeader(Map<String, Object> header) {
        if (header.containsKey("enc")) {
            throw fail(Reason.UNSUPPORTED_FORMAT, "the header is a JWE header: encrypted tokens are not accepted");
        }
        Object algValue = header.get("alg");
        if (!(algValue instanceof String algName)) {
            throw fail(Reason.MALFORMED, "the header has no alg string");
        }
        JWSAlgorithm alg = JWSAlgorithm.parse(algName);
        if (!algorithms.contains(alg)) {
            throw fail(
                    Reason.ALGORITHM_NOT_ALLOWED,
                    "algorithm " + Text.quote(algName) + " is not allowed; allowed: "
                            + algorithms.stream()
                                    .map(JWSAlgorithm::getName)
                                    .sorted()
                                    .toList());
        }
        for (String name : KEY_HEADERS) {
            if (header.containsKey(name)) {
                throw fail(
                        Reason.FORBIDDEN_HEADER,
                        "the header carries '" + name
                                + "'; keys are taken only from the issuer's JWKS, so such tokens are refused");
            }
        }
        Object crit = header.get("crit");
        if (crit != null) {
            if (!(crit instanceof List<?> list) || list.isEmpty()) {
                throw fail(Reason.MALFORMED, "crit must be a non-empty array of names");
            }
            for (Object name : list) {
                if (!(name instanceof String s) || !understoodCritical.contains(s)) {
                    throw fail(
                            Reason.UNSUPPORTED_CRITICAL_HEADER,
                            "crit names " + Text.quote(name) + ", an extension this verifier does not understand");
                }
            }
        }
        Object typ = header.get("typ");
        if (typ == null) {
            if (typeRequired) {
                throw fail(Reason.WRONG_TYPE, "the header has no typ; expected one of " + types);
            }
        } else if (!(typ instanceof String t) || !types.contains(normalizeType(t))) {
            throw fail(Reason.WRONG_TYPE, "typ " + Text.quote(typ) + " is not accepted; expected one of " + types);
        }
        Object cty = header.get("cty");
        if (cty != null && (!(cty instanceof String c) || normalizeType(c).equals("jwt"))) {
            throw fail(Reason.UNSUPPORTED_FORMAT, "nested tokens (cty " + Text.quote(cty) + ") are not accepted");
        }
        Object kid = header.get("kid");
        if (kid != null) {
            if (!(kid instanceof String k) || k.isEmpty() || k.length() > MAX_KID_LENGTH) {
                throw fail(Reason.MALFORMED, "kid must be a string of 1 to " + MAX_KID_LENGTH + " characters");
            }
            if (k.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw fail(Reason.MALFORMED, "kid contains control characters");
            }
        }
        return alg;
    }

    /** RFC 9068 §4: compare case-insensitively, "application/" may be omitted. */
    private static String normalizeType(String typ) {
        String t = typ.toLowerCase(Locale.ROOT);
        return t.startsWith("application/") ? t.substring("application/".length()) : t;
    }

    // ---- signature ----

    private void verifySignature(JWSHeader header, JWSAlgorithm alg, String kid, byte[] input, Base64URL signature) {
        VerificationKeys current = keys.keys();
        if (!current.knows(kid)) {
            current = keys.keysAfterUnknownKid(current);
            if (!current.knows(kid)) {
                throw fail(
                        Reason.UNKNOWN_KEY,
                        kid == null
                                ? "the token has no kid and the issuer publishes no usable key"
                                : "no key of the issuer has kid " + Text.quote(kid)
                                        + " (it may have been rotated out)");
            }
        }
        List<VerificationKeys.Key> fitting =
                current.candidates(kid).stream().filter(k -> k.fits(alg)).toList();
        if (fitting.isEmpty()) {
            throw fail(
                    Reason.KEY_MISMATCH,
                    "the key " + (kid == null ? "" : Text.quote(kid) + " ") + "cannot verify algorithm "
                            + alg.getName());
        }
        if (kid == null && fitting.size() > 1) {
            throw fail(
                    Reason.UNKNOWN_KEY,
                    "the token has no kid and the issuer publishes several keys for " + alg.getName());
        }
        for (VerificationKeys.Key key : fitting) {
            try {
                if (key.verifier().verify(header, input, signature)) {
                    return;
                }
            } catch (JOSEException | RuntimeException e) {
                // a malformed signature: treated as not verifying
            }
        }
        throw fail(Reason.INVALID_SIGNATURE, "the signature does not verify with the issuer's key");
    }

    // ---- claims ----

    private VerifiedIdentity checkClaims(Map<String, Object> claims) {
        String iss = string(claims, "iss");
        if (iss == null) {
            throw fail(Reason.MISSING_CLAIM, "the token has no iss claim");
        }
        if (!issuer.equals(iss)) {
            throw fail(Reason.WRONG_ISSUER, "issuer " + Text.quote(iss) + " is not the expected " + Text.quote(issuer));
        }
        String sub = string(claims, "sub");
        if (sub != null && sub.isEmpty()) {
            throw fail(Reason.INVALID_CLAIM, "sub is empty");
        }
        for (String name : requiredClaims) {
            if (claims.get(name) == null) {
                throw fail(Reason.MISSING_CLAIM, "the token has no " + name + " claim");
            }
        }
        Instant now = clock.instant();
        Instant exp = numericDate(claims, "exp");
        Instant nbf = numericDate(claims, "nbf");
        Instant iat = numericDate(claims, "iat");
        if (exp != null && !now.isBefore(exp.plus(clockSkew))) {
            throw fail(Reason.EXPIRED, "the token expired at " + exp + " (now " + now + ", skew " + clockSkew + ")");
        }
        if (nbf != null && now.plus(clockSkew).isBefore(nbf)) {
            throw fail(Reason.NOT_YET_VALID, "the token is not valid before " + nbf + " (now " + now + ")");
        }
        if (iat != null && now.plus(clockSkew).isBefore(iat)) {
            throw fail(Reason.NOT_YET_VALID, "the token claims to be issued in the future, at " + iat);
        }
        List<String> aud = stringOrList(claims, "aud");
        if (!audiences.isEmpty()) {
            if (aud.isEmpty()) {
                throw fail(Reason.MISSING_CLAIM, "the token has no aud claim; expected one of " + audiences);
            }
            if (aud.stream().noneMatch(audiences::contains)) {
                throw fail(Reason.WRONG_AUDIENCE, "audience " + Text.quote(aud) + " names none of " + audiences);
            }
        }
        List<String> groups = stringOrList(claims, groupsClaim);
        Set<String> scopes = new LinkedHashSet<>();
        String scope = string(claims, "scope");
        if (scope != null) {
            Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        scopes.addAll(stringOrList(claims, "scp"));
        String clientId = string(claims, "client_id");
        if (clientId == null) {
            clientId = string(claims, "azp");
        }
        return new VerifiedIdentity(
                iss, sub, aud, exp, iat, groups, scopes, clientId, string(claims, "jti"), kubernetes(claims, sub));
    }

    private static String string(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw fail(Reason.INVALID_CLAIM, name + " must be a string");
        }
        return s;
    }

    private static List<String> stringOrList(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw fail(Reason.INVALID_CLAIM, name + " must be a string or an array of strings");
                }
                out.add(s);
            }
            return out;
        }
        throw fail(Reason.INVALID_CLAIM, name + " must be a string or an array of strings");
    }

    private static Instant numericDate(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw fail(Reason.INVALID_CLAIM, name + " must be a number of seconds since the epoch");
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || d < 0 || d > MAX_NUMERIC_DATE) {
            throw fail(Reason.INVALID_CLAIM, name + " is out of range");
        }
        return Instant.ofEpochSecond((long) Math.floor(d));
    }

    private static KubernetesServiceAccount kubernetes(Map<String, Object> claims, String sub) {
        String subNamespace = null;
        String subName = null;
        String prefix = "system:serviceaccount:";
        if (sub != null && sub.startsWith(prefix)) {
            String[] parts = sub.substring(prefix.length()).split(":", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw fail(
                        Reason.INVALID_CLAIM,
                        "sub " + Text.quote(sub)
                                + " looks like a service account but is not system:serviceaccount:NAMESPACE:NAME");
            }
            subNamespace = parts[0];
            subName = parts[1];
        }
        Object k8s = claims.get("kubernetes.io");
        if (k8s == null) {
            return subNamespace == null ? null : new KubernetesServiceAccount(subNamespace, subName, null, null);
        }
        if (!(k8s instanceof Map<?, ?> map)) {
            throw fail(Reason.INVALID_CLAIM, "kubernetes.io must be an object");
        }
        String namespace = member(map, "namespace");
        Map<?, ?> sa = object(map, "serviceaccount");
        Map<?, ?> pod = object(map, "pod");
        String name = sa == null ? null : member(sa, "name");
        if (namespace == null || name == null) {
            throw fail(Reason.INVALID_CLAIM, "kubernetes.io must name the namespace and the service account");
        }
        if (subNamespace != null && (!subNamespace.equals(namespace) || !subName.equals(name))) {
            throw fail(Reason.INVALID_CLAIM, "sub and kubernetes.io name different service accounts");
        }
        return new KubernetesServiceAccount(
                namespace, name, member(sa, "uid"), pod == null ? null : member(pod, "name"));
    }

    private static Map<?, ?> object(Map<?, ?> map, String name) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw fail(Reason.INVALID_CLAIM, "kubernetes.io." + name + " must be an object");
        }
        return m;
    }

    private static String member(Map<?, ?> map, String name) {
        Object v = map.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isEmpty()) {
            throw fail(Reason.INVALID_CLAIM, "kubernetes.io " + name + " must be a non-empty string");
        }
        return s;
    }

    private static TokenVerificationException fail(Reason reason, String message) {
        return new TokenVerificationException(reason, message);
    }

    @Override
    public String toString() {
        return "JwtVerifier[issuer=" + issuer + ", audiences=" + audiences + ", algorithms="
                + algorithms.stream().map(JWSAlgorithm::getName).sorted().toList() + "]";
    }

    /** Configures a {@link JwtVerifier}. Setters validate and fail with a message naming the argument. */
    public static final class Builder {
        private String issuer;
        private final Set<String> audiences = new LinkedHashSet<>();
        private boolean anyAudience;
        private Set<String> algorithms = new LinkedHashSet<>(DEFAULT_ALGORITHMS);
        private Set<String> types = new LinkedHashSet<>(DEFAULT_TYPES);
        private boolean typeRequired;
        private Set<String> requiredClaims = new LinkedHashSet<>(DEFAULT_REQUIRED_CLAIMS);
        private Duration clockSkew = Duration.ofSeconds(60);
        private int maxTokenSize = 16 * 1024;
        private Clock clock = Clock.systemUTC();
        private String groupsClaim = "groups";
        private URI jwksUri;
        private JWKSet staticKeys;
        private Duration jwksCacheTtl = Duration.ofMinutes(5);
        private Duration jwksRefetchInterval = Duration.ofSeconds(30);
        private Duration jwksOutageTolerance = Duration.ofHours(1);
        private Duration discoveryCacheTtl = Duration.ofHours(1);
        private Duration httpTimeout = Duration.ofSeconds(5);

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.issuer = issuer;
            b.audiences.addAll(audiences);
            b.anyAudience = anyAudience;
            b.algorithms = new LinkedHashSet<>(algorithms);
            b.types = new LinkedHashSet<>(types);
            b.typeRequired = typeRequired;
            b.requiredClaims = new LinkedHashSet<>(requiredClaims);
            b.clockSkew = clockSkew;
            b.maxTokenSize = maxTokenSize;
            b.clock = clock;
            b.groupsClaim = groupsClaim;
            b.jwksUri = jwksUri;
            b.staticKeys = staticKeys;
            b.jwksCacheTtl = jwksCacheTtl;
            b.jwksRefetchInterval = jwksRefetchInterval;
            b.jwksOutageTolerance = jwksOutageTolerance;
            b.discoveryCacheTtl = discoveryCacheTtl;
            b.httpTimeout = httpTimeout;
            return b;
        }

        /** The issuer ({@code iss}) to accept; also where discovery looks. Required. */
        public Builder issuer(String issuer) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.isBlank()) {
                throw new IllegalArgumentException("issuer must not be blank");
            }
            this.issuer = issuer;
            return this;
        }

        /** Adds accepted audiences: a token must name at least one of them in {@code aud}. */
        public Builder audience(String... audiences) {
            Objects.requireNonNull(audiences, "audiences");
            for (String a : audiences) {
                Objects.requireNonNull(a, "audience");
                if (a.isBlank()) {
                    throw new IllegalArgumentException("audience must not be blank");
                }
                this.audiences.add(a);
            }
            return this;
        }

        /**
         * Skips the audience check. Only for verifiers that do not act on the token (diagnostics):
         * a service that accepts tokens for any audience accepts tokens meant for others.
         */
        public Builder acceptAnyAudience() {
            this.anyAudience = true;
            return this;
        }

        /** Replaces the algorithm allow-list; only asymmetric algorithms ({@link #SUPPORTED_ALGORITHMS}). */
        public Builder algorithms(String... algorithms) {
            Objects.requireNonNull(algorithms, "algorithms");
            Set<String> set = new LinkedHashSet<>();
            for (String a : algorithms) {
                Objects.requireNonNull(a, "algorithm");
                if (!SUPPORTED_ALGORITHMS.contains(a)) {
                    throw new IllegalArgumentException(
                            "algorithm " + a + " cannot be allowed; choose from " + SUPPORTED_ALGORITHMS);
                }
                set.add(a);
            }
            if (set.isEmpty()) {
                throw new IllegalArgumentException("allow at least one algorithm");
            }
            this.algorithms = set;
            return this;
        }

        /** Replaces the accepted header {@code typ} values (case-insensitive; {@code application/} optional). */
        public Builder types(String... types) {
            Objects.requireNonNull(types, "types");
            Set<String> set = new LinkedHashSet<>();
            for (String t : types) {
                set.add(Objects.requireNonNull(t, "type"));
            }
            if (set.isEmpty()) {
                throw new IllegalArgumentException("accept at least one type");
            }
            this.types = set;
            return this;
        }

        /** Whether a token without header {@code typ} is refused; false by default (Kubernetes tokens have none). */
        public Builder requireType(boolean required) {
            this.typeRequired = required;
            return this;
        }

        /** Replaces the claims that must be present; {@code iss} is always required and checked. */
        public Builder requiredClaims(String... claims) {
            Objects.requireNonNull(claims, "claims");
            Set<String> set = new LinkedHashSet<>();
            for (String c : claims) {
                set.add(Objects.requireNonNull(c, "claim"));
            }
            set.add("iss");
            this.requiredClaims = set;
            return this;
        }

        /** Tolerance for clock differences in {@code exp}, {@code nbf}, {@code iat}; 60 s by default, at most 5 min. */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes, was " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /** Longest accepted token in characters; 16384 by default. */
        public Builder maxTokenSize(int chars) {
            if (chars < 64) {
                throw new IllegalArgumentException("maxTokenSize must be at least 64, was " + chars);
            }
            this.maxTokenSize = chars;
            return this;
        }

        /** The clock for lifetime checks and cache ages. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The claim holding group names; {@code groups} by default. */
        public Builder groupsClaim(String claim) {
            this.groupsClaim = Objects.requireNonNull(claim, "claim");
            return this;
        }

        /** Fetches keys from this JWKS URL instead of the one named by discovery. */
        public Builder jwksUri(URI uri) {
            this.jwksUri = Urls.requireSecure(Objects.requireNonNull(uri, "uri"), "jwksUri");
            return this;
        }

        /** Uses these keys (a JWKS JSON document) and never fetches any. */
        public Builder jwks(String jwksJson) {
            Objects.requireNonNull(jwksJson, "jwksJson");
            try {
                this.staticKeys = JWKSet.parse(jwksJson);
            } catch (ParseException e) {
                throw new IllegalArgumentException("jwks is not a JWK set: " + e.getMessage());
            }
            return this;
        }

        /** How long fetched keys are used before refetching; 5 minutes by default. */
        public Builder jwksCacheTtl(Duration ttl) {
            this.jwksCacheTtl = positive(ttl, "jwksCacheTtl");
            return this;
        }

        /** Least time between two fetches (unknown kid, retries during an outage); 30 s by default. */
        public Builder jwksRefetchInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("jwksRefetchInterval must not be negative");
            }
            this.jwksRefetchInterval = interval;
            return this;
        }

        /** How long past the cache lifetime known keys keep verifying while the JWKS endpoint is down; 1 h. */
        public Builder jwksOutageTolerance(Duration tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("jwksOutageTolerance must not be negative");
            }
            this.jwksOutageTolerance = tolerance;
            return this;
        }

        /** How long the discovery document is trusted before refetching; 1 hour by default. */
        public Builder discoveryCacheTtl(Duration ttl) {
            this.discoveryCacheTtl = positive(ttl, "discoveryCacheTtl");
            return this;
        }

        /** Connect and read timeout for discovery and JWKS requests; 5 s by default. */
        public Builder httpTimeout(Duration timeout) {
            this.httpTimeout = positive(timeout, "httpTimeout");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        /** Builds the verifier. No network access happens here; keys are fetched on first use. */
        public JwtVerifier build() {
            if (issuer == null) {
                throw new IllegalStateException("issuer is required: the iss value tokens must carry");
            }
            if (audiences.isEmpty() && !anyAudience) {
                throw new IllegalStateException(
                        "an audience is required (or acceptAnyAudience() for diagnostics): without it tokens meant for other services would pass");
            }
            if (staticKeys == null && jwksUri == null) {
                Urls.requireSecure(URI.create(issuer), "issuer");
            }
            return new JwtVerifier(this);
        }
    }
}
