package dev.conftekton.tekton.interceptor;

import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.audit.AuditSink;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.tekton.interceptor.internal.ReplayGuard;
import dev.conftekton.tekton.interceptor.internal.SecretFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides whether a Confluence Data Center webhook event, as relayed by a Tekton Triggers
 * EventListener, may start a run. Immutable and thread-safe; {@link #process(byte[], String)} never
 * throws and always returns a decision.
 *
 * <p>Checks, in order (the first failure decides): content types (3), request shape (3), the
 * trigger's params (3), proof of origin — the {@code X-Hub-Signature} HMAC-SHA256 of the raw body
 * with the secret from the secret file (16 when missing or wrong, 14 when the secret is unreadable)
 * and/or a bearer token checked by the {@link BearerVerifier} (16 invalid, 7 not allowed) — then the
 * payload (3 malformed or unknown event), the event time window (11), duplicates (6) and the
 * filters (9). Everything that passes continues with extensions under {@code confluence}. Every
 * decision is recorded in the audit sink.
 *
 * <pre>{@code
 * ConfluenceInterceptor interceptor = ConfluenceInterceptor.builder()
 *         .secretFile(Path.of("/etc/conftekton/webhook-secret"))
 *         .confluenceBaseUrl(URI.create("https://confluence.example.com"))
 *         .build();
 * InterceptorResponse response = interceptor.process(requestBytes, "application/json");
 * }</pre>
 */
public final class ConfluenceInterceptor {
    /** The audit action for every decision. */
    public static final String ACTION = "run:trigger";

    private final SecretFile secretFile;
    private final BearerVerifier bearerVerifier;
    private final AuditSink audit;
    private final Clock clock;
    private final long maxBodyBytes;
    private final Duration maxEventAge;
    private final Duration maxClockSkew;
    private final boolean requireTimestamp;
    private final String deliveryIdHeader;
    private final URI confluenceBaseUrl;
    private final String defaultNamespace;
    private final String defaultPipeline;
    private final ReplayGuard replays;
    private final Builder settings;

    private ConfluenceInterceptor(Builder b) {
        this.settings = b.copy();
        this.secretFile = b.secretFile == null ? null : new SecretFile(b.secretFile, b.secretRecheck, b.clock);
        this.bearerVerifier = b.bearerVerifier;
        this.audit = b.audit;
        this.clock = b.clock;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxEventAge = b.maxEventAge;
        this.maxClockSkew = b.maxClockSkew;
        this.requireTimestamp = b.requireTimestamp;
        this.deliveryIdHeader = b.deliveryIdHeader;
        this.confluenceBaseUrl = b.confluenceBaseUrl;
        this.defaultNamespace = b.defaultNamespace;
        this.defaultPipeline = b.defaultPipeline;
        this.replays = new ReplayGuard(b.replayWindow, b.replayCacheSize, b.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this instance's settings (the replay cache is not shared with the result). */
    public Builder newBuilder() {
        return settings.copy();
    }

    /** The largest request body accepted, in bytes. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Why the interceptor cannot verify events right now, or empty when it is ready. */
    public Optional<String> notReadyReason() {
        return secretFile == null ? Optional.empty() : secretFile.problem();
    }

    /**
     * Decides on one request: {@code body} is the raw InterceptorRequest JSON, {@code contentType}
     * the request's {@code Content-Type} (null when absent).
     */
    public InterceptorResponse process(byte[] body, String contentType) {
        try {
            if (contentType != null && !isJson(contentType)) {
                return decide(
                        null,
                        "unknown",
                        GrpcCode.INVALID_ARGUMENT,
                        "the InterceptorRequest must be sent as application/json, not "
                                + ConfluenceEvent.shorten(contentType),
                        Map.of());
            }
            if (body.length > maxBodyBytes) {
                return oversized(body.length);
            }
            InterceptorRequest request;
            try {
                request = InterceptorRequest.parse(new String(body, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return decide(
                        null,
                        "unknown",
                        GrpcCode.INVALID_ARGUMENT,
                        "the request is not a valid InterceptorRequest: " + e.getMessage(),
                        Map.of());
            }
            return process(request);
        } catch (RuntimeException | StackOverflowError e) {
            return internal(null, e);
        }
    }

    /** The decision for a request whose body was larger than {@link #maxBodyBytes()}. */
    public InterceptorResponse oversized(long size) {
        return decide(
                null,
                "unknown",
                GrpcCode.RESOURCE_EXHAUSTED,
                "the request body" + (size >= 0 ? " (" + size + " bytes or more)" : "")
                        + " is larger than the limit of " + maxBodyBytes + " bytes",
                Map.of());
    }

    /** Decides on a parsed request. Never throws. */
    public InterceptorResponse process(InterceptorRequest request) {
        try {
            return verifyAndFilter(request);
        } catch (RuntimeException | StackOverflowError e) {
            return internal(request, e);
        }
    }

    private InterceptorResponse verifyAndFilter(InterceptorRequest request) {
        EventFilters filters;
        try {
            filters = EventFilters.fromParams(request.interceptorParams());
        } catch (IllegalArgumentException e) {
            return decide(
                    request,
                    "unknown",
                    GrpcCode.INVALID_ARGUMENT,
                    "the Trigger's interceptor params are invalid: " + e.getMessage(),
                    Map.of());
        }
        Optional<String> webhookType = request.firstHeader("Content-Type");
        if (webhookType.isPresent() && !isJson(webhookType.get())) {
            return decide(
                    request,
                    "unknown",
                    GrpcCode.INVALID_ARGUMENT,
                    "the webhook must be JSON (Content-Type application/json), not "
                            + ConfluenceEvent.shorten(webhookType.get()),
                    Map.of());
        }
        TriggerTarget target = withDefaults(TriggerTarget.fromTriggerId(request.triggerId(), filters.pipeline()));

        // 1. proof of origin, before anything in the body is trusted
        String actor = "unauthenticated";
        if (secretFile != null) {
            Optional<Secret> secret = secretFile.current();
            if (secret.isEmpty()) {
                return decide(
                        request,
                        actor,
                        GrpcCode.UNAVAILABLE,
                        "cannot verify webhooks: " + secretFile.problem().orElse("the secret is unavailable"),
                        Map.of());
            }
            Optional<String> problem = checkSignature(request, secret.get());
            if (problem.isPresent()) {
                return decide(request, actor, GrpcCode.UNAUTHENTICATED, problem.get(), Map.of());
            }
            actor = "confluence-webhook:hmac-sha256";
        }
        if (bearerVerifier != null) {
            Optional<String> authorization = request.firstHeader("Authorization");
            if (authorization.isEmpty()
                    || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)
                    || authorization.get().length() <= 7) {
                return decide(
                        request,
                        actor,
                        GrpcCode.UNAUTHENTICATED,
                        "missing bearer token: the identity-aware proxy must add Authorization: Bearer <token>",
                        Map.of());
            }
            if (target.namespace().isEmpty() || target.pipeline().isEmpty()) {
                return decide(
                        request,
                        actor,
                        GrpcCode.INVALID_ARGUMENT,
                        "bearer verification needs the target: context.trigger_id (or a default namespace)"
                                + " and the interceptor param 'pipeline' (or a default pipeline)",
                        Map.of());
            }
            BearerVerdict verdict =
                    bearerVerifier.verify(authorization.get().substring(7).trim(), target);
            if (verdict == null) {
                return decide(request, actor, GrpcCode.INTERNAL, "the bearer verifier gave no answer", Map.of());
            }
            if (!verdict.allowed()) {
                return decide(request, verdict.actor(), verdict.code(), verdict.reason(), Map.of());
            }
            actor = verdict.actor();
        }

        // 2. the payload
        ConfluenceEvent event;
        try {
            event = ConfluenceEvent.parse(request.body());
        } catch (IllegalArgumentException e) {
            return decide(request, actor, GrpcCode.INVALID_ARGUMENT, e.getMessage(), Map.of());
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("event_type", event.type());
        if (!event.pageId().isEmpty()) {
            facts.put("page_id", event.pageId());
        }

        // 3. freshness and duplicates
        Instant now = clock.instant();
        if (event.timestamp().isEmpty()) {
            if (requireTimestamp) {
                return decide(
                        request,
                        actor,
                        GrpcCode.INVALID_ARGUMENT,
                        "the webhook body has no \"timestamp\"; it is needed to refuse replayed deliveries",
                        facts);
            }
        } else if (!maxEventAge.isZero()) {
            Instant ts = event.timestamp().get();
            if (ts.isBefore(now.minus(maxEventAge))) {
                return decide(
                        request,
                        actor,
                        GrpcCode.OUT_OF_RANGE,
                        "the event is from " + ts + ", older than the accepted " + maxEventAge
                                + "; a late retry or a replay",
                        facts);
            }
            if (ts.isAfter(now.plus(maxClockSkew))) {
                return decide(
                        request,
                        actor,
                        GrpcCode.OUT_OF_RANGE,
                        "the event claims " + ts + ", too far in the future (allowed clock skew " + maxClockSkew + ")",
                        facts);
            }
        }
        String delivery = deliveryKey(request);
        facts.put("delivery", delivery);
        // one delivery may legitimately pass through several triggers of one EventListener
        Optional<Instant> seen = replays.firstSeen(request.triggerId() + "|" + delivery);
        if (seen.isPresent()) {
            return decide(
                    request,
                    actor,
                    GrpcCode.ALREADY_EXISTS,
                    "delivery " + delivery + " was already processed at " + seen.get() + " (retry or replay)",
                    facts);
        }

        // 4. the trigger's filters
        Optional<String> rejection = filters.rejection(event);
        if (rejection.isPresent()) {
            return decide(request, actor, GrpcCode.FAILED_PRECONDITION, rejection.get(), facts);
        }

        Map<String, Object> confluence = new LinkedHashMap<>();
        confluence.put("eventType", event.type());
        confluence.put("pageId", event.pageId());
        confluence.put("spaceKey", event.spaceKey());
        confluence.put("title", event.title());
        confluence.put("version", event.version() > 0 ? Long.toString(event.version()) : "");
        confluence.put("author", event.author());
        confluence.put("pageUrl", pageUrl(event));
        confluence.put("deliveryId", delivery);
        confluence.put("verifiedBy", actor);
        InterceptorResponse allow = InterceptorResponse.allow(
                "verified " + event.type() + (event.pageId().isEmpty() ? "" : " of page " + event.pageId()),
                Map.of("confluence", confluence));
        record(request, actor, allow, facts);
        return allow;
    }

    private TriggerTarget withDefaults(TriggerTarget t) {
        if ((t.namespace().isEmpty() && !defaultNamespace.isEmpty())
                || (t.pipeline().isEmpty() && !defaultPipeline.isEmpty())) {
            return new TriggerTarget(
                    t.namespace().isEmpty() ? defaultNamespace : t.namespace(),
                    t.triggerName(),
                    t.pipeline().isEmpty() ? defaultPipeline : t.pipeline());
        }
        return t;
    }

    private Optional<String> checkSignature(InterceptorRequest request, Secret secret) {
        Optional<String> header = request.firstHeader("X-Hub-Signature");
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.of("missing X-Hub-Signature header: set a secret on the Confluence webhook");
        }
        String value = header.get().trim();
        int eq = value.indexOf('=');
        if (eq >= 0) {
            String algorithm = value.substring(0, eq).toLowerCase(Locale.ROOT);
            if (!algorithm.equals("sha256")) {
                return Optional.of("unsupported X-Hub-Signature algorithm '" + ConfluenceEvent.shorten(algorithm)
                        + "'; HMAC-SHA256 is required");
            }
            value = value.substring(eq + 1);
        }
        // ASCII hex only: Character.digit also accepts other scripts' digits
        if (value.length() != 64
                || !value.chars()
                        .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return Optional.of("malformed X-Hub-Signature: expected sha256= and 64 hex digits");
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = mac.doFinal(request.body().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(value))) {
            return Optional.of("X-Hub-Signature does not match the body: wrong secret, or the payload was altered");
        }
        return Optional.empty();
    }

    private String deliveryKey(InterceptorRequest request) {
        if (deliveryIdHeader != null) {
            Optional<String> id = request.firstHeader(deliveryIdHeader).filter(s -> !s.isBlank());
            if (id.isPresent()) {
                return "id:" + ConfluenceEvent.shorten(id.get());
            }
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(request.body().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private String pageUrl(ConfluenceEvent event) {
        if (event.pageUrl().startsWith("/")) {
            return confluenceBaseUrl == null
                    ? ""
                    : confluenceBaseUrl.toString().replaceAll("/+$", "") + event.pageUrl();
        }
        if (!event.pageUrl().isEmpty()) {
            return event.pageUrl();
        }
        if (confluenceBaseUrl != null && !event.pageId().isEmpty()) {
            String base = confluenceBaseUrl.toString().replaceAll("/+$", "");
            return base + "/pages/viewpage.action?pageId=" + event.pageId();
        }
        return "";
    }

    private InterceptorResponse internal(InterceptorRequest request, Throwable e) {
        return decide(
                request,
                "unknown",
                GrpcCode.INTERNAL,
                "internal error (" + e.getClass().getSimpleName() + "); the event was not let through",
                Map.of());
    }

    private InterceptorResponse decide(
            InterceptorRequest request, String actor, GrpcCode code, String reason, Map<String, String> facts) {
        InterceptorResponse response = InterceptorResponse.deny(code, reason);
        record(request, actor, response, facts);
        return response;
    }

    private void record(
            InterceptorRequest request, String actor, InterceptorResponse response, Map<String, String> facts) {
        try {
            Map<String, String> correlation = new LinkedHashMap<>(facts);
            correlation.put("grpc_code", Integer.toString(response.code().number()));
            String resource = "tekton:trigger/unknown";
            if (request != null) {
                if (!request.eventId().isEmpty()) {
                    correlation.put("event_id", ConfluenceEvent.shorten(request.eventId()));
                }
                if (!request.triggerId().isEmpty()) {
                    correlation.put("trigger_id", ConfluenceEvent.shorten(request.triggerId()));
                }
                Object pipeline = request.interceptorParams().get("pipeline");
                TriggerTarget t = withDefaults(
                        TriggerTarget.fromTriggerId(request.triggerId(), pipeline instanceof String s ? s : ""));
                resource = !t.pipeline().isEmpty()
                        ? t.resource()
                        : t.namespace().isEmpty()
                                ? "tekton:trigger/unknown"
                                : "tekton:namespace/" + t.namespace() + "/trigger/" + t.triggerName();
            }
            audit.record(new AuditEvent(
                    clock.instant(),
                    actor,
                    ACTION,
                    ConfluenceEvent.shorten(resource),
                    response.continueProcessing() ? AuditEvent.Decision.ALLOW : AuditEvent.Decision.DENY,
                    response.message(),
                    correlation));
        } catch (RuntimeException e) {
            // an audit sink must not throw; if one does, the decision still stands
        }
    }

    private static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }

    /**
     * Builds a {@link ConfluenceInterceptor}. At least one proof of origin is required: a
     * {@link #secretFile(Path)} for HMAC signatures or a {@link #bearerVerifier(BearerVerifier)}
     * (both may be set; then both must pass).
     */
    public static final class Builder {
        private Path secretFile;
        private Duration secretRecheck = Duration.ofSeconds(1);
        private BearerVerifier bearerVerifier;
        private AuditSink audit = AuditSink.discarding();
        private Clock clock = Clock.systemUTC();
        private long maxBodyBytes = 1024 * 1024;
        private Duration replayWindow = Duration.ofMinutes(15);
        private int replayCacheSize = 10_000;
        private Duration maxEventAge = Duration.ofMinutes(10);
        private Duration maxClockSkew = Duration.ofMinutes(2);
        private boolean requireTimestamp = true;
        private String deliveryIdHeader;
        private URI confluenceBaseUrl;
        private String defaultNamespace = "";
        private String defaultPipeline = "";

        private Builder() {}

        Builder copy() {
            Builder b = new Builder();
            b.secretFile = secretFile;
            b.secretRecheck = secretRecheck;
            b.bearerVerifier = bearerVerifier;
            b.audit = audit;
            b.clock = clock;
            b.maxBodyBytes = maxBodyBytes;
            b.replayWindow = replayWindow;
            b.replayCacheSize = replayCacheSize;
            b.maxEventAge = maxEventAge;
            b.maxClockSkew = maxClockSkew;
            b.requireTimestamp = requireTimestamp;
            b.deliveryIdHeader = deliveryIdHeader;
            b.confluenceBaseUrl = confluenceBaseUrl;
            b.defaultNamespace = defaultNamespace;
            b.defaultPipeline = defaultPipeline;
            return b;
        }

        /** The file holding the webhook secret (re-read when it changes). */
        public Builder secretFile(Path secretFile) {
            this.secretFile = Objects.requireNonNull(secretFile, "secretFile");
            return this;
        }

        /** How often at most the secret file is checked for changes (default 1 s). */
        public Builder secretRecheck(Duration interval) {
            this.secretRecheck = nonNegative(interval, "interval");
            return this;
        }

        /**
         * Requires {@code Authorization: Bearer <token>} on the webhook request, checked by {@code
         * verifier} — normally an {@link OidcBearerVerifier} (OIDC token from an identity-aware
         * proxy, authorised by policy for {@code run:trigger} on the target pipeline).
         */
        public Builder bearerVerifier(BearerVerifier verifier) {
            this.bearerVerifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        public Builder auditSink(AuditSink sink) {
            this.audit = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The largest request accepted (default 1 MiB); larger ones are refused with code 8. */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1024 || bytes > 64L * 1024 * 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be between 1 KiB and 64 MiB, got " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** How long a delivery is remembered to refuse duplicates (default 15 min). */
        public Builder replayWindow(Duration window) {
            this.replayWindow = nonNegative(window, "window");
            return this;
        }

        /** How many deliveries are remembered at most (default 10,000). */
        public Builder replayCacheSize(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("replayCacheSize must be at least 1");
            }
            this.replayCacheSize = entries;
            return this;
        }

        /** Events older than this are refused (default 10 min; zero turns the check off). */
        public Builder maxEventAge(Duration age) {
            this.maxEventAge = nonNegative(age, "age");
            return this;
        }

        public Builder maxClockSkew(Duration skew) {
            this.maxClockSkew = nonNegative(skew, "skew");
            return this;
        }

        /** Whether a payload without {@code timestamp} is refused (default true). */
        public Builder requireTimestamp(boolean require) {
            this.requireTimestamp = require;
            return this;
        }

        /** A webhook header carrying a unique delivery id; without it, duplicates are found by body hash. */
        public Builder deliveryIdHeader(String header) {
            this.deliveryIdHeader = Objects.requireNonNull(header, "header");
            return this;
        }

        /** Used to build {@code pageUrl} when the payload has no {@code self} link. */
        public Builder confluenceBaseUrl(URI baseUrl) {
            this.confluenceBaseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * The target a bearer token is authorised for when the request does not name it: {@code
         * namespace} when {@code context.trigger_id} has none, {@code pipeline} when the Trigger has
         * no {@code pipeline} param. Empty strings mean no default (the default).
         */
        public Builder defaultTarget(String namespace, String pipeline) {
            this.defaultNamespace = Objects.requireNonNull(namespace, "namespace");
            this.defaultPipeline = Objects.requireNonNull(pipeline, "pipeline");
            return this;
        }

        public ConfluenceInterceptor build() {
            if (secretFile == null && bearerVerifier == null) {
                throw new IllegalStateException(
                        "the interceptor needs a proof of origin: secretFile(path) and/or bearerVerifier(verifier)");
            }
            if (!maxEventAge.isZero() && replayWindow.compareTo(maxEventAge.plus(maxClockSkew)) < 0) {
                throw new IllegalStateException("replayWindow (" + replayWindow
                        + ") must cover maxEventAge plus maxClockSkew, or replays slip through between them");
            }
            return new ConfluenceInterceptor(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }
}
