package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A literal of a condition compared exactly with {@code BigDecimal} values, fast. {@code BigDecimal.compareTo} is
 * quick only when both sides have the same scale and fit in a {@code long}; a price's scale is whatever its
 * provider printed ({@code 181.84}, {@code 181.83999633789062}), so the literal is kept at every scale it can be
 * written in exactly, and a value is compared with the copy at its own scale.
 */
final class Threshold {
    private static final int SCALES = 19;

    private final BigDecimal value;
    private final BigDecimal[] atScale = new BigDecimal[SCALES];

    Threshold(BigDecimal value) {
        this.value = value;
        for (int s = 0; s < SCALES; s++) {
            try {
                atScale[s] = value.setScale(s, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException notExactAtThisScale) {
                // left null: values of this scale are compared with the literal as written
            }
        }
    }

    BigDecimal value() {
        return value;
    }

    /** Exactly {@code x.compareTo(value())}. */
    int compareFrom(BigDecimal x) {
        int s = x.scale();
        if (s >= 0 && s < SCALES) {
            BigDecimal t = atScale[s];
            if (t != null) {
                return x.compareTo(t);
            }
        }
        return x.compareTo(value);
    }
}
