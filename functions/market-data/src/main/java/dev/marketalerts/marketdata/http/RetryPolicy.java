package dev.marketalerts.marketdata.http;

import java.time.Duration;

/**
 * How often a request is tried: at most {@code maxAttempts} in all, with full-jitter exponential backoff
 * between {@code 0} and {@code min(maxDelay, baseDelay * 2^(n-1))}, and a provider's Retry-After honoured
 * when it is at most {@code maxRetryAfter} (longer ones end the attempts: the chain moves on).
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The jittered delay before attempt {@code attempt + 1}, given a random number in [0, 1). */
    public Duration backoff(int attempt, double random) {
        long cap = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 20));
        return Duration.ofNanos((long) (cap * random));
    }
}
