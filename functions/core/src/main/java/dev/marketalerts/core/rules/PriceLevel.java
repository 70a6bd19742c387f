package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * {@code price - literal}, the level of {@code price crosses above|below literal}, exactly as
 * {@link BigDecimal#subtract} gives it (value and scale) but from the unscaled {@code long} price {@link MetricContext}
 * settles once per symbol and tick: for each price scale from the literal's own up to {@link Threshold#SCALES}, the
 * literal is precomputed as an unscaled {@code long} at that scale, so a level is one subtraction of longs.
 */
final class PriceLevel {
    private final BigDecimal literal;
    /** The first price scale served from {@link #literalAt}: the literal's scale, or 0. */
    private final int fromScale;
    /** The literal's unscaled value at each scale from {@link #fromScale}, while it fits a long. */
    private final long[] literalAt;

    PriceLevel(BigDecimal literal) {
        this.literal = literal;
        this.fromScale = Math.max(0, literal.scale());
        long[] at = new long[Threshold.SCALES];
        int fitting = fromScale;
        while (fitting < Threshold.SCALES) {
            BigInteger u = literal.setScale(fitting).unscaledValue();
            if (u.bitLength() >= Long.SIZE) {
                break;
            }
            at[fitting++] = u.longValue();
        }
        this.literalAt = java.util.Arrays.copyOf(at, fitting);
    }

    /** {@code price - literal} for the context's fresh price (which must not be null). */
    BigDecimal of(MetricContext context) {
        int scale = context.freshScale;
        if (scale >= fromScale && scale < literalAt.length) {
            long u = context.freshUnscaled;
            long t = literalAt[scale];
            long d = u - t;
            if (((u ^ t) & (u ^ d)) >= 0) { // no overflow
                return BigDecimal.valueOf(d, scale);
            }
        }
        return context.freshPrice.subtract(literal);
    }
}
