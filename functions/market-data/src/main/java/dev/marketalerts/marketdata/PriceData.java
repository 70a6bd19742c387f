package dev.marketalerts.marketdata;

import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.util.List;

/**
 * What one price source returned for one instrument: daily bars (oldest first, strictly increasing
 * dates, possibly empty), the latest quote (or null), and the previous session's close as the provider
 * states it (or null), used to sanity-check the quote.
 */
public record PriceData(List<DailyBar> bars, Quote quote, BigDecimal previousClose, List<String> warnings) {
    public PriceData {
        bars = List.copyOf(bars);
        warnings = List.copyOf(warnings);
    }

    public static PriceData quoteOnly(Quote quote, BigDecimal previousClose) {
        return new PriceData(List.of(), quote, previousClose, List.of());
    }
}
