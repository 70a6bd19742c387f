package dev.marketalerts.bench;

import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.ConditionSyntaxException;
import dev.marketalerts.core.rules.Evaluation;
import dev.marketalerts.core.rules.MetricContext;
import dev.marketalerts.core.rules.TriState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rule checks per second, one thread: the evaluator against the practical floor, a hand-written loop over primitive
 * arrays doing the same comparisons, for each metric of the condition language. The evaluator is what the price job
 * runs for every (rule, symbol): {@link Condition#check}, the decision, and for a crossing also its current value,
 * which the next tick needs ({@code check} with an array for it). {@code ...Explained} adds the explanation
 * ({@link Condition#evaluate}: observed values, as-of, crossing values) that alerts and the decision log read. Both
 * sides settle the quote's freshness once per symbol (the evaluator in its MetricContext, built once per symbol and
 * tick), test it on every check, and store one result per check. A context keeps the indicators it computed (sma, ema,
 * rsi, macd, bands, atr, highs and lows, average volume, changes and gap) for every rule of the symbol at the tick, so
 * after the first check the evaluator reads them while the floor recomputes its window on every check;
 * {@code emaFirstCheck} measures what the first rule of a symbol at a tick pays. One operation is one rule checked for
 * one symbol. The main figures use 100 symbols, whose data stays in the CPU caches as a tick's watchlist does; the
 * threshold pair is also run over 1,000 symbols (about 50 MB of bars), where every check of the evaluator starts with
 * cache misses on the symbol's snapshot while the floor streams through its arrays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleBenchmark {
    static final int SYMBOLS = 100;
    static final int LARGE = 1000;
    static final double THRESHOLD = 100;
    static final int SMA = 50;
    static final int EMA = 20;
    static final int RSI = 14;
    static final int ATR = 14;
    static final int BANDS = 20;
    static final int AVG_VOLUME = 20;
    /** change_since's date: its reference close is the session before it, 2025-10-31. */
    static final LocalDate SINCE = LocalDate.parse("2025-11-03");
    /** The rule of each evaluator/floor pair, by the pair's name, in report order; the JMH report reads it. */
    static final Map<String, String> RULES = rules();

    private static Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("threshold", "price > 100");
        rules.put("crossing", "price crosses above 100");
        rules.put("sma", "price > sma(" + SMA + ")");
        rules.put("ema", "price > ema(" + EMA + ")");
        rules.put("rsi", "rsi(" + RSI + ") > 50");
        rules.put("macd", "macd(12,26) > macd_signal(12,26,9)");
        rules.put("macdHist", "macd_hist(12,26,9) > 0");
        rules.put("bands", "price > bb_upper(" + BANDS + ",1)");
        rules.put("bandsLower", "price < bb_lower(" + BANDS + ",1)");
        rules.put("atr", "atr(" + ATR + ") > 3% * price");
        rules.put("high", "price > high(52w)");
        rules.put("low", "price < low(52w)");
        rules.put("avgVolume", "volume > 1.5 * avg_volume(" + AVG_VOLUME + ")");
        rules.put("volume", "volume > 3000000");
        rules.put("open", "price > open");
        rules.put("gap", "gap > 0.5%");
        rules.put("change", "change(1d) > 1%");
        rules.put("abs", "abs(change(1d)) > 2%");
        rules.put("changeSince", "change_since(" + SINCE + ") > 0");
        return java.util.Collections.unmodifiableMap(rules);
    }
    /** The bars a recursive indicator needing {@code needed} sessions runs over, as the README defines it. */
    static int window(int needed) {
        return Math.max(220, 3 * needed);
    }

    static final int EMA_FROM = windowStart(EMA);
    static final int RSI_FROM = windowStart(RSI + 1);
    static final int MACD_FROM = windowStart(26 + 9 - 1);
    static final int ATR_FROM = windowStart(ATR + 1);

    /** The index where a recursive indicator's window starts in the fixtures' sessions: the first session of the month of the window's first one. */
    static int windowStart(int needed) {
        List<LocalDate> dates = Fixtures.sessions(Fixtures.BARS);
        int from = Math.max(0, dates.size() - window(needed));
        while (from > 0 && dates.get(from - 1).getMonth() == dates.get(from).getMonth()
                && dates.get(from - 1).getYear() == dates.get(from).getYear()) {
            from--;
        }
        return from;
    }

    MetricContext[] contexts;
    double[] prices;
    BigDecimal[] decimalPrices;
    BigDecimal decimalThreshold;
    long[] quoteSeconds;
    boolean[] freshQuotes;
    double[][] opens;
    double[][] closes;
    double[][] highs;
    double[][] lows;
    long[][] volumes;
    /** The first bar of the 52-week window (the same dates for every symbol): a date fact, looked up once. */
    int yearFrom;
    /** The bar of change_since's reference close. */
    int sinceIndex;
    long nowSecond;
    long staleSeconds;

    Condition threshold;
    Condition crossing;
    Condition sma;
    Condition ema;
    Condition rsi;
    Condition macd;
    Condition bands;
    Condition atr;
    Condition macdHist;
    Condition bandsLower;
    Condition high;
    Condition low;
    Condition avgVolume;
    Condition volume;
    Condition open;
    Condition gap;
    Condition change;
    Condition abs;
    Condition changeSince;
    List<Map<String, BigDecimal>> previousCrossings;
    double[] previousLevels;
    double[] levels;
    /** The crossing's current value of each symbol, as the evaluator hands it to the next tick. */
    BigDecimal[] crossingLevels;
    final BigDecimal[] crossingValue = new BigDecimal[1];
    String crossingKey;
    byte[] results;

    @Setup
    public void setUp() throws ConditionSyntaxException {
        List<Fixtures.Series> series = Fixtures.series(SYMBOLS, 42);
        contexts = series.stream().map(Fixtures.Series::context).toArray(MetricContext[]::new);
        prices = series.stream().mapToDouble(Fixtures.Series::price).toArray();
        decimalPrices = series.stream().map(s -> s.context().snapshot().quote().price()).toArray(BigDecimal[]::new);
        decimalThreshold = BigDecimal.valueOf(100);
        quoteSeconds = series.stream().mapToLong(Fixtures.Series::quoteEpochSecond).toArray();
        opens = series.stream().map(Fixtures.Series::opens).toArray(double[][]::new);
        closes = series.stream().map(Fixtures.Series::closes).toArray(double[][]::new);
        highs = series.stream().map(Fixtures.Series::highs).toArray(double[][]::new);
        lows = series.stream().map(Fixtures.Series::lows).toArray(double[][]::new);
        volumes = series.stream().map(Fixtures.Series::volumes).toArray(long[][]::new);
        List<LocalDate> dates = Fixtures.sessions(Fixtures.BARS);
        LocalDate today = dates.get(dates.size() - 1);
        yearFrom = firstOnOrAfter(dates, today.minusWeeks(52));
        sinceIndex = dates.indexOf(Fixtures.NYSE.previousTradingDay(SINCE));
        nowSecond = Fixtures.NOW.getEpochSecond();
        staleSeconds = Market.US_EQUITY.staleness().getSeconds();
        freshQuotes = freshness(prices, quoteSeconds, staleSeconds, nowSecond);
        threshold = rule("threshold");
        crossing = rule("crossing");
        sma = rule("sma");
        ema = rule("ema");
        rsi = rule("rsi");
        macd = rule("macd");
        macdHist = rule("macdHist");
        bands = rule("bands");
        bandsLower = rule("bandsLower");
        atr = rule("atr");
        high = rule("high");
        low = rule("low");
        avgVolume = rule("avgVolume");
        volume = rule("volume");
        open = rule("open");
        gap = rule("gap");
        change = rule("change");
        abs = rule("abs");
        changeSince = rule("changeSince");
        // The previous evaluation's levels, alternating sides so that about half the checks can cross.
        previousCrossings = new java.util.ArrayList<>();
        previousLevels = new double[SYMBOLS];
        levels = new double[SYMBOLS];
        crossingKey = crossing.crossingKeys().get(0);
        crossingLevels = new BigDecimal[SYMBOLS];
        for (int i = 0; i < SYMBOLS; i++) {
            BigDecimal before = i % 2 == 0 ? BigDecimal.valueOf(-1) : BigDecimal.ONE;
            previousCrossings.add(Map.of(crossingKey, before));
            previousLevels[i] = before.doubleValue();
        }
        results = new byte[SYMBOLS];
        checkFloorsAgree();
    }

    private static Condition rule(String name) throws ConditionSyntaxException {
        return ConditionParser.parse(RULES.get(name));
    }

    private static int firstOnOrAfter(List<LocalDate> dates, LocalDate first) {
        for (int i = 0; i < dates.size(); i++) {
            if (!dates.get(i).isBefore(first)) {
                return i;
            }
        }
        throw new IllegalStateException("no session on or after " + first);
    }

    /** The floors must compute what the evaluator does, or the ratio means nothing. */
    private void checkFloorsAgree() {
        byte[] expected = new byte[SYMBOLS];
        record Pair(Runnable evaluator, Runnable floor, String name) {
        }
        for (Pair p : List.of(
                new Pair(this::thresholdEvaluator, this::thresholdFloor, "threshold"),
                new Pair(this::thresholdExplained, this::thresholdFloor, "threshold (explained)"),
                new Pair(this::thresholdEvaluator, this::thresholdDecimalLoop, "threshold (BigDecimal loop)"),
                new Pair(this::crossingEvaluator, this::crossingFloor, "crossing"),
                new Pair(this::crossingExplained, this::crossingFloor, "crossing (explained)"),
                new Pair(this::smaEvaluator, this::smaFloor, "sma"),
                new Pair(this::smaExplained, this::smaFloor, "sma (explained)"),
                new Pair(this::emaEvaluator, this::emaFloor, "ema"),
                new Pair(this::rsiEvaluator, this::rsiFloor, "rsi"),
                new Pair(this::macdEvaluator, this::macdFloor, "macd"),
                new Pair(this::macdHistEvaluator, this::macdHistFloor, "macd_hist"),
                new Pair(this::bandsEvaluator, this::bandsFloor, "bands"),
                new Pair(this::bandsLowerEvaluator, this::bandsLowerFloor, "bb_lower"),
                new Pair(this::atrEvaluator, this::atrFloor, "atr"),
                new Pair(this::highEvaluator, this::highFloor, "high"),
                new Pair(this::lowEvaluator, this::lowFloor, "low"),
                new Pair(this::avgVolumeEvaluator, this::avgVolumeFloor, "avg_volume"),
                new Pair(this::volumeEvaluator, this::volumeFloor, "volume"),
                new Pair(this::openEvaluator, this::openFloor, "open"),
                new Pair(this::gapEvaluator, this::gapFloor, "gap"),
                new Pair(this::changeEvaluator, this::changeFloor, "change"),
                new Pair(this::absEvaluator, this::absFloor, "abs"),
                new Pair(this::changeSinceEvaluator, this::changeSinceFloor, "change_since"))) {
            p.evaluator().run();
            System.arraycopy(results, 0, expected, 0, SYMBOLS);
            p.floor().run();
            if (p.name().startsWith("crossing")) {
                for (int i = 0; i < SYMBOLS; i++) {
                    if (Math.abs(crossingLevels[i].doubleValue() - levels[i]) > 1e-9) {
                        throw new IllegalStateException(p.name() + " floor's level disagrees with the evaluator's for symbol " + i);
                    }
                }
            }
            int trues = 0;
            for (int i = 0; i < SYMBOLS; i++) {
                if (expected[i] != results[i]) {
                    throw new IllegalStateException(p.name() + " floor disagrees with the evaluator for symbol " + i);
                }
                trues += expected[i] == TriState.TRUE.ordinal() ? 1 : 0;
            }
            if (trues == 0 || trues == SYMBOLS) {
                throw new IllegalStateException(p.name() + ": every check has the same result; the data does not exercise it");
            }
        }
    }

    private boolean fresh(int i) {
        return freshQuotes[i];
    }

    /** Quote freshness is a fact of the symbol at the tick: settled once per symbol, as MetricContext does. */
    private static boolean[] freshness(double[] prices, long[] quoteSeconds, long staleSeconds, long nowSecond) {
        boolean[] fresh = new boolean[prices.length];
        for (int i = 0; i < prices.length; i++) {
            fresh[i] = quoteSeconds[i] + staleSeconds >= nowSecond && prices[i] > 0;
        }
        return fresh;
    }

    private static byte of(boolean b) {
        return (byte) (b ? TriState.TRUE.ordinal() : TriState.FALSE.ordinal());
    }

    private static final byte UNKNOWN = (byte) TriState.UNKNOWN.ordinal();

    /** The threshold check over a 1,000-symbol watchlist, for both sides. */
    @State(Scope.Thread)
    public static class LargeWatchlist {
        MetricContext[] contexts;
        double[] prices;
        long[] quoteSeconds;
        boolean[] freshQuotes;
        long nowSecond;
        long staleSeconds;
        byte[] results;
        Condition threshold;

        @Setup
        public void setUp() throws ConditionSyntaxException {
            List<Fixtures.Series> series = Fixtures.series(LARGE, 43);
            contexts = series.stream().map(Fixtures.Series::context).toArray(MetricContext[]::new);
            prices = series.stream().mapToDouble(Fixtures.Series::price).toArray();
            quoteSeconds = series.stream().mapToLong(Fixtures.Series::quoteEpochSecond).toArray();
            nowSecond = Fixtures.NOW.getEpochSecond();
            staleSeconds = Market.US_EQUITY.staleness().getSeconds();
            freshQuotes = freshness(prices, quoteSeconds, staleSeconds, nowSecond);
            results = new byte[LARGE];
            threshold = ConditionParser.parse("price > 100");
        }
    }

    @Benchmark
    @OperationsPerInvocation(LARGE)
    public byte[] thresholdEvaluator1000(LargeWatchlist w) {
        for (int i = 0; i < LARGE; i++) {
            w.results[i] = (byte) w.threshold.check(w.contexts[i], Map.of()).ordinal();
        }
        return w.results;
    }

    @Benchmark
    @OperationsPerInvocation(LARGE)
    public byte[] thresholdFloor1000(LargeWatchlist w) {
        for (int i = 0; i < LARGE; i++) {
            w.results[i] = w.freshQuotes[i] ? of(w.prices[i] > THRESHOLD) : UNKNOWN;
        }
        return w.results;
    }

    private byte[] evaluate(Condition condition) {
        for (int i = 0; i < SYMBOLS; i++) {
            Evaluation e = condition.evaluate(contexts[i], Map.of());
            results[i] = (byte) e.result().ordinal();
        }
        return results;
    }

    private byte[] check(Condition condition) {
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = (byte) condition.check(contexts[i], Map.of()).ordinal();
        }
        return results;
    }

    /** The decision, as the job makes it for every (rule, symbol). */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] thresholdEvaluator() {
        return check(threshold);
    }

    /** The decision with its explanation (observed values, as-of), as alerts and the decision log read it. */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] thresholdExplained() {
        return evaluate(threshold);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] thresholdFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = fresh(i) ? of(prices[i] > THRESHOLD) : UNKNOWN;
        }
        return results;
    }

    /**
     * Not the floor: the same threshold check over the BigDecimal prices the domain uses, to show how much of the gap
     * to the primitive floor is the number type and how much the evaluator's tree and result objects.
     */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] thresholdDecimalLoop() {
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = fresh(i) ? of(decimalPrices[i].compareTo(decimalThreshold) > 0) : UNKNOWN;
        }
        return results;
    }

    /** The decision and the crossing's current value, which the next tick needs (the floor keeps its level too). */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] crossingEvaluator() {
        BigDecimal[] value = crossingValue;
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = (byte) crossing.check(contexts[i], previousCrossings.get(i), value).ordinal();
            crossingLevels[i] = value[0];
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] crossingExplained() {
        for (int i = 0; i < SYMBOLS; i++) {
            Evaluation e = crossing.evaluate(contexts[i], previousCrossings.get(i));
            results[i] = (byte) e.result().ordinal();
            crossingLevels[i] = e.crossingValues().get(crossingKey);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] crossingFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double level = prices[i] - THRESHOLD;
            levels[i] = level;
            results[i] = of(previousLevels[i] <= 0 && level > 0);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] smaEvaluator() {
        return check(sma);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] smaExplained() {
        return evaluate(sma);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] smaFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] c = closes[i];
            double sum = 0;
            for (int k = c.length - SMA; k < c.length; k++) {
                sum += c[k];
            }
            results[i] = of(prices[i] > sum / SMA);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] emaEvaluator() {
        return check(ema);
    }

    /**
     * Not a figure against the floor: ema's first check of a symbol at a tick (a new context each check, as the first
     * rule of the symbol meets it), which computes the window; every later check of the tick reads the kept value.
     */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] emaFirstCheck() {
        for (int i = 0; i < SYMBOLS; i++) {
            MetricContext c = contexts[i];
            Evaluation e = ema.evaluate(new MetricContext(c.snapshot(), c.calendar(), c.now(), c.lastEarnings()), Map.of());
            results[i] = (byte) e.result().ordinal();
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] rsiFirstCheck() {
        return firstCheck(rsi);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] macdFirstCheck() {
        return firstCheck(macd);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] atrFirstCheck() {
        return firstCheck(atr);
    }

    /** The check on a new context (the symbol's first rule at a tick), which computes the indicators' windows. */
    private byte[] firstCheck(Condition condition) {
        for (int i = 0; i < SYMBOLS; i++) {
            MetricContext c = contexts[i];
            results[i] = (byte) condition.check(new MetricContext(c.snapshot(), c.calendar(), c.now(), c.lastEarnings()), Map.of()).ordinal();
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] emaFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] c = closes[i];
            results[i] = of(prices[i] > ema(c, EMA_FROM, EMA, c.length));
        }
        return results;
    }

    /** The EMA of {@code c[from..to)}, seeded with the mean of its first n values. */
    private static double ema(double[] c, int from, int n, int to) {
        double alpha = 2.0 / (n + 1);
        double sum = 0;
        for (int k = from; k < from + n; k++) {
            sum += c[k];
        }
        double ema = sum / n;
        for (int k = from + n; k < to; k++) {
            ema += alpha * (c[k] - ema);
        }
        return ema;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] rsiEvaluator() {
        return check(rsi);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] rsiFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] c = closes[i];
            int from = RSI_FROM;
            double gain = 0;
            double loss = 0;
            for (int k = from + 1; k < c.length; k++) {
                double d = c[k] - c[k - 1];
                double up = Math.max(d, 0);
                double down = Math.max(-d, 0);
                if (k - from <= RSI) {
                    gain += up / RSI;
                    loss += down / RSI;
                } else {
                    gain = (gain * (RSI - 1) + up) / RSI;
                    loss = (loss * (RSI - 1) + down) / RSI;
                }
            }
            double value = loss == 0 ? 100 : 100 - 100 / (1 + gain / loss);
            results[i] = of(value > 50);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] macdEvaluator() {
        return check(macd);
    }

    /** macd(12,26) against macd_signal(12,26,9): one pass over the signal's window, as the evaluator's signal does. */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] macdFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = fresh(i) ? of(macdHistogram(closes[i]) > 0) : UNKNOWN;
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] macdHistEvaluator() {
        return check(macdHist);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] macdHistFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = fresh(i) ? of(macdHistogram(closes[i]) > 0) : UNKNOWN;
        }
        return results;
    }

    /** The MACD(12,26) line minus its 9-period signal at the last close, in one pass over the signal's window. */
    private static double macdHistogram(double[] c) {
        double fastAlpha = 2.0 / 13;
        double slowAlpha = 2.0 / 27;
        double signalAlpha = 2.0 / 10;
        int from = MACD_FROM;
        double fast = 0;
        double slow = 0;
        double signal = 0;
        double line = 0;
        for (int k = from; k < c.length; k++) {
            int seen = k - from + 1;
            fast = seen <= 12 ? fast + c[k] / 12 : fast + fastAlpha * (c[k] - fast);
            if (seen < 26) {
                slow += c[k] / 26;
                continue;
            }
            slow = seen == 26 ? slow + c[k] / 26 : slow + slowAlpha * (c[k] - slow);
            line = fast - slow;
            int lines = seen - 25;
            signal = lines <= 9 ? signal + line / 9 : signal + signalAlpha * (line - signal);
        }
        return line - signal;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] bandsEvaluator() {
        return check(bands);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] bandsFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = fresh(i) ? of(prices[i] > band(closes[i], 1)) : UNKNOWN;
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] bandsLowerEvaluator() {
        return check(bandsLower);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] bandsLowerFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = fresh(i) ? of(prices[i] < band(closes[i], -1)) : UNKNOWN;
        }
        return results;
    }

    /** The mean of the last BANDS closes plus {@code k} population standard deviations. */
    private static double band(double[] c, int k) {
        double sum = 0;
        for (int j = c.length - BANDS; j < c.length; j++) {
            sum += c[j];
        }
        double mean = sum / BANDS;
        double squares = 0;
        for (int j = c.length - BANDS; j < c.length; j++) {
            squares += (c[j] - mean) * (c[j] - mean);
        }
        return mean + k * Math.sqrt(squares / BANDS);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] atrEvaluator() {
        return check(atr);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] atrFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] c = closes[i];
            double[] h = highs[i];
            double[] l = lows[i];
            int from = ATR_FROM;
            double atr = 0;
            for (int k = from + 1; k < c.length; k++) {
                double range = Math.max(h[k] - l[k], Math.max(Math.abs(h[k] - c[k - 1]), Math.abs(l[k] - c[k - 1])));
                atr = k - from <= ATR ? atr + range / ATR : (atr * (ATR - 1) + range) / ATR;
            }
            results[i] = of(atr > 0.03 * prices[i]);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] highEvaluator() {
        return check(high);
    }

    /** The highest high of the sessions of the last 52 weeks before today. */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] highFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] h = highs[i];
            double best = Double.NEGATIVE_INFINITY;
            for (int k = yearFrom; k < h.length - 1; k++) {
                best = Math.max(best, h[k]);
            }
            results[i] = of(prices[i] > best);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] lowEvaluator() {
        return check(low);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] lowFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] l = lows[i];
            double best = Double.POSITIVE_INFINITY;
            for (int k = yearFrom; k < l.length - 1; k++) {
                best = Math.min(best, l[k]);
            }
            results[i] = of(prices[i] < best);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] avgVolumeEvaluator() {
        return check(avgVolume);
    }

    /** Today's volume against 1.5 times the mean of the AVG_VOLUME sessions before it (no price: no freshness test). */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] avgVolumeFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            long[] v = volumes[i];
            long sum = 0;
            for (int k = v.length - 1 - AVG_VOLUME; k < v.length - 1; k++) {
                sum += v[k];
            }
            results[i] = of(v[v.length - 1] > 1.5 * sum / AVG_VOLUME);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] volumeEvaluator() {
        return check(volume);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] volumeFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            long[] v = volumes[i];
            results[i] = of(v[v.length - 1] > 3_000_000);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] openEvaluator() {
        return check(open);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] openFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            double[] o = opens[i];
            results[i] = fresh(i) ? of(prices[i] > o[o.length - 1]) : UNKNOWN;
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] gapEvaluator() {
        return check(gap);
    }

    /** Today's open against the previous session's close (no price: no freshness test). */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] gapFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            double[] o = opens[i];
            double[] c = closes[i];
            results[i] = of(o[o.length - 1] / c[c.length - 2] - 1 > 0.005);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] changeEvaluator() {
        return check(change);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] changeFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            double[] c = closes[i];
            results[i] = fresh(i) ? of(prices[i] / c[c.length - 2] - 1 > 0.01) : UNKNOWN;
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] absEvaluator() {
        return check(abs);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] absFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            double[] c = closes[i];
            results[i] = fresh(i) ? of(Math.abs(prices[i] / c[c.length - 2] - 1) > 0.02) : UNKNOWN;
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] changeSinceEvaluator() {
        return check(changeSince);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] changeSinceFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            results[i] = fresh(i) ? of(prices[i] / closes[i][sinceIndex] - 1 > 0) : UNKNOWN;
        }
        return results;
    }
}
