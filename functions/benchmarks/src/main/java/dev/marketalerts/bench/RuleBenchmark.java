package dev.marketalerts.bench;

import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.ConditionSyntaxException;
import dev.marketalerts.core.rules.Evaluation;
import dev.marketalerts.core.rules.MetricContext;
import dev.marketalerts.core.rules.TriState;
import java.math.BigDecimal;
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
 * arrays doing the same comparisons, for each rule type. For thresholds the evaluator is {@link Condition#check}, the
 * decision the price job makes for every (rule, symbol); {@code thresholdExplained} adds the explanation
 * ({@link Condition#evaluate}) that alerts and the decision log read; crossings, whose values the next tick needs,
 * the moving averages and the indicators (rsi, macd, Bollinger bands, atr) are measured through {@code evaluate}. Both sides settle the quote's freshness once per
 * symbol (the evaluator in its MetricContext, built once per symbol and tick), test it on every check, and store one
 * result per check. One operation is one rule checked
 * for one symbol. The main figures use 100 symbols, whose data stays in the CPU caches as a tick's watchlist
 * does; the threshold pair is also run over 1,000 symbols (about 50 MB of bars), where every check of the
 * evaluator starts with cache misses on the symbol's snapshot while the floor streams through its arrays.
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
    /** The bars a recursive indicator needing {@code needed} sessions runs over, as the README defines it. */
    static int window(int needed) {
        return Math.max(250, 3 * needed);
    }

    MetricContext[] contexts;
    double[] prices;
    BigDecimal[] decimalPrices;
    BigDecimal decimalThreshold;
    long[] quoteSeconds;
    boolean[] freshQuotes;
    double[][] closes;
    double[][] highs;
    double[][] lows;
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
    List<Map<String, BigDecimal>> previousCrossings;
    double[] previousLevels;
    double[] levels;
    byte[] results;

    @Setup
    public void setUp() throws ConditionSyntaxException {
        List<Fixtures.Series> series = Fixtures.series(SYMBOLS, 42);
        contexts = series.stream().map(Fixtures.Series::context).toArray(MetricContext[]::new);
        prices = series.stream().mapToDouble(Fixtures.Series::price).toArray();
        decimalPrices = series.stream().map(s -> s.context().snapshot().quote().price()).toArray(BigDecimal[]::new);
        decimalThreshold = BigDecimal.valueOf(100);
        quoteSeconds = series.stream().mapToLong(Fixtures.Series::quoteEpochSecond).toArray();
        closes = series.stream().map(Fixtures.Series::closes).toArray(double[][]::new);
        highs = series.stream().map(Fixtures.Series::highs).toArray(double[][]::new);
        lows = series.stream().map(Fixtures.Series::lows).toArray(double[][]::new);
        nowSecond = Fixtures.NOW.getEpochSecond();
        staleSeconds = Market.US_EQUITY.staleness().getSeconds();
        freshQuotes = freshness(prices, quoteSeconds, staleSeconds, nowSecond);
        threshold = ConditionParser.parse("price > 100");
        crossing = ConditionParser.parse("price crosses above 100");
        sma = ConditionParser.parse("price > sma(" + SMA + ")");
        ema = ConditionParser.parse("price > ema(" + EMA + ")");
        rsi = ConditionParser.parse("rsi(" + RSI + ") > 50");
        macd = ConditionParser.parse("macd(12,26) > macd_signal(12,26,9)");
        bands = ConditionParser.parse("price > bb_upper(" + BANDS + ",1)");
        atr = ConditionParser.parse("atr(" + ATR + ") > 3% * price");
        // The previous evaluation's levels, alternating sides so that about half the checks can cross.
        previousCrossings = new java.util.ArrayList<>();
        previousLevels = new double[SYMBOLS];
        levels = new double[SYMBOLS];
        String key = crossing.evaluate(contexts[0], Map.of()).crossingValues().keySet().iterator().next();
        for (int i = 0; i < SYMBOLS; i++) {
            BigDecimal before = i % 2 == 0 ? BigDecimal.valueOf(-1) : BigDecimal.ONE;
            previousCrossings.add(Map.of(key, before));
            previousLevels[i] = before.doubleValue();
        }
        results = new byte[SYMBOLS];
        checkFloorsAgree();
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
                new Pair(this::smaEvaluator, this::smaFloor, "sma"),
                new Pair(this::emaEvaluator, this::emaFloor, "ema"),
                new Pair(this::rsiEvaluator, this::rsiFloor, "rsi"),
                new Pair(this::macdEvaluator, this::macdFloor, "macd"),
                new Pair(this::bandsEvaluator, this::bandsFloor, "bands"),
                new Pair(this::atrEvaluator, this::atrFloor, "atr"))) {
            p.evaluator().run();
            System.arraycopy(results, 0, expected, 0, SYMBOLS);
            p.floor().run();
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

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] crossingEvaluator() {
        for (int i = 0; i < SYMBOLS; i++) {
            Evaluation e = crossing.evaluate(contexts[i], previousCrossings.get(i));
            results[i] = (byte) e.result().ordinal();
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
        return evaluate(ema);
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
            results[i] = of(prices[i] > ema(c, c.length - window(EMA), EMA, c.length));
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
        return evaluate(rsi);
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
            int from = c.length - window(RSI + 1);
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
        return evaluate(macd);
    }

    /** macd(12,26) against macd_signal(12,26,9): one pass over the signal's window, as the evaluator's signal does. */
    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] macdFloor() {
        double fastAlpha = 2.0 / 13;
        double slowAlpha = 2.0 / 27;
        double signalAlpha = 2.0 / 10;
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] c = closes[i];
            int from = c.length - window(26 + 9 - 1);
            double fast = 0;
            double slow = 0;
            double signal = 0;
            double line = 0;
            for (int k = from; k < c.length; k++) {
                int seen = k - from + 1;
                fast = seen < 12 ? fast + c[k] / 12 : seen == 12 ? fast + c[k] / 12 : fast + fastAlpha * (c[k] - fast);
                if (seen < 26) {
                    slow += c[k] / 26;
                    continue;
                }
                slow = seen == 26 ? slow + c[k] / 26 : slow + slowAlpha * (c[k] - slow);
                line = fast - slow;
                int lines = seen - 25;
                signal = lines <= 9 ? signal + line / 9 : signal + signalAlpha * (line - signal);
            }
            results[i] = of(line > signal);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] bandsEvaluator() {
        return evaluate(bands);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] bandsFloor() {
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] c = closes[i];
            double sum = 0;
            for (int k = c.length - BANDS; k < c.length; k++) {
                sum += c[k];
            }
            double mean = sum / BANDS;
            double squares = 0;
            for (int k = c.length - BANDS; k < c.length; k++) {
                squares += (c[k] - mean) * (c[k] - mean);
            }
            results[i] = of(prices[i] > mean + Math.sqrt(squares / BANDS));
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] atrEvaluator() {
        return evaluate(atr);
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
            int from = c.length - window(ATR + 1);
            double atr = 0;
            for (int k = from + 1; k < c.length; k++) {
                double range = Math.max(h[k] - l[k], Math.max(Math.abs(h[k] - c[k - 1]), Math.abs(l[k] - c[k - 1])));
                atr = k - from <= ATR ? atr + range / ATR : (atr * (ATR - 1) + range) / ATR;
            }
            results[i] = of(atr > 0.03 * prices[i]);
        }
        return results;
    }
}
