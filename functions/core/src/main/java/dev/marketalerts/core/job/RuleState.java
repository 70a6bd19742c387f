package dev.marketalerts.core.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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

    // written out, with the values the record's own would give: the generated ones are bootstrapped through method handles
    // on first use, which a cold Lambda container pays on every start (the job compares every rule's next state with its last)
    @Override
    public boolean equals(Object o) {
        return o instanceof RuleState s && Objects.equals(lastResult, s.lastResult) && armed == s.armed && episodes == s.episodes
                && Objects.equals(lastFiredAt, s.lastFiredAt) && Objects.equals(lastFiredDay, s.lastFiredDay)
                && Objects.equals(crossingValues, s.crossingValues) && Objects.equals(lastEvaluatedAt, s.lastEvaluatedAt);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(lastResult);
        h = 31 * h + Boolean.hashCode(armed);
        h = 31 * h + Integer.hashCode(episodes);
        h = 31 * h + Objects.hashCode(lastFiredAt);
        h = 31 * h + Objects.hashCode(lastFiredDay);
        h = 31 * h + Objects.hashCode(crossingValues);
        return 31 * h + Objects.hashCode(lastEvaluatedAt);
    }
}
