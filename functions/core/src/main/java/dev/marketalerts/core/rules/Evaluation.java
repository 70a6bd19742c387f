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
 * the as-of instant of the data used, and for UNKNOWN why the value was not known (null otherwise).
 */
public record Evaluation(TriState result, Map<String, BigDecimal> observed, Map<String, BigDecimal> crossingValues, Instant dataAsOf,
                         String unknownReason) {
    private static final Class<?> EMPTY = Collections.emptyMap().getClass();
    private static final Class<?> SINGLETON = Collections.singletonMap("", "").getClass();

    public Evaluation {
        observed = frozen(observed);
        crossingValues = frozen(crossingValues);
        if (result != TriState.UNKNOWN) {
            unknownReason = null;
        }
    }

    public Evaluation(TriState result, Map<String, BigDecimal> observed, Map<String, BigDecimal> crossingValues, Instant dataAsOf) {
        this(result, observed, crossingValues, dataAsOf, null);
    }

    /** An UNKNOWN decision taken without evaluating (the symbol's data could not be fetched), with its reason. */
    public static Evaluation unknown(String reason, Instant dataAsOf) {
        return new Evaluation(TriState.UNKNOWN, Map.of(), Map.of(), dataAsOf, reason);
    }

    /**
     * An unmodifiable copy in the same order. Most evaluations observe one value and remember at most one crossing,
     * so the empty and one-entry cases avoid a LinkedHashMap (the evaluator's hot path); the JDK's empty and
     * singleton maps are immutable and kept as they are.
     */
    static <K, V> Map<K, V> frozen(Map<K, V> m) {
        Class<?> type = m.getClass();
        if (type == EMPTY || type == SINGLETON) {
            return m;
        }
        return switch (m.size()) {
            case 0 -> Collections.emptyMap();
            case 1 -> {
                Map.Entry<K, V> e = m.entrySet().iterator().next();
                yield Collections.singletonMap(e.getKey(), e.getValue());
            }
            default -> Collections.unmodifiableMap(new LinkedHashMap<>(m));
        };
    }
}
