package dev.marketalerts.core.testing;

import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.job.PriceFeed;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fake: a price feed whose bars and quote per symbol the test sets and changes between ticks. */
public final class StaticPriceFeed implements PriceFeed {
    private final Map<String, List<DailyBar>> bars = new HashMap<>();
    private final Map<String, Quote> quotes = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();

    public StaticPriceFeed bars(String symbol, LocalDate first, double... closes) {
        List<DailyBar> list = new ArrayList<>();
        LocalDate d = first;
        for (double c : closes) {
            list.add(new DailyBar(d, BigDecimal.valueOf(c), BigDecimal.valueOf(c), BigDecimal.valueOf(c), BigDecimal.valueOf(c), 1000L));
            d = d.plusDays(1);
        }
        bars.put(symbol, list);
        return this;
    }

    public StaticPriceFeed bars(String symbol, List<DailyBar> list) {
        bars.put(symbol, List.copyOf(list));
        return this;
    }

    public StaticPriceFeed quote(String symbol, String price, Instant asOf) {
        quotes.put(symbol, new Quote(new BigDecimal(price), asOf, "test"));
        failures.remove(symbol);
        return this;
    }

    public StaticPriceFeed fail(String symbol, String reason) {
        failures.put(symbol, reason);
        return this;
    }

    @Override
    public Map<String, Fetched<MarketSnapshot>> snapshots(List<Instrument> instruments, int barsNeeded, Instant asOf) {
        Map<String, Fetched<MarketSnapshot>> out = new LinkedHashMap<>();
        for (Instrument i : instruments) {
            if (failures.containsKey(i.symbol())) {
                out.put(i.symbol(), Fetched.failed(failures.get(i.symbol())));
            } else {
                out.put(i.symbol(), Fetched.ok(new MarketSnapshot(i, bars.getOrDefault(i.symbol(), List.of()), quotes.get(i.symbol()), "test", asOf)));
            }
        }
        return out;
    }
}
