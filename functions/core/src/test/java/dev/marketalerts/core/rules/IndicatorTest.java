package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rsi, macd, Bollinger bands and atr against textbook implementations written here in double precision, on the real
 * NVDA daily bars of the demo and on a long made-up history (where the indicators' fixed windows cut the history),
 * session by session as a backtest sees them; then their edge cases and crossings.
 */
class IndicatorTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Path NVDA_CSV = Path.of("../../demo/data/NVDA.csv").toAbsolutePath().normalize();
    private static final double RELATIVE = 1e-9;
    private static final List<DailyBar> NVDA = readBars(NVDA_CSV);
    private static final List<DailyBar> LONG = randomWalk(700, 2026);

    // ---- data -------------------------------------------------------------------------------------------------

    /** The demo's Yahoo-format file: {@code Date,Open,High,Low,Close,Volume,...} after {@code #} comment lines. */
    private static List<DailyBar> readBars(Path csv) {
        List<DailyBar> bars = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(csv)) {
                if (line.startsWith("#") || line.startsWith("Date")) {
                    continue;
                }
                String[] f = line.split(",");
                bars.add(new DailyBar(LocalDate.parse(f[0]), new BigDecimal(f[1]), new BigDecimal(f[2]), new BigDecimal(f[3]),
                        new BigDecimal(f[4]), Long.parseLong(f[5])));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bars;
    }

    /** {@code count} NYSE sessions ending 2026-02-12 of a seeded random walk around 100, cents. */
    static List<DailyBar> randomWalk(int count, long seed) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 2, 12); dates.size() < count; d = d.minusDays(1)) {
            if (NyseCalendar.INSTANCE.isTradingDay(d)) {
                dates.add(0, d);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<DailyBar> bars = new ArrayList<>();
        double close = 100;
        for (LocalDate date : dates) {
            double open = close * (1 + 0.01 * random.nextGaussian());
            close = Math.max(1, open * (1 + 0.02 * random.nextGaussian()));
            double high = Math.max(open, close) * (1 + 0.01 * random.nextDouble());
            double low = Math.min(open, close) * (1 - 0.01 * random.nextDouble());
            bars.add(new DailyBar(date, cents(open), cents(high), cents(low), cents(close), 1_000_000L));
        }
        return bars;
    }

    private static BigDecimal cents(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    /** The market as the 16:05 price run sees it after session {@code last}: its bars so far and the closing print. */
    private static MetricContext afterClose(List<DailyBar> bars, int last) {
        DailyBar today = bars.get(last);
        Instant close = today.date().atTime(16, 0).atZone(NY).toInstant();
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity("NVDA"), bars.subList(0, last + 1),
                new Quote(today.close(), close, "test"), "test", close.plusSeconds(300));
        return new MetricContext(snapshot, NyseCalendar.INSTANCE, close.plusSeconds(300), null);
    }

    private static BigDecimal value(String metric, MetricContext ctx) throws ConditionSyntaxException {
        return ConditionParser.parse(metric + " > -1000000").evaluate(ctx, Map.of()).observed().get(metric);
    }

    // ---- textbook definitions, in double precision ---------------------------------------------------------------

    /** Dates, closes, highs and lows of the sessions up to one day, oldest first. */
    record Hist(LocalDate[] date, double[] close, double[] high, double[] low) {
        static Hist of(List<DailyBar> bars, int last) {
            LocalDate[] d = new LocalDate[last + 1];
            double[] c = new double[last + 1];
            double[] h = new double[last + 1];
            double[] l = new double[last + 1];
            for (int i = 0; i <= last; i++) {
                d[i] = bars.get(i).date();
                c[i] = bars.get(i).close().doubleValue();
                h[i] = bars.get(i).high().doubleValue();
                l[i] = bars.get(i).low().doubleValue();
            }
            return new Hist(d, c, h, l);
        }

        /**
         * The window the README gives the recursive indicators: from the first session of the month of the session
         * {@code max(220, 3 * needed) - 1} before the last one (all sessions when fewer are held).
         */
        Hist window(int needed) {
            int from = MetricTest.windowStart(java.util.Arrays.asList(date), needed);
            return new Hist(tail(date, from), tail(close, from), tail(high, from), tail(low, from));
        }

        private static double[] tail(double[] a, int from) {
            return java.util.Arrays.copyOfRange(a, from, a.length);
        }

        private static LocalDate[] tail(LocalDate[] a, int from) {
            return java.util.Arrays.copyOfRange(a, from, a.length);
        }

        int size() {
            return close.length;
        }
    }

    static double mean(double[] a, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += a[i];
        }
        return sum / n;
    }

    /** The EMA of every prefix of {@code a}: NaN before the n-th value, then seeded with the mean of the first n. */
    static double[] emaSeries(double[] a, int n) {
        double[] out = new double[a.length];
        java.util.Arrays.fill(out, Double.NaN);
        if (a.length < n) {
            return out;
        }
        double alpha = 2.0 / (n + 1);
        double ema = mean(a, 0, n);
        out[n - 1] = ema;
        for (int i = n; i < a.length; i++) {
            ema = ema + alpha * (a[i] - ema);
            out[i] = ema;
        }
        return out;
    }

    static double last(double[] a) {
        return a.length == 0 ? Double.NaN : a[a.length - 1];
    }

    static double ema(Hist h, int n) {
        return last(emaSeries(h.window(n).close(), n));
    }

    static double rsi(Hist full, int n) {
        double[] c = full.window(n + 1).close();
        if (c.length < n + 1) {
            return Double.NaN;
        }
        double gain = 0;
        double loss = 0;
        for (int i = 1; i <= n; i++) {
            gain += Math.max(c[i] - c[i - 1], 0);
            loss += Math.max(c[i - 1] - c[i], 0);
        }
        gain /= n;
        loss /= n;
        for (int i = n + 1; i < c.length; i++) {
            gain = (gain * (n - 1) + Math.max(c[i] - c[i - 1], 0)) / n;
            loss = (loss * (n - 1) + Math.max(c[i - 1] - c[i], 0)) / n;
        }
        return loss == 0 ? 100 : 100 - 100 / (1 + gain / loss);
    }

    static double macd(Hist h, int fast, int slow) {
        return ema(h, fast) - ema(h, slow);
    }

    /** The MACD line over the window, then its signal-period EMA; {@code histogram}: line minus signal. */
    static double macdSignal(Hist full, int fast, int slow, int signal, boolean histogram) {
        double[] c = full.window(slow + signal - 1).close();
        if (c.length < slow + signal - 1) {
            return Double.NaN;
        }
        double[] f = emaSeries(c, fast);
        double[] s = emaSeries(c, slow);
        double[] line = new double[c.length - slow + 1];
        for (int i = slow - 1; i < c.length; i++) {
            line[i - slow + 1] = f[i] - s[i];
        }
        double sig = last(emaSeries(line, signal));
        return histogram ? last(line) - sig : sig;
    }

    static double band(Hist h, int n, double k, int side) {
        double[] c = h.close();
        if (c.length < n) {
            return Double.NaN;
        }
        double mean = mean(c, c.length - n, n);
        double squares = 0;
        for (int i = c.length - n; i < c.length; i++) {
            squares += (c[i] - mean) * (c[i] - mean);
        }
        return mean + side * k * Math.sqrt(squares / n);
    }

    static double atr(Hist full, int n) {
        Hist h = full.window(n + 1);
        if (h.size() < n + 1) {
            return Double.NaN;
        }
        double atr = 0;
        for (int i = 1; i < h.size(); i++) {
            double pc = h.close()[i - 1];
            double tr = Math.max(h.high()[i] - h.low()[i], Math.max(Math.abs(h.high()[i] - pc), Math.abs(h.low()[i] - pc)));
            if (i < n) {
                atr += tr;
            } else if (i == n) {
                atr = (atr + tr) / n;
            } else {
                atr = (atr * (n - 1) + tr) / n;
            }
        }
        return atr;
    }

    /** A metric, the sessions it needs to be known, and its textbook value on a history. */
    record Ref(String metric, int needed, ToDoubleFunction<Hist> value) {
        @Override
        public String toString() {
            return metric;
        }
    }

    static final List<Ref> REFERENCES = List.of(
            new Ref("rsi(14)", 15, h -> rsi(h, 14)),
            new Ref("rsi(5)", 6, h -> rsi(h, 5)),
            new Ref("rsi(2)", 3, h -> rsi(h, 2)),
            new Ref("macd(12,26)", 26, h -> macd(h, 12, 26)),
            new Ref("macd(5,100)", 100, h -> macd(h, 5, 100)),
            new Ref("macd_signal(12,26,9)", 34, h -> macdSignal(h, 12, 26, 9, false)),
            new Ref("macd_hist(12,26,9)", 34, h -> macdSignal(h, 12, 26, 9, true)),
            new Ref("macd_signal(3,10,4)", 13, h -> macdSignal(h, 3, 10, 4, false)),
            new Ref("macd_hist(10,90,5)", 94, h -> macdSignal(h, 10, 90, 5, true)),
            new Ref("bb_upper(20,2)", 20, h -> band(h, 20, 2, 1)),
            new Ref("bb_lower(20,2)", 20, h -> band(h, 20, 2, -1)),
            new Ref("bb_upper(10,1.5)", 10, h -> band(h, 10, 1.5, 1)),
            new Ref("bb_lower(5,0.5)", 5, h -> band(h, 5, 0.5, -1)),
            new Ref("atr(14)", 15, h -> atr(h, 14)),
            new Ref("atr(3)", 4, h -> atr(h, 3)),
            new Ref("atr(90)", 91, h -> atr(h, 90)),
            new Ref("ema(10)", 10, h -> ema(h, 10)),
            new Ref("ema(100)", 100, h -> ema(h, 100)));

    /** Every metric on the long history; on NVDA those it knows on 20 sessions or more. */
    static Stream<Arguments> metricsOnBothHistories() {
        return REFERENCES.stream().flatMap(r -> r.needed() + 20 <= NVDA.size()
                ? Stream.of(Arguments.of(r, "NVDA"), Arguments.of(r, "long"))
                : Stream.of(Arguments.of(r, "long")));
    }

    // ---- agreement with the textbook ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("metricsOnBothHistories")
    void indicatorsAgreeWithTheTextbookDefinitionSessionBySession(Ref ref, String history) throws Exception {
        List<DailyBar> bars = history.equals("NVDA") ? NVDA : LONG;
        int compared = 0;
        // the made-up history: its last 60 sessions, where the windows have cut its start
        for (int last = history.equals("NVDA") ? 0 : bars.size() - 60; last < bars.size(); last++) {
            double expected = ref.value().applyAsDouble(Hist.of(bars, last));
            BigDecimal actual = value(ref.metric(), afterClose(bars, last));
            if (last + 1 < ref.needed()) {
                assertThat(expected).isNaN();
                assertThat(actual).as("%s on %s (too little history)", ref.metric(), bars.get(last).date()).isNull();
                continue;
            }
            assertThat(actual).as("%s on %s", ref.metric(), bars.get(last).date()).isNotNull();
            assertThat(actual.doubleValue()).as("%s on %s", ref.metric(), bars.get(last).date())
                    .isCloseTo(expected, within(RELATIVE * Math.max(1, Math.abs(expected))));
            compared++;
        }
        assertThat(compared).as("sessions compared").isGreaterThanOrEqualTo(20);
    }

    // ---- edge cases ------------------------------------------------------------------------------------------------

    /** {@code count} sessions ending Friday 2026-01-23, closes from {@code closeOf(i)}, high and low 1 around it. */
    private static List<DailyBar> sessions(int count, java.util.function.IntFunction<String> closeOf) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 1, 23); dates.size() < count; d = d.minusDays(1)) {
            if (NyseCalendar.INSTANCE.isTradingDay(d)) {
                dates.add(0, d);
            }
        }
        List<DailyBar> bars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BigDecimal c = new BigDecimal(closeOf.apply(i));
            bars.add(new DailyBar(dates.get(i), c, c.add(BigDecimal.ONE), c.subtract(BigDecimal.ONE), c, 1000L));
        }
        return bars;
    }

    @ParameterizedTest(name = "{0} with {1} sessions")
    @CsvSource(delimiter = '|', textBlock = """
            rsi(14)                | 15
            rsi(1)                 | 2
            atr(14)                | 15
            macd(12,26)            | 26
            macd_signal(12,26,9)   | 34
            macd_hist(12,26,9)     | 34
            bb_upper(20,2)         | 20
            bb_lower(20,2)         | 20
            ema(10)                | 10
            """)
    void knownFromExactlyTheSessionsItNeedsAndUnknownWithOneFewer(String metric, int needed) throws Exception {
        List<DailyBar> bars = sessions(needed, i -> String.valueOf(100 + i % 7));

        assertThat(value(metric, afterClose(bars, needed - 1))).isNotNull();

        List<DailyBar> fewer = bars.subList(1, needed);
        Evaluation e = ConditionParser.parse(metric + " > 0").evaluate(afterClose(fewer, needed - 2), Map.of());
        assertThat(e.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(e.unknownReason()).isEqualTo(metric + " unknown: " + (needed - 1) + (needed == 2 ? " session" : " sessions")
                + " of history up to 2026-01-23, " + needed + " needed");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            rsi(14)                | 100
            atr(14)                | 2
            macd(12,26)            | 0
            macd_signal(12,26,9)   | 0
            macd_hist(12,26,9)     | 0
            bb_upper(20,2)         | 50
            bb_lower(20,2)         | 50
            ema(10)                | 50
            """)
    void flatPricesGiveTheDefinitionsLimits(String metric, String expected) throws Exception {
        // No loss at all: RSI is 100 by definition (no gain either); every bar's range is high - low = 2.
        List<DailyBar> flat = sessions(60, i -> "50");

        assertThat(value(metric, afterClose(flat, 59))).isEqualByComparingTo(expected);
    }

    @Test
    void rsiIsHundredWithOnlyGainsAndZeroWithOnlyLosses() throws Exception {
        assertThat(value("rsi(14)", afterClose(sessions(30, i -> String.valueOf(100 + i)), 29))).isEqualByComparingTo("100");
        assertThat(value("rsi(14)", afterClose(sessions(30, i -> String.valueOf(100 - i)), 29))).isEqualByComparingTo("0");
    }

    @Test
    void bandsCloseOnTheAverageWhenTheLastNClosesAreEqual() throws Exception {
        List<DailyBar> bars = sessions(40, i -> i < 20 ? String.valueOf(80 + 3 * i) : "123.45");
        MetricContext ctx = afterClose(bars, 39);

        assertThat(value("bb_upper(20,2)", ctx)).isEqualByComparingTo("123.45").isEqualByComparingTo(value("sma(20)", ctx));
        assertThat(value("bb_lower(20,3)", ctx)).isEqualByComparingTo("123.45");
        assertThat(value("bb_upper(21,2)", ctx)).isGreaterThan(value("sma(21)", ctx));
    }

    @Test
    void bandsUseTheCurrentPriceAsTodaysClose() throws Exception {
        List<DailyBar> bars = sessions(20, i -> "50");
        Instant close = LocalDate.of(2026, 1, 23).atTime(16, 0).atZone(NY).toInstant();
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity("NVDA"), bars, new Quote(new BigDecimal("70"), close, "test"),
                "test", close);
        MetricContext ctx = new MetricContext(snapshot, NyseCalendar.INSTANCE, close.plusSeconds(60), null);

        // Closes 19 x 50 and 70: mean 51, population deviation sqrt(19 + 361) / sqrt(20) = sqrt(19).
        assertThat(value("bb_upper(20,1)", ctx).doubleValue()).isCloseTo(51 + Math.sqrt(19), within(1e-12));
    }

    @Test
    void atrIsUnknownWhenABarInItsWindowHasNoHighOrLow() throws Exception {
        List<DailyBar> bars = new ArrayList<>(sessions(30, i -> String.valueOf(100 + i % 3)));
        DailyBar hole = bars.get(20);
        bars.set(20, DailyBar.close(hole.date(), hole.close()));

        Evaluation e = ConditionParser.parse("atr(14) > 0").evaluate(afterClose(bars, 29), Map.of());

        assertThat(e.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(e.unknownReason()).isEqualTo("atr(14) unknown: no high or low in the bar of " + hole.date());
    }

    @Test
    void aBarWithoutHighOrLowBeforeTheWindowDoesNotMatter() throws Exception {
        List<DailyBar> bars = new ArrayList<>(sessions(260, i -> String.valueOf(100 + i % 3)));
        bars.set(5, DailyBar.close(bars.get(5).date(), bars.get(5).close()));

        assertThat(value("atr(14)", afterClose(bars, 259))).isNotNull();
    }

    @Test
    void indicatorsOfTodayAreUnknownWhenThePriceIsStale() throws Exception {
        List<DailyBar> bars = sessions(60, i -> String.valueOf(100 + i % 5));
        Instant quoteAt = LocalDate.of(2026, 1, 23).atTime(11, 0).atZone(NY).toInstant();
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity("NVDA"), bars, new Quote(new BigDecimal("101"), quoteAt, "test"),
                "test", quoteAt.plusSeconds(3600));
        MetricContext ctx = new MetricContext(snapshot, NyseCalendar.INSTANCE, quoteAt.plusSeconds(3600), null);

        for (String metric : List.of("rsi(14)", "macd(12,26)", "macd_hist(12,26,9)", "bb_upper(20,2)")) {
            Evaluation e = ConditionParser.parse(metric + " > 0").evaluate(ctx, Map.of());
            assertThat(e.result()).as(metric).isEqualTo(TriState.UNKNOWN);
            assertThat(e.unknownReason()).as(metric).isEqualTo(metric + " unknown: quote 60 min old while the market is open (at most 30 min)");
        }
    }

    // ---- crossings -------------------------------------------------------------------------------------------------

    static Stream<Arguments> crossings() {
        return Stream.of(
                crossing("rsi(14) crosses below 40", h -> rsi(h, 14) - 40, false),
                crossing("rsi(5) crosses above 50", h -> rsi(h, 5) - 50, true),
                crossing("macd(12,26) crosses above macd_signal(12,26,9)", h -> macd(h, 12, 26) - macdSignal(h, 12, 26, 9, false), true),
                crossing("macd_hist(12,26,9) crosses below 0", h -> macdSignal(h, 12, 26, 9, true), false),
                crossing("price crosses above bb_upper(20,2)", h -> last(h.close()) - band(h, 20, 2, 1), true),
                crossing("price crosses below bb_lower(20,2)", h -> last(h.close()) - band(h, 20, 2, -1), false),
                crossing("atr(14) crosses below 3% * price", h -> atr(h, 14) - 0.03 * last(h.close()), false));
    }

    private static Arguments crossing(String condition, ToDoubleFunction<Hist> level, boolean above) {
        return Arguments.of(condition, level, above);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossings")
    void crossingsFireOnTheSessionsTheTextbookValuesCross(String condition, ToDoubleFunction<Hist> level, boolean above)
            throws Exception {
        Condition c = ConditionParser.parse(condition);
        Map<String, BigDecimal> remembered = new HashMap<>();
        List<LocalDate> fired = new ArrayList<>();
        List<LocalDate> expected = new ArrayList<>();
        double previous = Double.NaN;
        for (int last = 0; last < NVDA.size(); last++) {
            Evaluation e = c.evaluate(afterClose(NVDA, last), remembered);
            remembered.putAll(e.crossingValues());
            if (e.result() == TriState.TRUE) {
                fired.add(NVDA.get(last).date());
            }
            double now = level.applyAsDouble(Hist.of(NVDA, last));
            if (!Double.isNaN(previous) && !Double.isNaN(now) && (above ? previous <= 0 && now > 0 : previous >= 0 && now < 0)) {
                expected.add(NVDA.get(last).date());
            }
            if (!Double.isNaN(now)) {
                previous = now;
            }
        }
        assertThat(expected).as("the real bars cross at least once").isNotEmpty();
        assertThat(fired).isEqualTo(expected);
    }
}
