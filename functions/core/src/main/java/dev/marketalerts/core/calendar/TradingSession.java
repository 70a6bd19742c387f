package dev.marketalerts.core.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/** One day's regular session: its open and close in the market's zone, and whether it closes early. */
public record TradingSession(LocalDate date, ZonedDateTime open, ZonedDateTime close, boolean earlyClose) {

    public Instant openInstant() {
        return open.toInstant();
    }

    public Instant closeInstant() {
        return close.toInstant();
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(openInstant()) && instant.isBefore(closeInstant());
    }
}
