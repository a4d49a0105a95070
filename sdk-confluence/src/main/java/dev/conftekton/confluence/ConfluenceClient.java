package dev.conftekton.confluence;

import dev.conftekton.confluence.internal.Services;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.flow.FlowControl;
import dev.conftekton.core.http.HttpTransport;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed client for Confluence Cloud (REST v2, with v1 where v2 has no equivalent) and
 * Confluence Data Center (REST v1). Immutable and thread-safe: build one and share it; {@link
 * #newBuilder()} derives variants that share its connections.
 *
 * <pre>{@code
 * ConfluenceClient confluence = ConfluenceClient.newBuilder()
 *         .siteUrl("https://example.atlassian.net")
 *         .basicAuth("ci@example.com", Secret.of(System.getenv("CONFLUENCE_API_TOKEN")))
 *         .build();
 *
 * Page page = confluence.pages().findByTitle("DOCS", "Release notes").orElseThrow();
 * confluence.pages().updateWithRetry(page.id(),
 *         current -> PageUpdate.body(current.body() + "<p>1.4.0 shipped</p>"));
 * }</pre>
 *
 * <p><b>Where requests go.</b>
 *
 * <ul>
 *   <li>Cloud site ({@link Builder#siteUrl} with {@code https://x.atlassian.net}): {@code
 *       /wiki/api/v2/...} and {@code /wiki/rest/api/...}.
 *   <li>Cloud through the API gateway ({@link Builder#cloudGateway(String)}): {@code
 *       https://api.atlassian.com/ex/confluence/{cloudId}/wiki/...} — required for scoped API tokens
 *       and service-account OAuth tokens.
 *   <li>Data Center ({@code https://host[/context]}): {@code /rest/api/...}, with the same
 *       operations served through the v1 content shapes.
 * </ul>
 *
 * <p><b>Errors</b> are the unchecked {@code dev.conftekton.core.error} exceptions: a missing
 * space or page gives a {@code NotFoundException} naming it, a stale version a {@link
 * VersionConflictException}, 403 a {@code PermissionDeniedException} quoting Confluence's reason,
 * 429 is retried within the retry budget and otherwise a {@code RateLimitedException} with {@code
 * retryAt()}.
 */
public final class ConfluenceClient {
    /** The Atlassian API gateway that scoped tokens and service accounts must use. */
    public static final String GATEWAY = "https://api.atlassian.com/ex/confluence/";

    private static final Pattern CLOUD_ID = Pattern.compile("[0-9a-fA-F-]{8,64}");

    private final Builder settings;
    private final RestClient rest;
    private final Flavour flavour;
    private final URI siteUrl;
    private final Services services;

    private ConfluenceClient(Builder b, RestClient rest, Flavour flavour, URI siteUrl) {
        this.settings = b.copy();
        this.rest = rest;
        this.flavour = flavour;
        this.siteUrl = siteUrl;
        this.services = Services.create(rest, flavour, b.maxConflictAttempts);
    }

    /** A builder for a new client. {@link Builder#siteUrl} (or {@link Builder#cloudGateway}) is required. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder starting from this client's settings; clients built from it share its transport and flow control. */
    public Builder toBuilder() {
        Builder b = settings.copy();
        b.derivedFrom = rest;
        return b;
    }

    /** Same as {@link #toBuilder()}. */
    public Builder derive() {
        return toBuilder();
    }

    public SpaceService spaces() {
        return services.spaces();
    }

    public PageService pages() {
        return services.pages();
    }

    public PropertyService properties() {
        return services.properties();
    }

    public LabelService labels() {
        return services.labels();
    }

    public CommentService comments() {
        return services.comments();
    }

    public AttachmentService attachments() {
        return services.attachments();
    }

    public SearchService search() {
        return services.search();
    }

    public ContentStateService contentStates() {
        return services.contentStates();
    }

    public UserService users() {
        return services.users();
    }

    /** Cloud or Data Center. */
    public Flavour flavour() {
        return flavour;
    }

    /** The site (or gateway) URL requests are made under, without {@code /wiki}. */
    public URI siteUrl() {
        return siteUrl;
    }

    /** The underlying HTTP client (for flow-control statistics, or raw calls to endpoints not covered here). */
    public RestClient restClient() {
        return rest;
    }

    @Override
    public String toString() {
        return "ConfluenceClient[" + flavour + " " + siteUrl + "]";
    }

    /** Builder for {@link ConfluenceClient}. Setters fail fast on null. */
    public static final class Builder {
        private String siteUrl;
        private Flavour flavour;
        private TokenSource tokenSource;
        private HttpTransport transport;
        private RetryPolicy retryPolicy;
        private FlowControl flowControl;
        private Clock clock;
        private String userAgent;
        private Duration timeout;
        private int maxConflictAttempts = 5;
        private RestClient derivedFrom;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.siteUrl = siteUrl;
            b.flavour = flavour;
            b.tokenSource = tokenSource;
            b.transport = transport;
            b.retryPolicy = retryPolicy;
            b.flowControl = flowControl;
            b.clock = clock;
            b.userAgent = userAgent;
            b.timeout = timeout;
            b.maxConflictAttempts = maxConflictAttempts;
            b.derivedFrom = derivedFrom;
            return b;
        }

        /**
         * The site: {@code https://x.atlassian.net} (a trailing {@code /wiki} is accepted), {@code
         * https://api.atlassian.com/ex/confluence/{cloudId}}, or a Data Center base URL such as
         * {@code https://confluence.example.com/confluence}. The flavour is detected from it unless
         * {@link #flavour} is set.
         */
        public Builder siteUrl(String siteUrl) {
            this.siteUrl = Objects.requireNonNull(siteUrl, "siteUrl");
            return this;
        }

        public Builder siteUrl(URI siteUrl) {
            return siteUrl(Objects.requireNonNull(siteUrl, "siteUrl").toString());
        }

        /** Cloud through the Atlassian API gateway for site {@code cloudId} (needed for scoped tokens and service accounts). */
        public Builder cloudGateway(String cloudId) {
            Objects.requireNonNull(cloudId, "cloudId");
            if (!CLOUD_ID.matcher(cloudId).matches()) {
                throw new IllegalArgumentException(
                        "a cloud id is the site's UUID (see https://x.atlassian.net/_edge/tenant_info)");
            }
            this.siteUrl = GATEWAY + cloudId;
            this.flavour = Flavour.CLOUD;
            return this;
        }

        /** Cloud or Data Center, overriding detection (needed for Cloud on a custom domain, or tests). */
        public Builder flavour(Flavour flavour) {
            this.flavour = Objects.requireNonNull(flavour, "flavour");
            return this;
        }

        /** Cloud e-mail address and API token, sent as HTTP Basic. */
        public Builder basicAuth(String email, Secret apiToken) {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(apiToken, "apiToken");
            if (email.isBlank() || email.indexOf(':') >= 0) {
                throw new IllegalArgumentException("the e-mail for basic auth must be non-blank without ':'");
            }
            this.tokenSource = TokenSource.of(AccessToken.basic(email, apiToken));
            return this;
        }

        /**
         * Bearer credentials: a Data Center personal access token ({@code
         * TokenSource.of(AccessToken.bearer(pat))}), or an OAuth source from sdk-identity that
         * refreshes itself; on 401 the token is invalidated and the request retried once.
         */
        public Builder tokenSource(TokenSource tokenSource) {
            this.tokenSource = Objects.requireNonNull(tokenSource, "tokenSource");
            return this;
        }

        public Builder transport(HttpTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Retries of 408/429/5xx and I/O errors; the default is {@code RetryPolicy.defaults()}. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        public Builder flowControl(FlowControl flowControl) {
            this.flowControl = Objects.requireNonNull(flowControl, "flowControl");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A product token sent before conftekton's own in {@code User-Agent}, such as {@code release-bot/2.1}. */
        public Builder userAgent(String productToken) {
            this.userAgent = Objects.requireNonNull(productToken, "productToken");
            return this;
        }

        /** The timeout of each attempt. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How often {@code updateWithRetry} re-reads and re-applies after a version conflict; default 5. */
        public Builder maxConflictAttempts(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("maxConflictAttempts must be 1 to 100 but was " + attempts);
            }
            this.maxConflictAttempts = attempts;
            return this;
        }

        public ConfluenceClient build() {
            if (siteUrl == null) {
                throw new IllegalStateException(
                        "siteUrl is required: https://x.atlassian.net, a Data Center URL, or cloudGateway(cloudId)");
            }
            URI parsed = parseSite(siteUrl);
            Flavour f = flavour != null ? flavour : Flavour.detect(parsed);
            URI site = f == Flavour.CLOUD && parsed.getRawPath().endsWith("/wiki")
                    ? URI.create(
                            parsed.toString().substring(0, parsed.toString().length() - "/wiki".length()))
                    : parsed;
            String base = f == Flavour.CLOUD ? site + "/wiki" : site.toString();
            RestClient.Builder rb = derivedFrom != null ? derivedFrom.newBuilder() : RestClient.builder();
            rb.baseUrl(base);
            rb.tokenSource(tokenSource);
            if (transport != null) {
                rb.transport(transport);
            }
            if (retryPolicy != null) {
                rb.retryPolicy(retryPolicy);
            }
            if (flowControl != null) {
                rb.flowControl(flowControl);
            }
            if (clock != null) {
                rb.clock(clock);
            }
            if (userAgent != null) {
                rb.userAgent(userAgent);
            }
            if (timeout != null) {
                rb.timeout(timeout);
            }
            return new ConfluenceClient(this, rb.build(), f, site);
        }

        /** The site URL without a trailing slash; only http(s), no query, no credentials. */
        private static URI parseSite(String url) {
            URI u;
            try {
                u = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("siteUrl is not a valid URL: " + e.getReason(), e);
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException("siteUrl must start with https:// (or http:// for tests)");
            }
            if (u.getHost() == null) {
                throw new IllegalArgumentException("siteUrl has no host");
            }
            if (u.getRawUserInfo() != null) {
                throw new IllegalArgumentException(
                        "siteUrl must not carry credentials; use basicAuth or tokenSource instead");
            }
            if (u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException("siteUrl must not have a query or fragment");
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return URI.create(scheme + "://" + u.getRawAuthority() + path);
        }
    }
}
