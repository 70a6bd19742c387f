package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The moving averages keep their exact DECIMAL64 definitions: the EMA equals the stepwise
 * {@code ema.add(alpha * (close - ema), DECIMAL64)} recurrence value for value and scale, run over its window (from the
 * first session of the month of the session {@code max(220, 3N) - 1} before the last) of a long history with mixed scales (the evaluator computes it by a faster route that
 * must not change a digit).
 */
class MetricTest {
    private static final MathContext MC = MathContext.DECIMAL64;
    private static final Instant NOW = Instant.parse("2026-01-23T20:00:00Z");

    private static List<DailyBar> history(long seed, int sessions) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LocalDate> dates = new ArrayList<>();
        LocalDate d = LocalDate.of(2026, 1, 23);
        while (dates.size() < sessions) {
            if (NyseCalendar.INSTANCE.isTradingDay(d)) {
                dates.add(0, d);
            }
            d = d.minusDays(1);
        }
        List<DailyBar> bars = new ArrayList<>();
        for (LocalDate date : dates) {
            // closes with 0 to 6 decimals and 1 to 9 integer digits, as providers send them
            BigDecimal close = BigDecimal.valueOf(random.nextLong(1, 1_000_000_000_000L), random.nextInt(0, 7));
            bars.add(DailyBar.close(date, close));
        }
        return bars;
    }

    /**
     * Where the README's window of a recursive indicator starts: at the first session of the month of the session
     * {@code max(220, 3N) - 1} before the last one, or at the first bar when fewer are held.
     */
    static int windowStart(List<LocalDate> dates, int needed) {
        int from = dates.size() - Math.max(220, 3 * needed);
        if (from <= 0) {
            return 0;
        }
        YearMonth month = YearMonth.from(dates.get(from));
        int start = from;
        while (start > 0 && YearMonth.from(dates.get(start - 1)).equals(month)) {
            start--;
        }
        return start;
    }

    private static BigDecimal referenceEma(List<DailyBar> history, int n) {
        List<LocalDate> dates = history.stream().map(DailyBar::date).toList();
        List<BigDecimal> closes = history.subList(windowStart(dates, n), history.size()).stream().map(DailyBar::close).toList();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            sum = sum.add(closes.get(i));
        }
        BigDecimal ema = sum.divide(BigDecimal.valueOf(n), MC);
        BigDecimal alpha = BigDecimal.valueOf(2).divide(BigDecimal.valueOf(n + 1L), MC);
        for (int i = n; i < closes.size(); i++) {
            ema = ema.add(alpha.multiply(closes.get(i).subtract(ema), MC), MC);
        }
        return ema;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void emaIsTheStepwiseDecimal64RecurrenceToTheLastDigit(long seed) throws Exception {
        List<DailyBar> bars = history(seed, 700);
        BigDecimal price = bars.get(bars.size() - 1).close();
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity("IREN"), bars, new Quote(price, NOW.minusSeconds(60), "test"),
                "test", NOW);
        MetricContext context = new MetricContext(snapshot, NyseCalendar.INSTANCE, NOW, null);
        for (int n : new int[] {1, 3, 12, 26, 200, 300}) {
            BigDecimal ema = ConditionParser.parse("ema(" + n + ") > 0").evaluate(context, Map.of()).observed().get("ema(" + n + ")");

            BigDecimal expected = referenceEma(bars, n);
            assertThat(ema).as("ema(%d)", n).isEqualTo(expected);
            assertThat(ema.scale()).as("scale of ema(%d)", n).isEqualTo(expected.scale());
        }
    }
}
