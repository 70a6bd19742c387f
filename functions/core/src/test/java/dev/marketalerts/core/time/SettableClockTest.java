package dev.marketalerts.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettableClockTest {
    private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

    @Test
    void aClockStartedAtAnInstantReadsItUntilSetOrAdvanced() {
        SettableClock clock = new SettableClock(T0);
        assertThat(clock.instant()).isEqualTo(T0);

        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(300));

        clock.set(T0.minusSeconds(60));
        assertThat(clock.instant()).isEqualTo(T0.minusSeconds(60));
        assertThat(clock.millis()).isEqualTo(T0.minusSeconds(60).toEpochMilli());
    }

    @Test
    void aClockOverABaseReadsTheBaseUntilSetAndAgainAfterRelease() {
        SettableClock base = new SettableClock(T0);
        SettableClock clock = new SettableClock(base);
        assertThat(clock.instant()).isEqualTo(T0);
        base.advance(Duration.ofSeconds(1));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(1));

        clock.set(Instant.parse("2026-01-23T21:05:00Z"));
        base.advance(Duration.ofSeconds(1));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-23T21:05:00Z"));

        clock.release();
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aClockWithoutABaseCannotBeReleased() {
        assertThatThrownBy(() -> new SettableClock(T0).release()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readingsAreUtcAndAZonedViewFollowsTheClock() {
        SettableClock clock = new SettableClock(Clock.fixed(T0, ZoneId.of("Asia/Tokyo")));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);

        Clock newYork = clock.withZone(ZoneId.of("America/New_York"));
        clock.set(Instant.parse("2026-01-23T21:05:00Z"));

        assertThat(newYork.getZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(LocalDateTime.now(newYork)).isEqualTo(LocalDateTime.parse("2026-01-23T16:05:00"));
        assertThat(newYork.withZone(ZoneOffset.UTC).instant()).isEqualTo(Instant.parse("2026-01-23T21:05:00Z"));
    }
}
