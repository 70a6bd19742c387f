package dev.marketalerts.core.market;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a rule sees of one instrument at one tick: completed daily bars (oldest first, at most one per
 * date, none after {@code asOf}), the latest quote if any, and who supplied the bars.
 * In replay, {@code quote} is the close of the last visible bar. A {@link BarSeries} is kept as it is; any other list is
 * copied and its order checked.
 */
public record MarketSnapshot(Instrument instrument, List<DailyBar> bars, Quote quote, String barsProvider, Instant asOf) {
    public MarketSnapshot {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(asOf, "asOf");
        // a BarSeries is immutable and was checked when it was made
        if (!(bars instanceof BarSeries)) {
            bars = List.copyOf(bars);
            for (int i = 1; i < bars.size(); i++) {
                if (!bars.get(i - 1).date().isBefore(bars.get(i).date())) {
                    throw new IllegalArgumentException("bars of " + instrument.symbol() + " are not in strictly increasing date order at "
                            + bars.get(i).date());
                }
            }
        }
    }
}
