package dev.marketalerts.marketdata.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-02-12T20:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMinutes(5), clock);

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.openUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void aSuccessResetsTheCount() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void afterTheCoolDownOneTrialGoesThroughAndItsOutcomeDecides() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        clock.advance(Duration.ofMinutes(5));

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("second caller while the trial is out").isFalse();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(Duration.ofMinutes(5));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aLongRetryAfterOpensTheCircuitUntilThen() {
        breaker.openUntil(clock.instant().plusSeconds(120));

        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(120));
        assertThat(breaker.tryAcquire()).isTrue();
    }
}
