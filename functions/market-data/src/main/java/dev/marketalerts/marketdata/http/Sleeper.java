package dev.marketalerts.marketdata.http;

import java.time.Duration;

/** Waits for a while; injectable so that tests of backoff and rate limits never sleep for real. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper SYSTEM = d -> {
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        }
    };
}
