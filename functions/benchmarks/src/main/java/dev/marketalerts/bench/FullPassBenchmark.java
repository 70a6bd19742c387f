package dev.marketalerts.bench;

import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.ConditionSyntaxException;
import dev.marketalerts.core.rules.Evaluation;
import dev.marketalerts.core.rules.MetricContext;
import dev.marketalerts.core.rules.TriState;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full evaluation pass, single thread: 100,000 rules over 5,000 symbols (20 rules of mixed types per symbol,
 * 260-bar histories), each rule evaluated with the crossing values its previous evaluation left, as a tick does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FullPassBenchmark {
    static final int SYMBOLS = 5000;

    /** Twenty rules a watchlist might hold: thresholds, changes, crossings, moving averages, highs and volume. */
    static final List<String> RULES = List.of(
            "price > 120",
            "price < 80",
            "price >= 100",
            "price <= 90",
            "change(1d) >= 5%",
            "abs(change(1d)) >= 8%",
            "change(1w) <= -10%",
            "change_since(2026-01-01) >= 40%",
            "price crosses above 110",
            "price crosses below 95",
            "price crosses above sma(50)",
            "change(1d) crosses below -3%",
            "price > sma(50)",
            "price < sma(200)",
            "sma(20) > sma(50)",
            "price > 1.05 * sma(20)",
            "price > ema(20)",
            "ema(12) > ema(26)",
            "price >= high(52w)",
            "volume > 2 * avg_volume(20)");

    MetricContext[] contexts;
    Condition[] conditions;
    /** Previous crossing values per (symbol, rule), as the state store would hand them over. */
    Map<String, BigDecimal>[] previous;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() throws ConditionSyntaxException {
        contexts = Fixtures.series(SYMBOLS, 7).stream().map(Fixtures.Series::context).toArray(MetricContext[]::new);
        conditions = new Condition[RULES.size()];
        for (int r = 0; r < RULES.size(); r++) {
            conditions[r] = ConditionParser.parse(RULES.get(r));
        }
        previous = new Map[SYMBOLS * conditions.length];
        for (int s = 0; s < SYMBOLS; s++) {
            for (int r = 0; r < conditions.length; r++) {
                // Yesterday's levels: the same crossing values, so crossings are known (and mostly not crossing).
                previous[s * conditions.length + r] = new HashMap<>(conditions[r].evaluate(contexts[s], Map.of()).crossingValues());
            }
        }
    }

    /** Returns how many rules hold, so that nothing can be optimised away. */
    @Benchmark
    public int pass() {
        int holding = 0;
        for (int s = 0; s < SYMBOLS; s++) {
            MetricContext context = contexts[s];
            for (int r = 0; r < conditions.length; r++) {
                Evaluation e = conditions[r].evaluate(context, previous[s * conditions.length + r]);
                if (e.result() == TriState.TRUE) {
                    holding++;
                }
            }
        }
        return holding;
    }
}
