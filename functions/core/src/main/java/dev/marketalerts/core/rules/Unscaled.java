package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A decimal as an unscaled {@code long} and a scale from 0 to {@link Threshold#SCALES} - 1, the form the cheap checks
 * compare: what {@link MetricContext} settles once per symbol and tick for the price, the session's open and the
 * values it keeps. {@link #NONE} (-1) is the scale of a decimal without that form (another scale, or beyond a long).
 */
final class Unscaled {
    static final int NONE = -1;
    /** Compared by identity: the two decimals could not be compared as longs. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;
    /** 10^0 .. 10^18, the powers of ten a long holds. */
    private static final long[] TEN_TO = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < TEN_TO.length; i++) {
            TEN_TO[i] = p;
            p *= 10;
        }
    }

    private Unscaled() {
    }

    /** The scale of {@code d} when it has the form, else {@link #NONE} (also for null). */
    static int scaleOf(BigDecimal d) {
        if (d == null || d.scale() < 0 || d.scale() >= Threshold.SCALES) {
            return NONE;
        }
        return d.unscaledValue().bitLength() < Long.SIZE ? d.scale() : NONE;
    }

    /** The unscaled value of {@code d} when {@link #scaleOf} gives a scale, else 0. */
    static long unscaledOf(BigDecimal d) {
        if (scaleOf(d) == NONE) {
            return 0;
        }
        BigInteger u = d.unscaledValue();
        return u.longValue();
    }

    /**
     * The sign of {@code a * 10^-scaleA - b * 10^-scaleB} (both scales from 0 to {@link Threshold#SCALES} - 1), or
     * {@link #INCOMPARABLE} when bringing them to one scale overflows a long.
     */
    static int compare(long a, int scaleA, long b, int scaleB) {
        if (scaleA == scaleB) {
            return Long.compare(a, b);
        }
        if (scaleA < scaleB) {
            long up = up(a, scaleB - scaleA);
            return up == Long.MIN_VALUE ? INCOMPARABLE : Long.compare(up, b);
        }
        long up = up(b, scaleA - scaleB);
        return up == Long.MIN_VALUE ? INCOMPARABLE : Long.compare(a, up);
    }

    /** {@code u * 10^digits}, or Long.MIN_VALUE when it does not fit (nor is it ever a result: |u * 10^k| < 2^63). */
    private static long up(long u, int digits) {
        if (digits >= TEN_TO.length) {
            return u == 0 ? 0 : Long.MIN_VALUE;
        }
        long p = TEN_TO[digits];
        long bound = Long.MAX_VALUE / p;
        return u > bound || u < -bound ? Long.MIN_VALUE : u * p;
    }
}
