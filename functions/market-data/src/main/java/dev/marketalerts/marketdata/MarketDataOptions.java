package dev.marketalerts.marketdata;

import dev.marketalerts.core.time.Sleeper;
import dev.marketalerts.marketdata.http.RateLimiter.Limit;
import dev.marketalerts.marketdata.http.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Tuning of the live providers: timeouts, retries, rate limits, circuit breaking, concurrency, and the
 * sleeper, ticker and random source (injectable so that tests never wait for real).
 */
public record MarketDataOptions(
        Duration defaultTimeout,
        Duration maxConnectTimeout,
        RetryPolicy retry,
        Map<String, List<Limit>> rateLimits,
        Duration maxRateLimitWait,
        int breakerThreshold,
        Duration breakerCoolDown,
        int concurrency,
        boolean crossCheckEarnings,
        Sleeper sleeper,
        LongSupplier nanoTime,
        DoubleSupplier random,
        DailyHistoryCache historyCache) {

    /**
     * Each provider's published (or, for the unofficial ones, polite) request budget. Yahoo's is 2 requests/s on
     * average with bursts of up to 10/s, so that a tick's handful of symbols goes out at once (a flat 2/s made a
     * cold price tick of 8 symbols wait 3 s for permits; see bench/RESULTS.md).
     */
    public static final Map<String, List<Limit>> DEFAULT_RATE_LIMITS = Map.of(
            "yahoo", List.of(Limit.perMinute(120), Limit.perSecond(10)),
            "finnhub", List.of(Limit.perMinute(60), Limit.perSecond(30)),
            "alphavantage", List.of(Limit.perSecond(1), Limit.perDay(25)),
            "coingecko", List.of(Limit.perMinute(30)),
            "coinbase", List.of(Limit.perSecond(10)),
            "nasdaq", List.of(Limit.perSecond(1)),
            "fmp", List.of(Limit.perDay(250)));

    public MarketDataOptions {
        rateLimits = Map.copyOf(rateLimits);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
    }

    public static MarketDataOptions defaults() {
        return new MarketDataOptions(Duration.ofSeconds(4), Duration.ofSeconds(3), RetryPolicy.DEFAULT, DEFAULT_RATE_LIMITS,
                Duration.ofSeconds(10), 3, Duration.ofMinutes(5), 8, true, Sleeper.SYSTEM, System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble(), DailyHistoryCache.shared());
    }

    public List<Limit> limitsFor(String provider) {
        return rateLimits.getOrDefault(provider, List.of());
    }

    public MarketDataOptions withDefaultTimeout(Duration value) {
        return new MarketDataOptions(value, maxConnectTimeout, retry, rateLimits, maxRateLimitWait, breakerThreshold, breakerCoolDown,
                concurrency, crossCheckEarnings, sleeper, nanoTime, random, historyCache);
    }

    public MarketDataOptions withRetry(RetryPolicy value) {
        return new MarketDataOptions(defaultTimeout, maxConnectTimeout, value, rateLimits, maxRateLimitWait, breakerThreshold,
                breakerCoolDown, concurrency, crossCheckEarnings, sleeper, nanoTime, random, historyCache);
    }

    public MarketDataOptions withRateLimits(Map<String, List<Limit>> value) {
        return new MarketDataOptions(defaultTimeout, maxConnectTimeout, retry, value, maxRateLimitWait, breakerThreshold, breakerCoolDown,
                concurrency, crossCheckEarnings, sleeper, nanoTime, random, historyCache);
    }

    public MarketDataOptions withBreaker(int threshold, Duration coolDown) {
        return new MarketDataOptions(defaultTimeout, maxConnectTimeout, retry, rateLimits, maxRateLimitWait, threshold, coolDown,
                concurrency, crossCheckEarnings, sleeper, nanoTime, random, historyCache);
    }

    public MarketDataOptions withConcurrency(int value) {
        return new MarketDataOptions(defaultTimeout, maxConnectTimeout, retry, rateLimits, maxRateLimitWait, breakerThreshold,
                breakerCoolDown, value, crossCheckEarnings, sleeper, nanoTime, random, historyCache);
    }

    public MarketDataOptions withCrossCheckEarnings(boolean value) {
        return new MarketDataOptions(defaultTimeout, maxConnectTimeout, retry, rateLimits, maxRateLimitWait, breakerThreshold,
                breakerCoolDown, concurrency, value, sleeper, nanoTime, random, historyCache);
    }

    /** Uses its own history cache instead of the process-wide one (tests, or several configurations in one process). */
    public MarketDataOptions withHistoryCache(DailyHistoryCache value) {
        return new MarketDataOptions(defaultTimeout, maxConnectTimeout, retry, rateLimits, maxRateLimitWait, breakerThreshold,
                breakerCoolDown, concurrency, crossCheckEarnings, sleeper, nanoTime, random, value);
    }

    /** Replaces real waiting: backoff, Retry-After and rate-limit waits go to {@code sleeper}, time to {@code nanoTime}. */
    public MarketDataOptions withTime(Sleeper sleeperValue, LongSupplier nanoTimeValue, DoubleSupplier randomValue) {
        return new MarketDataOptions(defaultTimeout, maxConnectTimeout, retry, rateLimits, maxRateLimitWait, breakerThreshold,
                breakerCoolDown, concurrency, crossCheckEarnings, sleeperValue, nanoTimeValue, randomValue, historyCache);
    }
}
