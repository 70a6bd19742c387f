package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * {@code price OP literal}, decided exactly and fast. A price's scale is whatever its provider printed ({@code 181.84},
 * {@code 181.83999633789062}); {@link MetricContext} turns it into an unscaled {@code long} and a scale once per symbol
 * and tick. For each scale the comparison with the literal is then one {@code long} comparison with a precomputed
 * bound: with {@code f = floor(literal * 10^scale)}, {@code u > literal} is {@code u > f}, {@code u >= literal} is
 * {@code u > f - 1} when {@code f} is exact (else {@code u > f}), {@code u < literal} is {@code u < f} when exact
 * (else {@code u < f + 1}), and {@code u <= literal} is {@code u < f + 1}.
 */
final class Threshold {
    /**
     * Scales 0..31 are precomputed, while the bound fits a long; other scales, or a bound beyond a long, compare
     * BigDecimals. A {@code DECIMAL64} quotient (a change, the gap) has 16 digits, so a change of 0.01% has scale 20.
     */
    static final int SCALES = 32;

    private final BoolExpr.Op op;
    private final BigDecimal value;
    private final boolean above;
    /** The bound at each scale from 0 while it fits a long (it grows with the scale). */
    private final long[] boundAt;

    Threshold(BoolExpr.Op op, BigDecimal value) {
        this.op = op;
        this.value = value;
        this.above = !op.isLess();
        long[] bounds = new long[SCALES];
        int fitting = 0;
        while (fitting < SCALES) {
            BigDecimal floor = value.setScale(fitting, RoundingMode.FLOOR);
            boolean exact = floor.compareTo(value) == 0;
            BigInteger f = floor.unscaledValue();
            BigInteger bound = switch (op) {
                case GT -> f;
                case GE -> exact ? f.subtract(BigInteger.ONE) : f;
                case LT -> exact ? f : f.add(BigInteger.ONE);
                case LE -> f.add(BigInteger.ONE);
            };
            if (bound.bitLength() >= Long.SIZE) {
                break;
            }
            bounds[fitting++] = bound.longValue();
        }
        this.boundAt = java.util.Arrays.copyOf(bounds, fitting);
    }

    /** Whether {@code x OP literal}. */
    boolean holds(BigDecimal x) {
        return op.test(x.compareTo(value));
    }

    /** Whether {@code unscaled * 10^-scale OP literal}, for {@code 0 <= scale < SCALES}. */
    boolean holds(long unscaled, int scale) {
        long[] bounds = boundAt;
        if (scale >= bounds.length) {
            return holds(BigDecimal.valueOf(unscaled, scale));
        }
        return above ? unscaled > bounds[scale] : unscaled < bounds[scale];
    }
}
