package dev.marketalerts.core.rules;

import dev.marketalerts.core.calendar.TradingCalendar;
import java.time.LocalDate;

/** A look-back window of {@code change(W)}, {@code high(W)} and {@code low(W)}: {@code Nd}, {@code Nw}, {@code Nm} or {@code ytd}. */
record Window(Unit unit, int n) {

    enum Unit { DAYS, WEEKS, MONTHS, YTD }

    static final Window YTD = new Window(Unit.YTD, 0);

    /** The first date inside a window that ends at (and includes) {@code session}. */
    LocalDate firstDate(LocalDate session, TradingCalendar calendar) {
        return switch (unit) {
            case DAYS -> calendar.tradingDaysBefore(session, n - 1);
            case WEEKS -> session.minusWeeks(n).plusDays(1);
            case MONTHS -> session.minusMonths(n).plusDays(1);
            case YTD -> session.withDayOfYear(1);
        };
    }

    /** Generous count of daily bars the window spans, plus the reference bar before it. */
    int bars() {
        return switch (unit) {
            case DAYS -> n + 1;
            case WEEKS -> 5 * n + 5;
            case MONTHS -> 23 * n;
            case YTD -> 260;
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
