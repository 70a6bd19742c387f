package dev.marketalerts.core.config;

import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code earnings:} block of a rule: reminder offsets in calendar days before the report date,
 * whether to report date changes, and the |EPS surprise| threshold as a fraction (null = off).
 */
public record EarningsRule(List<Integer> remindDays, boolean dateChange, BigDecimal surprise) {
    public EarningsRule {
        remindDays = List.copyOf(remindDays);
    }

    public int maxRemindDays() {
        return remindDays.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
