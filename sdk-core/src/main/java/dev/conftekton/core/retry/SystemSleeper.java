package dev.conftekton.core.retry;

import java.time.Duration;

enum SystemSleeper implements Sleeper {
    INSTANCE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        long nanos = duration.toNanos();
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    @Override
    public String toString() {
        return "Sleeper.system()";
    }
}
