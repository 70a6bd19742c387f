package dev.marketalerts.marketdata.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.marketdata.ProviderFixtures.FakeTime;
import dev.marketalerts.marketdata.http.RateLimiter.Limit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final FakeTime time = new FakeTime();

    @Test
    void aBurstUpToTheLimitGoesOutAtOnceThenCallersWaitForTheRefill() throws Exception {
        RateLimiter limiter = new RateLimiter(List.of(Limit.perMinute(60)), time, time);

        for (int i = 0; i < 60; i++) {
            assertThat(limiter.acquire(Duration.ZERO)).isTrue();
        }
        assertThat(time.sleeps).isEmpty();
        assertThat(limiter.acquire(Duration.ZERO)).as("61st within the minute, no wait allowed").isFalse();
        assertThat(limiter.acquire(Duration.ofSeconds(5))).isTrue();
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void everyLimitMustAllowTheRequest() throws Exception {
        RateLimiter alphaVantage = new RateLimiter(List.of(Limit.perSecond(1), Limit.perDay(25)), time, time);

        for (int i = 0; i < 25; i++) {
            assertThat(alphaVantage.acquire(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(time.sleeps).hasSize(24).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(1)));
        assertThat(alphaVantage.acquire(Duration.ofSeconds(10))).as("26th request of the day").isFalse();
        assertThat(alphaVantage.toString()).isEqualTo("1 per second and 25 per day");
    }

    @Test
    void waitingCallersReserveTheirTurnInOrder() throws Exception {
        RateLimiter coinGecko = new RateLimiter(List.of(Limit.perMinute(30)), time, time);
        for (int i = 0; i < 30; i++) {
            coinGecko.acquire(Duration.ZERO);
        }
        // Without sleeping (sleeps are recorded, time is frozen here): each reservation waits one more refill.
        RateLimiter frozen = new RateLimiter(List.of(Limit.perMinute(30)), () -> 0L, time);
        for (int i = 0; i < 30; i++) {
            frozen.acquire(Duration.ZERO);
        }
        time.sleeps.clear();
        frozen.acquire(Duration.ofSeconds(10));
        frozen.acquire(Duration.ofSeconds(10));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }
}
