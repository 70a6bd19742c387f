package dev.marketalerts.core.config;

import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.Rearm;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One rule of alerts.yaml. Exactly one of {@code condition} (from {@code when:}) and {@code earnings}
 * is set. {@code rearm}, {@code cooldown} and {@code expires} may be null.
 */
public record RuleConfig(
        String id,
        List<String> symbols,
        Condition condition,
        EarningsRule earnings,
        Trigger trigger,
        Rearm rearm,
        Duration cooldown,
        Severity severity,
        LocalDate expires) {

    public RuleConfig {
        Objects.requireNonNull(id, "id");
        symbols = List.copyOf(symbols);
        trigger = trigger == null ? Trigger.ON_CHANGE : trigger;
        severity = severity == null ? Severity.INFO : severity;
        if ((condition == null) == (earnings == null)) {
            throw new IllegalArgumentException("rule " + id + " needs exactly one of when and earnings");
        }
    }

    public boolean isEarnings() {
        return earnings != null;
    }
}
