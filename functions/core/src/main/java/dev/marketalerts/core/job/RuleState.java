package dev.marketalerts.core.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a price rule remembers between ticks, per symbol: the last known result (null before the first
 * known evaluation), whether it is armed, how many times it fired (the episode counter that alert ids
 * use), when and on which exchange day it last fired, and each crossing's previous value.
 */
public record RuleState(
        Boolean lastResult,
        boolean armed,
        int episodes,
        Instant lastFiredAt,
        LocalDate lastFiredDay,
        Map<String, BigDecimal> crossingValues,
        Instant lastEvaluatedAt) {

    public static final RuleState INITIAL = new RuleState(null, true, 0, null, null, Map.of(), null);

    public RuleState {
        crossingValues = Collections.unmodifiableMap(new LinkedHashMap<>(crossingValues == null ? Map.of() : crossingValues));
    }
}
