package dev.marketalerts.marketdata;

import dev.marketalerts.core.time.Sleeper;
import dev.marketalerts.marketdata.http.HttpTransport;
import dev.marketalerts.marketdata.http.ProviderHttp;
import dev.marketalerts.marketdata.http.RateLimiter;
import dev.marketalerts.marketdata.http.RetryPolicy;
import dev.marketalerts.marketdata.http.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Test support: recorded payloads from {@code src/test/resources/providers/}, fake time, and a fast ProviderHttp. */
public final class ProviderFixtures {

    public static final String SECRET = "SECRET-KEY-123";

    private ProviderFixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = ProviderFixtures.class.getResourceAsStream("/providers/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The WireMock server's base URL on the loopback address (no name lookup). */
    public static String base(com.github.tomakehurst.wiremock.junit5.WireMockExtension wm) {
        return "http://127.0.0.1:" + wm.getPort();
    }

    public static Clock clockAt(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** Time that only moves when someone sleeps: records every sleep and advances the ticker by it. */
    public static final class FakeTime implements Sleeper, LongSupplier {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            nanos.addAndGet(duration.toNanos());
        }

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        public void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    /** A ProviderHttp with a short timeout, the given retries, no rate limit, fake sleeps and no jitter randomness. */
    public static ProviderHttp http(String provider, Duration timeout, RetryPolicy retry, FakeTime time, Clock clock, Secrets secrets) {
        return new ProviderHttp(provider, new HttpTransport(timeout), timeout, retry,
                new RateLimiter(List.of(), time, time), Duration.ofSeconds(10), time, () -> 0.5, clock, secrets);
    }

    public static ProviderHttp http(String provider, Clock clock) {
        return http(provider, Duration.ofSeconds(2), RetryPolicy.DEFAULT, new FakeTime(), clock, new Secrets());
    }
}
