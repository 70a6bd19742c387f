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
 * and the moving averages are measured through {@code evaluate}. Both sides settle the quote's freshness once per
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

    MetricContext[] contexts;
    double[] prices;
    BigDecimal[] decimalPrices;
    BigDecimal decimalThreshold;
    long[] quoteSeconds;
    boolean[] freshQuotes;
    double[][] closes;
    long nowSecond;
    long staleSeconds;

    Condition threshold;
    Condition crossing;
    Condition sma;
    Condition ema;
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
        nowSecond = Fixtures.NOW.getEpochSecond();
        staleSeconds = Market.US_EQUITY.staleness().getSeconds();
        freshQuotes = freshness(prices, quoteSeconds, staleSeconds, nowSecond);
        threshold = ConditionParser.parse("price > 100");
        crossing = ConditionParser.parse("price crosses above 100");
        sma = ConditionParser.parse("price > sma(" + SMA + ")");
        ema = ConditionParser.parse("price > ema(" + EMA + ")");
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
                new Pair(this::emaEvaluator, this::emaFloor, "ema"))) {
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
        double alpha = 2.0 / (EMA + 1);
        for (int i = 0; i < SYMBOLS; i++) {
            if (!fresh(i)) {
                results[i] = UNKNOWN;
                continue;
            }
            double[] c = closes[i];
            double sum = 0;
            for (int k = 0; k < EMA; k++) {
                sum += c[k];
            }
            double ema = sum / EMA;
            for (int k = EMA; k < c.length; k++) {
                ema += alpha * (c[k] - ema);
            }
            results[i] = of(prices[i] > ema);
        }
        return results;
    }
}
