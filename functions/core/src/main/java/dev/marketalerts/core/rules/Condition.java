package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed {@code when:} expression: an immutable tree that evaluates against a {@link MetricContext}. */
public interface Condition {

    /** The expression as written in alerts.yaml. */
    String text();

    /**
     * Evaluates the condition. {@code previousCrossingValues} is what {@link Evaluation#crossingValues()}
     * returned at the last evaluation whose result was known (empty at first: every crossing is then unknown).
     */
    Evaluation evaluate(MetricContext context, Map<String, BigDecimal> previousCrossingValues);

    /**
     * The decision alone: always {@code evaluate(context, previousCrossingValues).result()}, without building the
     * explanation (observed values, crossing values). A comparison of {@code price} with a number, the commonest
     * rule, is decided straight from the quote, without the evaluation's scratch state.
     */
    TriState check(MetricContext context, Map<String, BigDecimal> previousCrossingValues);

    /**
     * The decision and what the next evaluation needs, without the rest of the explanation: {@link #check}, and
     * {@code crossingValues[i]} set to the value {@link #evaluate} reports under {@code crossingKeys().get(i)}, or to
     * null where it reports none. {@code crossingValues} holds at least {@code crossingKeys().size()} entries, or is
     * null when the caller needs the decision alone.
     */
    default TriState check(MetricContext context, Map<String, BigDecimal> previousCrossingValues, BigDecimal[] crossingValues) {
        if (crossingValues == null) {
            return check(context, previousCrossingValues);
        }
        Evaluation e = evaluate(context, previousCrossingValues);
        List<String> keys = crossingKeys();
        for (int i = 0; i < keys.size(); i++) {
            crossingValues[i] = e.crossingValues().get(keys.get(i));
        }
        return e.result();
    }

    /** The keys of {@link Evaluation#crossingValues()}, one for each crossing in order of appearance. */
    default List<String> crossingKeys() {
        return List.of();
    }

    /** {@code values} as {@link Evaluation#crossingValues()} reports them: by {@link #crossingKeys()}, in order, nulls left out. */
    default Map<String, BigDecimal> crossingValues(BigDecimal[] values) {
        List<String> keys = crossingKeys();
        if (keys.isEmpty()) {
            return Map.of();
        }
        if (keys.size() == 1) {
            return values[0] == null ? Map.of() : Collections.singletonMap(keys.get(0), values[0]);
        }
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            if (values[i] != null) {
                out.put(keys.get(i), values[i]);
            }
        }
        return out;
    }

    /** Whether the condition has crossings, whose values each evaluation must hand to the next one. */
    boolean remembersCrossings();

    /**
     * The hysteresis test after a firing: evaluates the condition with every comparison's threshold
     * loosened by {@code rearm.band(threshold)} (so {@code price < 85000} with 2% becomes
     * {@code price < 86700}) and every crossing read as its level ({@code x crosses below T} as
     * {@code x < T + band}). The rule re-arms when this is FALSE; UNKNOWN never re-arms.
     */
    TriState holdsLoosened(MetricContext context, Rearm rearm);

    /** The largest number of daily bars any metric in the expression needs (for history requests). */
    int barsNeeded();

    /**
     * The values the expression reads (every metric, also inside {@code abs}, and every {@code abs}), keyed as in
     * {@link Evaluation#observed()}, in order of appearance.
     */
    default List<ObservedMetric> observedMetrics() {
        return List.of();
    }

    /** The names of {@link #observedMetrics()} ({@code price}, {@code bb_lower(20,2)}), in order of appearance. */
    default List<String> observedNames() {
        return observedMetrics().stream().map(ObservedMetric::key).toList();
    }

    /** Whether a metric reads the symbol's last earnings date ({@code change_since(last_earnings)}). */
    default boolean needsLastEarnings() {
        return observedMetrics().stream().anyMatch(m -> m instanceof ObservedMetric.ChangeSince c && c.sinceLastEarnings());
    }

    /** The numbers {@code price} is compared with or crosses directly ({@code price crosses below 80000}: 80000), in order of appearance. */
    default List<BigDecimal> priceLevels() {
        return List.of();
    }
}
