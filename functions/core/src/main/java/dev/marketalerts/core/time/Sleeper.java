package dev.marketalerts.core.time;

import java.time.Duration;

/**
 * Waits for a while: the backoff and rate-limit waits of the HTTP providers and the SNS notifier. Injectable so
 * that their tests never sleep for real.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** The thread sleeps for the duration; a zero or negative one returns at once. */
    Sleeper SYSTEM = d -> {
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        }
    };
}
