package dev.marketalerts.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that reads an instant it is set to: a backtest's walk through simulated time, a test's hand-moved time, or
 * a Lambda replaying recorded data at each event's scheduled time. Built over a base clock it reads the base until
 * set, and again after {@link #release()}. Readings are in UTC; convert instants with an explicit zone.
 */
public final class SettableClock extends Clock {
    private final Clock base;
    private volatile Instant set;

    /** A clock that reads {@code start} until it is set or advanced. */
    public SettableClock(Instant start) {
        this.base = null;
        this.set = Objects.requireNonNull(start, "start");
    }

    /** A clock that reads {@code base} until it is set, and again after {@link #release()}. */
    public SettableClock(Clock base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** Until set again or released, every reading is {@code instant}. */
    public void set(Instant instant) {
        this.set = Objects.requireNonNull(instant, "instant");
    }

    /** Sets the clock {@code duration} after its current reading. */
    public void advance(Duration duration) {
        set(instant().plus(duration));
    }

    /** Back to reading the base clock. */
    public void release() {
        if (base == null) {
            throw new IllegalStateException("this clock has no base clock to return to; set it instead");
        }
        this.set = null;
    }

    @Override
    public Instant instant() {
        Instant s = set;
        return s != null ? s : base.instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** A view that reads this clock (also after it is set again) with {@code zone} as its zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        SettableClock self = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return self.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }
        };
    }
}
