package dev.marketalerts.marketdata.http;

import dev.marketalerts.core.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A provider's request budget: one or more token buckets (e.g. 1 per second and 25 per day) that must all
 * have a token before a request goes out. Waiting callers reserve their token, so concurrent callers queue
 * fairly; a caller that would have to wait longer than it may is refused at once without spending a token.
 */
public final class RateLimiter {

    /** {@code permits} requests per {@code period}, refilled evenly, with a burst of at most {@code permits}. */
    public record Limit(int permits, Duration period) {
        public Limit {
            if (permits <= 0 || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("a rate limit needs positive permits and period: " + permits + "/" + period);
            }
        }

        public static Limit perSecond(int permits) {
            return new Limit(permits, Duration.ofSeconds(1));
        }

        public static Limit perMinute(int permits) {
            return new Limit(permits, Duration.ofMinutes(1));
        }

        public static Limit perDay(int permits) {
            return new Limit(permits, Duration.ofDays(1));
        }

        double nanosPerPermit() {
            return (double) period.toNanos() / permits;
        }
    }

    private static final class Bucket {
        final Limit limit;
        double tokens;
        long updatedNanos;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.permits();
            this.updatedNanos = now;
        }

        void refill(long now) {
            long elapsed = now - updatedNanos;
            if (elapsed > 0) {
                tokens = Math.min(limit.permits(), tokens + elapsed / limit.nanosPerPermit());
                updatedNanos = now;
            }
        }

        long nanosUntilToken() {
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * limit.nanosPerPermit());
        }
    }

    private final List<Bucket> buckets = new ArrayList<>();
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final String description;

    public RateLimiter(List<Limit> limits, LongSupplier nanoTime, Sleeper sleeper) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        long now = nanoTime.getAsLong();
        StringBuilder d = new StringBuilder();
        for (Limit limit : limits) {
            buckets.add(new Bucket(limit, now));
            d.append(d.length() == 0 ? "" : " and ").append(limit.permits()).append(" per ").append(describe(limit.period()));
        }
        this.description = limits.isEmpty() ? "unlimited" : d.toString();
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(List.of(), System::nanoTime, Sleeper.SYSTEM);
    }

    /**
     * Takes a permit, sleeping until one is free. Returns false (spending nothing) when the wait would be
     * longer than {@code maxWait}, e.g. once a daily quota is used up.
     */
    public boolean acquire(Duration maxWait) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            wait = 0;
            for (Bucket b : buckets) {
                b.refill(now);
                wait = Math.max(wait, b.nanosUntilToken());
            }
            if (wait > maxWait.toNanos()) {
                return false;
            }
            for (Bucket b : buckets) {
                b.tokens -= 1;
            }
        }
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
        return true;
    }

    @Override
    public String toString() {
        return description;
    }

    private static String describe(Duration period) {
        if (period.equals(Duration.ofSeconds(1))) {
            return "second";
        }
        if (period.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        if (period.equals(Duration.ofDays(1))) {
            return "day";
        }
        return period.toString();
    }
}
