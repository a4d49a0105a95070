package dev.conftekton.core.http.internal;

import dev.conftekton.core.http.Headers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
final class RetryAfter {
    private RetryAfter() {}

    /** The wait the header asks for, measured from {@code now}; empty when absent or unreadable. */
    static Optional<Duration> parse(Headers headers, Instant now) {
        Optional<String> header = headers.first("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long seconds;
            try {
                seconds = Long.parseLong(v);
            } catch (NumberFormatException tooLarge) {
                seconds = Long.MAX_VALUE;
            }
            return Optional.of(Duration.ofSeconds(seconds));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code now + wait}, saturating at {@link Instant#MAX} instead of overflowing. */
    static Instant plus(Instant now, Duration wait) {
        long room = Instant.MAX.getEpochSecond() - now.getEpochSecond() - 1;
        if (wait.getSeconds() >= room) {
            return Instant.MAX;
        }
        return now.plus(wait);
    }

    /** A wait in words, for messages: {@code 30 s}, {@code 2 h 5 min}. */
    static String describe(Duration d) {
        long s = d.getSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172_800) {
            return (s / 3600) + " h";
        }
        return (s / 86_400) + " days";
    }
}
