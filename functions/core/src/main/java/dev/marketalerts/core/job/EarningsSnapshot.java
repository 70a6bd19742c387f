package dev.marketalerts.core.job;

import java.time.LocalDate;

/**
 * What the earnings job last saw for a symbol: the next report date and whether it was confirmed
 * (for date-change detection), and the last report date that has passed (for
 * {@code change_since(last_earnings)}; null until one is known).
 */
public record EarningsSnapshot(String symbol, LocalDate date, boolean confirmed, String provider, LocalDate lastReported) {
}
