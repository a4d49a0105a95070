package dev.conftekton.identity.verify.internal;

import com.nimbusds.jose.jwk.JWKSet;
import dev.conftekton.identity.verify.TokenVerificationException;
import dev.conftekton.identity.verify.TokenVerificationException.Reason;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keys from a JWKS URL: cached for {@code ttl}; refetched on an unknown {@code kid} at most once
 * per {@code minRefetchInterval}; when the endpoint is down after the cache expired, the last keys
 * keep serving until {@code ttl + outageTolerance} after they were fetched (an unknown kid then
 * fails closed), and failed fetches are retried at most once per {@code minRefetchInterval}.
 *
 * <p>Readers never block each other: the snapshot is a volatile immutable object; one thread at a
 * time fetches, and while it does, others keep using the stale snapshot if it is still inside the
 * outage window. Unsupported internal API.
 */
public final class RemoteKeyProvider implements KeyProvider {
    /** Resolves the JWKS URL (directly configured, or through discovery). */
    public interface JwksLocation {
        URI jwksUri() throws IOException;
    }

    private final JwksLocation location;
    private final HttpFetcher fetcher;
    private final Clock clock;
    private final Duration ttl;
    private final Duration minRefetchInterval;
    private final Duration outageTolerance;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong fetches = new AtomicLong();
    private volatile VerificationKeys current;
    private volatile Instant lastAttempt = Instant.MIN;
    private volatile String lastFailure;

    public RemoteKeyProvider(
            JwksLocation location,
            HttpFetcher fetcher,
            Clock clock,
            Duration ttl,
            Duration minRefetchInterval,
            Duration outageTolerance) {
        this.location = location;
        this.fetcher = fetcher;
        this.clock = clock;
        this.ttl = ttl;
        this.minRefetchInterval = minRefetchInterval;
        this.outageTolerance = outageTolerance;
    }

    @Override
    public VerificationKeys keys() {
        VerificationKeys keys = current;
        Instant now = clock.instant();
        if (keys != null && now.isBefore(keys.fetchedAt().plus(ttl))) {
            return keys; // the fast path: fresh
        }
        boolean usableStale =
                keys != null && now.isBefore(keys.fetchedAt().plus(ttl).plus(outageTolerance));
        if (usableStale) {
            // Refresh if nobody else is and a retry is due; otherwise serve the stale keys.
            if (lock.tryLock()) {
                try {
                    refreshIfDue(now);
                } finally {
                    lock.unlock();
                }
            }
            return current;
        }
        lock.lock();
        try {
            keys = current;
            if (keys != null && now.isBefore(keys.fetchedAt().plus(ttl))) {
                return keys;
            }
            refreshIfDue(now);
            keys = current;
            if (keys != null && now.isBefore(keys.fetchedAt().plus(ttl).plus(outageTolerance))) {
                return keys;
            }
            throw new TokenVerificationException(
                    Reason.KEYS_UNAVAILABLE,
                    "the issuer's keys could not be fetched"
                            + (lastFailure == null ? "" : " (" + lastFailure + ")")
                            + (keys == null ? "" : " and the cached keys are older than the outage window")
                            + "; check that the JWKS endpoint is reachable");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public VerificationKeys keysAfterUnknownKid(VerificationKeys seen) {
        lock.lock();
        try {
            VerificationKeys keys = current;
            if (keys != seen && keys != null) {
                return keys; // someone refreshed meanwhile
            }
            refreshIfDue(clock.instant());
            return current == null ? seen : current;
        } finally {
            lock.unlock();
        }
    }

    /** Fetches unless the last attempt was less than {@code minRefetchInterval} ago. Holds the lock. */
    private void refreshIfDue(Instant now) {
        if (now.isBefore(lastAttempt.plus(minRefetchInterval))) {
            return;
        }
        lastAttempt = now;
        fetches.incrementAndGet();
        try {
            URI uri = location.jwksUri();
            JWKSet set = JWKSet.parse(fetcher.get(uri));
            VerificationKeys keys = VerificationKeys.from(set, now);
            if (keys.size() == 0) {
                lastFailure = "the JWKS has no usable signature keys";
                return;
            }
            current = keys;
            lastFailure = null;
        } catch (IOException e) {
            lastFailure = e.getMessage();
        } catch (ParseException e) {
            lastFailure = "the JWKS is not a valid JWK set";
        } catch (IllegalArgumentException e) {
            lastFailure = e.getMessage();
        }
    }

    @Override
    public long fetches() {
        return fetches.get();
    }
}
