package dev.marketalerts.core.rules;

import dev.marketalerts.core.calendar.TradingCalendar;
import java.time.LocalDate;

/** A look-back window of {@code change(W)}, {@code high(W)} and {@code low(W)}: {@code Nd}, {@code Nw}, {@code Nm} or {@code ytd}. */
public record Window(Unit unit, int n) {

    public enum Unit { DAYS, WEEKS, MONTHS, YTD }

    static final Window YTD = new Window(Unit.YTD, 0);

    /**
     * The first date of the window that ends just before {@code session}: N trading sessions back, the same date N
     * weeks or months back, or the first of January. The window holds the sessions from it up to the previous one.
     */
    LocalDate firstDate(LocalDate session, TradingCalendar calendar) {
        return switch (unit) {
            case DAYS -> calendar.tradingDaysBefore(session, n);
            case WEEKS -> session.minusWeeks(n);
            case MONTHS -> session.minusMonths(n);
            case YTD -> session.withDayOfYear(1);
        };
    }

    /**
     * Daily bars the window spans with the current session's and the reference bar before it, counted in calendar
     * days where a crypto market trades every day (the request is the same for every market).
     */
    int bars() {
        return switch (unit) {
            case DAYS -> n + 1;
            case WEEKS -> 7 * n + 1;
            case MONTHS -> 31 * n + 1;
            case YTD -> 367;
        };
    }

    @Override
    public String toString() {
        return switch (unit) {
            case DAYS -> n + "d";
            case WEEKS -> n + "w";
            case MONTHS -> n + "m";
            case YTD -> "ytd";
        };
    }
}
