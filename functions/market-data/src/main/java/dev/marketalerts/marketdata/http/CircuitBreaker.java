package dev.marketalerts.marketdata.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a provider after {@code threshold} consecutive failures; after {@code coolDown} it lets a
 * single trial call through (half-open): success closes the circuit, failure opens it again.
 * A provider's Retry-After that is too long to wait for also opens it until that instant.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration coolDown;
    private final Clock clock;

    private int consecutiveFailures;
    private Instant openUntil;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration coolDown, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("circuit breaker threshold must be at least 1, was " + threshold);
        }
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    public synchronized State state() {
        if (openUntil == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(openUntil) ? State.OPEN : State.HALF_OPEN;
    }

    /** Whether a call may go out now; in half-open state only one caller gets through until it reports back. */
    public synchronized boolean tryAcquire() {
        if (openUntil == null) {
            return true;
        }
        if (clock.instant().isBefore(openUntil) || trialInFlight) {
            return false;
        }
        trialInFlight = true;
        return true;
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        openUntil = null;
        trialInFlight = false;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        if (trialInFlight || consecutiveFailures >= threshold) {
            openUntil = later(openUntil, clock.instant().plus(coolDown));
        }
        trialInFlight = false;
    }

    /** A call that ended without saying anything about the provider's health (e.g. unknown symbol). */
    public synchronized void onNeutral() {
        trialInFlight = false;
    }

    /** Opens the circuit at least until {@code until} (a Retry-After we will not wait for). */
    public synchronized void openUntil(Instant until) {
        openUntil = later(openUntil, until);
        trialInFlight = false;
    }

    /** When the circuit will let a trial call through, if it is open. */
    public synchronized Instant openUntil() {
        return openUntil;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
