package dev.marketalerts.bench;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.core.rules.MetricContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic market data for the benchmarks: per symbol a random-walk history of {@link #BARS} NYSE sessions
 * (the last one today's session in progress, as the live feed returns it) and a fresh quote, both as the
 * evaluator's {@link MetricContext} and as the primitive arrays the hand-written floor loops read.
 */
public final class Fixtures {
    /** About a year of sessions, what the live feed keeps for change_since and 52-week metrics. */
    public static final int BARS = 260;
    /** A Friday, 15:00 in New York: a trading day, mid-session. */
    public static final Instant NOW = Instant.parse("2026-02-20T20:00:00Z");
    public static final TradingCalendar NYSE = TradingCalendar.forMarket(Market.US_EQUITY);

    private Fixtures() {
    }

    /** One symbol's data in both shapes. */
    public record Series(String symbol, MetricContext context, double[] opens, double[] closes, double[] highs, double[] lows, long[] volumes,
                         double price, long quoteEpochSecond) {
    }

    /** The session dates ending with today's, oldest first. */
    public static List<LocalDate> sessions(int count) {
        LocalDate today = NYSE.dateAt(NOW);
        LocalDate[] out = new LocalDate[count];
        LocalDate d = today;
        for (int i = count - 1; i >= 0; i--) {
            out[i] = d;
            d = NYSE.previousTradingDay(d);
        }
        return List.of(out);
    }

    /** {@code count} symbols named S0000.., each a seeded random walk starting near 100. */
    public static List<Series> series(int count, long seed) {
        List<LocalDate> dates = sessions(BARS);
        List<Series> out = new ArrayList<>(count);
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 0; s < count; s++) {
            out.add(series(String.format("S%04d", s), dates, random.split()));
        }
        return out;
    }

    static Series series(String symbol, List<LocalDate> dates, SplittableRandom random) {
        int n = dates.size();
        List<DailyBar> bars = new ArrayList<>(n);
        double[] opens = new double[n];
        double[] closes = new double[n];
        double[] highs = new double[n];
        double[] lows = new double[n];
        long[] volumes = new long[n];
        double close = 80 + 40 * random.nextDouble();
        for (int i = 0; i < n; i++) {
            double open = close * (1 + 0.01 * random.nextGaussian());
            close = Math.max(1, open * (1 + 0.02 * random.nextGaussian()));
            double high = Math.max(open, close) * (1 + 0.005 * random.nextDouble());
            double low = Math.min(open, close) * (1 - 0.005 * random.nextDouble());
            long volume = 1_000_000 + random.nextLong(4_000_000);
            BigDecimal o = money(open);
            BigDecimal c = money(close);
            BigDecimal h = money(high);
            BigDecimal l = money(low);
            opens[i] = o.doubleValue();
            closes[i] = c.doubleValue();
            highs[i] = h.doubleValue();
            lows[i] = l.doubleValue();
            volumes[i] = volume;
            bars.add(new DailyBar(dates.get(i), o, h, l, c, volume));
        }
        Instant quoteAt = NOW.minusSeconds(60);
        // The quote is today's price: the close of the session in progress.
        Quote quote = new Quote(bars.get(n - 1).close(), quoteAt, "bench");
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity(symbol), bars, quote, "bench", NOW);
        MetricContext context = new MetricContext(snapshot, NYSE, NOW, null);
        return new Series(symbol, context, opens, closes, highs, lows, volumes, closes[n - 1], quoteAt.getEpochSecond());
    }

    static BigDecimal money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }
}
