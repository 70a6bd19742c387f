package dev.marketalerts.core.rules;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.market.MarketSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Everything a condition may look at for one symbol at one tick: the market snapshot, the market's
 * calendar, the evaluation instant (for quote staleness) and the last earnings report date before
 * now, if known (for {@code change_since(last_earnings)}).
 */
public record MetricContext(MarketSnapshot snapshot, TradingCalendar calendar, Instant now, LocalDate lastEarnings) {
    public MetricContext {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(now, "now");
    }
}
