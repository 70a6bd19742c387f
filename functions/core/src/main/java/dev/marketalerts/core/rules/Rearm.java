package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Hysteresis after a rule fired: a fraction of the threshold ({@code rearm: 2%}, percent = true,
 * value 0.02) or an absolute amount ({@code rearm: 1500}).
 */
public record Rearm(BigDecimal value, boolean percent) {
    public Rearm {
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("rearm must not be negative");
        }
    }

    /** How far past {@code threshold} (in the non-firing direction) the value must go to re-arm. */
    public BigDecimal band(BigDecimal threshold) {
        return percent ? threshold.abs().multiply(value) : value;
    }
}
