package dev.marketalerts.lambda;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The job's clock in Lambda: the wall clock, or, when the function replays recorded market data, the scheduled
 * time of the current event (so the replayed market is seen as of that tick, like {@code alerts run --at}).
 */
public final class InvocationClock extends Clock {
    private final Clock wall;
    private volatile Instant pinned;

    public InvocationClock(Clock wall) {
        this.wall = Objects.requireNonNull(wall, "wall");
    }

    /** Until {@link #unpin}, every reading is {@code instant}. */
    public void pin(Instant instant) {
        this.pinned = Objects.requireNonNull(instant, "instant");
    }

    public void unpin() {
        this.pinned = null;
    }

    @Override
    public Instant instant() {
        Instant p = pinned;
        return p != null ? p : wall.instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the invocation clock is UTC; convert instants with an explicit zone");
    }
}
