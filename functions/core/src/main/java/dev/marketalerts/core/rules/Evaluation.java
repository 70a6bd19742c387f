package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of evaluating a condition once: TRUE / FALSE / UNKNOWN, the observed values that explain
 * it (keyed by the metric's text, e.g. {@code price}, {@code change(1d)}, in order of appearance), the
 * values each crossing must remember for the next evaluation (keyed by {@link Condition} node key),
 * and the as-of instant of the data used.
 */
public record Evaluation(TriState result, Map<String, BigDecimal> observed, Map<String, BigDecimal> crossingValues, Instant dataAsOf) {
    public Evaluation {
        observed = Collections.unmodifiableMap(new LinkedHashMap<>(observed));
        crossingValues = Collections.unmodifiableMap(new LinkedHashMap<>(crossingValues));
    }
}
