package dev.conftekton.identity.verify.internal;

/** Where verification keys come from. Thread-safe. Unsupported internal API. */
public interface KeyProvider {
    /**
     * The current keys.
     *
     * @throws dev.conftekton.identity.verify.TokenVerificationException with {@code
     *     KEYS_UNAVAILABLE} when there are none that may still be used
     */
    VerificationKeys keys();

    /**
     * Keys after a token named a {@code kid} that {@code seen} lacks: refetched when the rate limit
     * allows, otherwise the current ones.
     */
    VerificationKeys keysAfterUnknownKid(VerificationKeys seen);

    /** Number of key-set fetches attempted so far (for diagnostics and benchmarks). */
    long fetches();

    /** Keys given once, never refetched. */
    static KeyProvider fixed(VerificationKeys keys) {
        return new KeyProvider() {
            @Override
            public VerificationKeys keys() {
                return keys;
            }

            @Override
            public VerificationKeys keysAfterUnknownKid(VerificationKeys seen) {
                return keys;
            }

            @Override
            public long fetches() {
                return 0;
            }
        };
    }
}
