package dev.conftekton.tekton.interceptor.internal;

import dev.conftekton.core.auth.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret kept in a file (a mounted Kubernetes Secret), re-read when the file changes: its
 * modification time, size or identity is checked at most once per {@code recheck} interval. Trailing
 * line breaks are dropped (files written with {@code echo} have one). When the file cannot be read
 * the secret is unavailable: callers fail closed. Thread-safe.
 */
public final class SecretFile {
    private static final long MAX_BYTES = 64 * 1024;

    private final Path path;
    private final Duration recheck;
    private final Clock clock;
    private volatile State state = new State(null, null, Instant.MIN, "not read yet");

    private record State(Secret secret, String fingerprint, Instant checkedAt, String problem) {}

    public SecretFile(Path path, Duration recheck, Clock clock) {
        this.path = Objects.requireNonNull(path, "path");
        this.recheck = Objects.requireNonNull(recheck, "recheck");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path path() {
        return path;
    }

    /** The current secret, or empty when the file is missing, unreadable or empty. */
    public Optional<Secret> current() {
        State s = state;
        Instant now = clock.instant();
        if (s.checkedAt().plus(recheck).isAfter(now) && s.checkedAt() != Instant.MIN) {
            return Optional.ofNullable(s.secret());
        }
        return Optional.ofNullable(refresh(now).secret());
    }

    /** Why the secret is unavailable, or empty when it is available. */
    public Optional<String> problem() {
        current();
        return Optional.ofNullable(state.problem());
    }

    private synchronized State refresh(Instant now) {
        State s = state;
        String fingerprint;
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            fingerprint = a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
            if (fingerprint.equals(s.fingerprint()) && s.secret() != null) {
                state = new State(s.secret(), fingerprint, now, null);
                return state;
            }
            if (a.size() > MAX_BYTES) {
                return state = new State(null, fingerprint, now, "secret file " + path + " is larger than 64 KiB");
            }
            String text = Files.readString(path, StandardCharsets.UTF_8);
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            if (end == 0) {
                return state = new State(null, fingerprint, now, "secret file " + path + " is empty");
            }
            return state = new State(Secret.of(text.substring(0, end)), fingerprint, now, null);
        } catch (NoSuchFileException e) {
            return state = new State(null, null, now, "secret file " + path + " does not exist");
        } catch (IOException | RuntimeException e) {
            return state = new State(
                    null,
                    null,
                    now,
                    "secret file " + path + " cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
