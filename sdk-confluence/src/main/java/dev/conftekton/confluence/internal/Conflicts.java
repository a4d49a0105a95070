package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.VersionConflictException;
import java.util.function.Supplier;

/** The bounded read-apply-write loop behind every {@code updateWithRetry}. */
final class Conflicts {
    private Conflicts() {}

    /**
     * Runs {@code attempt} until it does not end in a {@link VersionConflictException}, at most
     * {@code maxAttempts} times; the last conflict is rethrown with the number of attempts.
     */
    static <T> T retry(int maxAttempts, String what, Supplier<T> attempt) {
        VersionConflictException last = null;
        for (int i = 1; i <= maxAttempts; i++) {
            try {
                return attempt.get();
            } catch (VersionConflictException e) {
                last = e;
            }
        }
        throw new VersionConflictException(
                "gave up updating " + what + " after " + maxAttempts
                        + " attempts: another writer changed it every time between our read and our write. "
                        + "Retry later or raise maxConflictAttempts. Last answer: " + last.getMessage(),
                last.statusCode(),
                last.requestId().orElse(null),
                last.headers(),
                last.bodyExcerpt(),
                last.contentId(),
                last.attemptedVersion());
    }
}
