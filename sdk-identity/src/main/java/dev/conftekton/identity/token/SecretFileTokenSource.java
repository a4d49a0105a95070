package dev.conftekton.identity.token;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token read from a file and re-read when the file changes.
 *
 * <p>Mounted secrets and projected service-account tokens are replaced under a running pod (the
 * kubelet swaps a symlink atomically). Each {@link #token()} call looks at the file's modification
 * time, size and identity, which costs one {@code stat}; the file is read again only when one of
 * them changed, or when {@link Builder#maxAge(Duration) maxAge} has passed since the last read (a
 * guard against a rewrite that keeps all three). Surrounding whitespace is removed.
 *
 * <p>When the content is a JWT, its {@code exp} claim (read without verification, for planning
 * only) becomes the token's expiry, and a token whose expiry has passed is refused with a message
 * instead of being sent.
 *
 * <pre>{@code
 * TokenSource source = SecretFileTokenSource.of(Path.of("/var/run/secrets/confluence/token"));
 * }</pre>
 */
public final class SecretFileTokenSource implements TokenSource {
    /** Files larger than this are refused: a token is never this big. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private final Path path;
    private final String scheme;
    private final Clock clock;
    private final Duration maxAge;
    private final String audienceHint;

    private State state; // guarded by this

    private record State(FileTime modified, long size, Object fileKey, Instant readAt, AccessToken token) {}

    private SecretFileTokenSource(Builder b) {
        this.path = b.path;
        this.scheme = b.scheme;
        this.clock = b.clock;
        this.maxAge = b.maxAge;
        this.audienceHint = b.audienceHint;
    }

    /** A source reading a bearer token from {@code path} with the defaults. */
    public static SecretFileTokenSource of(Path path) {
        return builder(path).build();
    }

    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** The file this source reads. */
    public Path path() {
        return path;
    }

    @Override
    public synchronized AccessToken token() {
        BasicFileAttributes attributes = stat();
        Instant now = clock.instant();
        State s = state;
        if (s == null
                || !s.modified.equals(attributes.lastModifiedTime())
                || s.size != attributes.size()
                || !Objects.equals(s.fileKey, attributes.fileKey())
                || !now.isBefore(s.readAt.plus(maxAge))) {
            s = new State(
                    attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(), now, read(attributes));
            state = s;
        }
        AccessToken token = s.token;
        if (token.expiresAt() != null && !now.isBefore(token.expiresAt())) {
            throw new TokenUnavailableException("the token in " + path + " expired at " + token.expiresAt()
                    + " and the file has not been replaced since; check that whatever writes it (for a projected"
                    + " service-account token: the kubelet) is still rotating it");
        }
        return token;
    }

    /** Forces the next {@link #token()} to read the file again. */
    @Override
    public synchronized void invalidate(AccessToken rejected) {
        state = null;
    }

    private BasicFileAttributes stat() {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new TokenUnavailableException(
                    "no token file at " + path + "; mount the secret or projected token there or configure its path",
                    e);
        } catch (IOException e) {
            throw new TokenUnavailableException("cannot read token file " + path + ": " + e, e);
        }
    }

    private AccessToken read(BasicFileAttributes attributes) {
        if (!attributes.isRegularFile()) {
            throw new TokenUnavailableException(path + " is not a regular file; point the token source at the file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new TokenUnavailableException("cannot read token file " + path + ": " + e, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new TokenUnavailableException(
                    "token file " + path + " is larger than " + MAX_FILE_BYTES + " bytes; it is not a token");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString()
                    .strip();
        } catch (CharacterCodingException e) {
            throw new TokenUnavailableException("token file " + path + " is not UTF-8 text", e);
        }
        if (text.isEmpty()) {
            throw new TokenUnavailableException("token file " + path + " is empty; is the secret populated?");
        }
        if (text.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new TokenUnavailableException("token file " + path
                    + " contains whitespace or control characters inside the token; it must hold exactly one token");
        }
        UnverifiedJwt jwt = UnverifiedJwt.peek(text).orElse(null);
        if (audienceHint != null && jwt != null && !jwt.audience().contains(audienceHint)) {
            throw new TokenUnavailableException("the token in " + path + " has audience " + jwt.audience()
                    + " but " + audienceHint + " is expected; set this audience on the serviceAccountToken"
                    + " projection of the pod's volume");
        }
        Instant expiry = jwt == null ? null : jwt.expiry().orElse(null);
        return new AccessToken(scheme, Secret.of(text), expiry);
    }

    @Override
    public String toString() {
        return "SecretFileTokenSource[" + path + "]";
    }

    /** Builds a {@link SecretFileTokenSource}. */
    public static final class Builder {
        private final Path path;
        private String scheme = "Bearer";
        private Clock clock = Clock.systemUTC();
        private Duration maxAge = Duration.ofMinutes(1);
        private String audienceHint;

        private Builder(Path path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /** The authorization scheme sent with the token; default {@code Bearer}. */
        public Builder scheme(String scheme) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Re-read the file at least this often even when it looks unchanged; default one minute. */
        public Builder maxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative");
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Fails early, with a message, when the file holds a JWT whose {@code aud} does not contain
         * {@code audience}. A check on our own configuration, not a security control.
         */
        public Builder expectAudience(String audience) {
            this.audienceHint = Objects.requireNonNull(audience, "audience");
            return this;
        }

        public SecretFileTokenSource build() {
            return new SecretFileTokenSource(this);
        }
    }
}
