package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.AlertKind;

/**
 * Stable alert ids (docs/DESIGN.md, the delivery protocol): {@code rule:symbol:kind:occurrence}. The occurrence names the episode
 * (the n-th firing of an on-change rule, the exchange day of a daily rule, the report date and
 * offset of a reminder); the scheduled time of the tick never enters it, so every retry and every
 * concurrent copy of a tick derives the same id.
 */
public final class AlertIds {
    private AlertIds() {
    }

    public static String of(String ruleId, String symbol, AlertKind kind, String occurrence) {
        if (occurrence == null || occurrence.isBlank()) {
            throw new IllegalArgumentException("an alert id needs an occurrence");
        }
        return ruleId + ":" + symbol + ":" + kind.wireName() + ":" + occurrence;
    }
}
