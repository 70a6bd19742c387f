package dev.marketalerts.bench;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.ConditionSyntaxException;
import dev.marketalerts.core.rules.MetricContext;
import dev.marketalerts.core.rules.RunningIndicators;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The first check of a symbol at the next session's tick, the cost a backtest or a warm container pays for each
 * symbol and day: a new {@link MetricContext} on the tick's 250 bars (as the replay serves them), its indicators either
 * continued from the tick before ({@code continued}: the job's {@link RunningIndicators}) or run over their window
 * ({@code fresh}). One operation is one symbol's next tick; the ticks walk five years of sessions in order and wrap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NextTickBenchmark {
    static final int SYMBOLS = 20;
    static final int SESSIONS = 1300;
    static final int HELD = 250;
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final TradingCalendar NYSE = TradingCalendar.forMarket(Market.US_EQUITY);

    /** A key of {@link RuleBenchmark#RULES}: the same rules, so the figures sit next to their floors. */
    @Param({"ema", "rsi", "macd", "atr", "sma"})
    public String rule;

    Condition condition;
    /** Per tick, per symbol: the snapshot after that session's close. */
    MarketSnapshot[][] ticks;
    Instant[] nows;
    RunningIndicators[] running;
    int tick;
    byte[] results;

    @Setup
    public void setUp() throws ConditionSyntaxException {
        condition = ConditionParser.parse(RuleBenchmark.RULES.get(rule));
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2025, 12, 31); dates.size() < SESSIONS; d = d.minusDays(1)) {
            if (NYSE.isTradingDay(d)) {
                dates.add(0, d);
            }
        }
        SplittableRandom random = new SplittableRandom(7);
        int count = SESSIONS - HELD;
        ticks = new MarketSnapshot[count][SYMBOLS];
        nows = new Instant[count];
        for (int t = 0; t < count; t++) {
            nows[t] = dates.get(HELD + t - 1).atTime(16, 5).atZone(NY).toInstant();
        }
        for (int s = 0; s < SYMBOLS; s++) {
            List<DailyBar> bars = walk(dates, random.split());
            for (int t = 0; t < count; t++) {
                int end = HELD + t;
                DailyBar last = bars.get(end - 1);
                Instant close = last.date().atTime(16, 0).atZone(NY).toInstant();
                ticks[t][s] = new MarketSnapshot(Instrument.equity("S" + s), bars.subList(end - HELD, end),
                        new Quote(last.close(), close, "bench"), "bench", nows[t]);
            }
        }
        running = new RunningIndicators[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++) {
            running[s] = new RunningIndicators();
        }
        results = new byte[SYMBOLS];
        // Both ways must decide alike on every tick, or the comparison means nothing.
        for (int t = 0; t < count; t++) {
            for (int s = 0; s < SYMBOLS; s++) {
                MarketSnapshot snap = ticks[t][s];
                var kept = condition.check(new MetricContext(snap, NYSE, nows[t], null, running[s]), Map.of());
                var fresh = condition.check(new MetricContext(snap, NYSE, nows[t], null), Map.of());
                if (kept != fresh) {
                    throw new IllegalStateException(rule + ": continued and fresh disagree on " + snap.bars().get(HELD - 1).date());
                }
            }
        }
    }

    private static List<DailyBar> walk(List<LocalDate> dates, SplittableRandom random) {
        List<DailyBar> bars = new ArrayList<>(dates.size());
        double close = 80 + 40 * random.nextDouble();
        for (LocalDate date : dates) {
            double open = close * (1 + 0.01 * random.nextGaussian());
            close = Math.max(1, open * (1 + 0.02 * random.nextGaussian()));
            double high = Math.max(open, close) * (1 + 0.005 * random.nextDouble());
            double low = Math.min(open, close) * (1 - 0.005 * random.nextDouble());
            bars.add(new DailyBar(date, money(open), money(high), money(low), money(close), 1_000_000 + random.nextLong(4_000_000)));
        }
        return bars;
    }

    private static BigDecimal money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] continued() {
        int t = next();
        MarketSnapshot[] snaps = ticks[t];
        for (int s = 0; s < SYMBOLS; s++) {
            results[s] = (byte) condition.check(new MetricContext(snaps[s], NYSE, nows[t], null, running[s]), Map.of()).ordinal();
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] fresh() {
        int t = next();
        MarketSnapshot[] snaps = ticks[t];
        for (int s = 0; s < SYMBOLS; s++) {
            results[s] = (byte) condition.check(new MetricContext(snaps[s], NYSE, nows[t], null), Map.of()).ordinal();
        }
        return results;
    }

    private int next() {
        int t = tick;
        tick = t + 1 == ticks.length ? 0 : t + 1;
        return t;
    }
}
