package dev.conftekton.core.http.internal;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.error.ConftektonException;
import dev.conftekton.core.error.RequestTimeoutException;
import dev.conftekton.core.error.ServiceException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.flow.FlowControl;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.HttpTransport;
import dev.conftekton.core.redact.Redactor;
import dev.conftekton.core.retry.RetryPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry wrapper: credentials, flow control, retries with back-off and Retry-After, the
 * single re-authentication after 401, wire logging and error mapping. Internal: not a supported
 * API; use {@code RestClient}.
 */
public final class RequestExecutor {
    private static final Logger WIRE = LoggerFactory.getLogger("dev.conftekton.core.http.wire");
    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);

    private final HttpTransport transport;
    private final RetryPolicy policy;
    private final FlowControl flow;
    private final Redactor redactor;
    private final Clock clock;
    private final TokenSource tokenSource;
    // The token last sent with its header value: built once per token instead of once per request.
    private volatile Credential lastCredential;

    public RequestExecutor(
            HttpTransport transport,
            RetryPolicy policy,
            FlowControl flow,
            Redactor redactor,
            Clock clock,
            TokenSource tokenSource) {
        this.transport = transport;
        this.policy = policy;
        this.flow = flow;
        this.redactor = redactor;
        this.clock = clock;
        this.tokenSource = tokenSource;
    }

    /**
     * Sends {@code request} (absolute URL, headers complete except credentials) and returns a 1xx,
     * 2xx or 3xx response, or throws.
     *
     * @param authenticate whether to add the token (false for other origins)
     */
    public HttpResponse execute(
            HttpRequest request, boolean authenticate, Duration timeout, int maxAttempts, Duration budget) {
        URI uri = request.uri();
        // Built only when a message or log line needs it: redaction is not free.
        Target target = new Target(request.method(), uri, redactor);
        boolean replayable = request.isReplayable();
        Instant start = clock.instant();
        boolean reauthenticated = false;
        int attempt = 0;
        while (true) {
            attempt++;
            AccessToken token = null;
            HttpRequest sent = request;
            if (authenticate && tokenSource != null) {
                token = tokenSource.token();
                if (token == null) {
                    throw new ConftektonException("the token source returned no token for " + target
                            + "; check the credentials configuration");
                }
                sent = request.withHeader("Authorization", authorization(token));
            }
            HttpResponse response;
            FlowControl.Permit permit = acquire(uri, timeout, target);
            boolean wire = WIRE.isDebugEnabled();
            long t0 = wire ? System.nanoTime() : 0L;
            if (wire) {
                WIRE.debug("--> {} (attempt {}) headers={}", target, attempt, redactor.redact(sent.headers()));
            }
            try {
                response = transport.execute(sent, timeout);
            } catch (TransportException e) {
                permit.onDropped();
                TransportException failure = redacted(e);
                if (wire) {
                    WIRE.debug("<-- {} failed after {} ms: {}", target, millisSince(t0), failure.getMessage());
                }
                if (!replayable
                        || attempt >= maxAttempts
                        || Thread.currentThread().isInterrupted()) {
                    throw failure;
                }
                Duration wait = policy.backoffBefore(attempt);
                if (exceedsBudget(start, budget, wait)) {
                    throw failure;
                }
                LOG.debug(
                        "retrying {} in {} ms after {}",
                        target,
                        wait.toMillis(),
                        failure.getClass().getSimpleName());
                sleep(wait, target);
                continue;
            } catch (RuntimeException e) {
                permit.onDropped();
                throw e;
            }
            int status = response.status();
            boolean retryable = policy.isRetryableStatus(status);
            // Read the clock only when Retry-After needs it: most answers are plain successes.
            Instant now = retryable ? clock.instant() : null;
            Optional<Duration> retryAfter = retryable ? RetryAfter.parse(response.headers(), now) : Optional.empty();
            if (status == 429 || (status == 503 && retryAfter.isPresent())) {
                permit.onThrottled();
            } else {
                permit.onSuccess();
            }
            if (wire) {
                WIRE.debug(
                        "<-- {} {} ({} ms) headers={}",
                        status,
                        target,
                        millisSince(t0),
                        redactor.redact(response.headers()));
            }
            if (status < 400) {
                return response;
            }
            if (status == 401 && token != null && !reauthenticated && replayable) {
                response.close();
                LOG.debug("{} answered 401; invalidating the token and retrying once", target);
                tokenSource.invalidate(token);
                reauthenticated = true;
                attempt--;
                continue;
            }
            if (!retryable) {
                throw ErrorMapper.map(response, target.toString(), redactor, null, null);
            }
            Instant retryAt = retryAfter.map(d -> RetryAfter.plus(now, d)).orElse(null);
            if (!replayable) {
                throw ErrorMapper.map(
                        response,
                        target.toString(),
                        redactor,
                        retryAt,
                        "The request body is a stream and cannot be sent again, so it was not retried.");
            }
            if (attempt >= maxAttempts) {
                throw ErrorMapper.map(
                        response,
                        target.toString(),
                        redactor,
                        retryAt,
                        "Gave up after " + attempt + (attempt == 1 ? " attempt." : " attempts.")
                                + (retryAt == null ? "" : " Retry after " + retryAt + "."));
            }
            Duration wait;
            if (retryAfter.isPresent()) {
                Duration asked = retryAfter.get();
                if (asked.compareTo(policy.maxRetryAfter()) > 0 || exceedsBudget(start, budget, asked)) {
                    throw ErrorMapper.map(
                            response,
                            target.toString(),
                            redactor,
                            retryAt,
                            "The service asked to wait " + RetryAfter.describe(asked) + " (Retry-After), longer than"
                                    + " the retry budget allows; retry after " + retryAt + ".");
                }
                wait = asked;
            } else {
                wait = policy.backoffBefore(attempt);
                if (exceedsBudget(start, budget, wait)) {
                    throw ErrorMapper.map(
                            response,
                            target.toString(),
                            redactor,
                            null,
                            "The retry budget of " + budget.toMillis() + " ms is used up after " + attempt
                                    + (attempt == 1 ? " attempt." : " attempts."));
                }
            }
            response.close();
            LOG.debug("retrying {} in {} ms after HTTP {}", target, wait.toMillis(), status);
            sleep(wait, target);
        }
    }

    /** A token and its header value. A class, not a record: a record's toString would show the header. */
    private static final class Credential {
        final AccessToken token;
        final String header;

        Credential(AccessToken token, String header) {
            this.token = token;
            this.header = header;
        }
    }

    private String authorization(AccessToken token) {
        Credential c = lastCredential;
        if (c == null || c.token != token) {
            // Registered once per token, before its header is first sent or could be logged.
            redactor.register(token.value());
            c = new Credential(token, token.authorizationHeader());
            lastCredential = c;
        }
        return c.header;
    }

    private FlowControl.Permit acquire(URI uri, Duration timeout, Target target) {
        try {
            return flow.acquire(uri, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(target + " was interrupted while waiting for a request slot", e);
        } catch (RequestTimeoutException e) {
            throw new RequestTimeoutException(
                    target + ": " + e.getMessage(), e.timeout().orElse(null), e);
        }
    }

    private boolean exceedsBudget(Instant start, Duration budget, Duration wait) {
        Duration used = Duration.between(start, clock.instant());
        Duration left = budget.minus(used);
        return wait.compareTo(left) > 0;
    }

    private void sleep(Duration wait, Target target) {
        try {
            policy.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(target + " was interrupted while waiting to retry", e);
        }
    }

    private TransportException redacted(TransportException e) {
        String message = e.getMessage();
        String clean = redactor.redact(message);
        if (clean == null || clean.equals(message)) {
            return e;
        }
        return e instanceof RequestTimeoutException t
                ? new RequestTimeoutException(clean, t.timeout().orElse(null), e.getCause())
                : new TransportException(clean, e.getCause());
    }

    /** "METHOD url" with secrets masked, computed once on demand. */
    private static final class Target {
        private final String method;
        private final URI uri;
        private final Redactor redactor;
        private String text;

        Target(String method, URI uri, Redactor redactor) {
            this.method = method;
            this.uri = uri;
            this.redactor = redactor;
        }

        @Override
        public String toString() {
            String t = text;
            if (t == null) {
                t = method + " " + redactor.redact(safe(uri));
                text = t;
            }
            return t;
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Scheme, host, port, path and query; the query is redacted by the caller. */
    static String safe(URI uri) {
        String s = uri.toString();
        String userInfo = uri.getRawUserInfo();
        return userInfo == null ? s : s.replace(userInfo + "@", "██@");
    }

    /** For callers mapping an error response outside the retry loop. */
    public ServiceException mapError(HttpResponse response) {
        HttpRequest r = response.request();
        return ErrorMapper.map(
                response, r.method() + " " + redactor.redact(r.uri().toString()), redactor, null, null);
    }
}
