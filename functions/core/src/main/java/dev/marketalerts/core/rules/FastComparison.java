package dev.marketalerts.core.rules;

import java.math.BigDecimal;

/**
 * A comparison decided with {@code long} comparisons from what the {@link MetricContext} settles once per symbol and
 * tick: the session's volume or open, or a value the context keeps (gap, change, change_since, the indicators),
 * against a number, the absolute value of a kept value against a number (two bounds: {@code abs(x) > t} is
 * {@code x > t or x < -t}), and the price against the open. Exact, as {@link BigDecimal#compareTo}.
 */
final class FastComparison {
    // The kinds, as ints: a switch on an enum reads its ordinal through a lookup table first.
    private static final int KEPT = 0;
    private static final int ABS_KEPT = 1;
    private static final int VOLUME = 2;
    private static final int OPEN = 3;
    private static final int PRICE_OPEN = 4;

    private final int kind;
    /** The kept metric ({@link #KEPT}, {@link #ABS_KEPT}) and its identity hash, looked up once. */
    private final Metric metric;
    private final int metricHash;
    /** {@code value OP number}, the number taken to the right. */
    private final Threshold threshold;
    /** {@link #ABS_KEPT}: {@code value OP' -number}, OP' the operator mirrored. */
    private final Threshold lower;
    private final BoolExpr.Op op;

    private FastComparison(int kind, Metric metric, BoolExpr.Op op, BigDecimal number) {
        this.kind = kind;
        this.metric = metric;
        this.metricHash = metric == null ? 0 : System.identityHashCode(metric);
        this.op = op;
        this.threshold = number == null ? null : new Threshold(op, number);
        this.lower = kind == ABS_KEPT ? new Threshold(op.mirrored(), number.negate()) : null;
    }

    /** The fast form of {@code c}, or null when it has none. */
    static FastComparison of(BoolExpr.Comparison c) {
        FastComparison f = of(c.left(), c.op(), c.right());
        return f != null ? f : of(c.right(), c.op().mirrored(), c.left());
    }

    private static FastComparison of(ValueExpr left, BoolExpr.Op op, ValueExpr right) {
        BigDecimal number = constant(right);
        Metric m = left instanceof ValueExpr.MetricRef ref ? ref.metric() : null;
        if (number != null) {
            if (m instanceof Metric.Volume) {
                return new FastComparison(VOLUME, null, op, number);
            }
            if (m instanceof Metric.Open) {
                return new FastComparison(OPEN, null, op, number);
            }
            if (m != null && m.sharedPerTick()) {
                return new FastComparison(KEPT, m, op, number);
            }
            if (left instanceof ValueExpr.Abs a && a.operand() instanceof ValueExpr.MetricRef ref && ref.metric().sharedPerTick()) {
                return new FastComparison(ABS_KEPT, ref.metric(), op, number);
            }
            return null;
        }
        if (m instanceof Metric.Price && right instanceof ValueExpr.MetricRef r && r.metric() instanceof Metric.Open) {
            return new FastComparison(PRICE_OPEN, null, op, null);
        }
        return null;
    }

    /** The value of a node without metrics (a literal, negated or multiplied), or null for any other node. */
    private static BigDecimal constant(ValueExpr e) {
        if (e instanceof ValueExpr.Num n) {
            return n.number();
        }
        if (e instanceof ValueExpr.Negate n) {
            BigDecimal v = constant(n.operand());
            return v == null ? null : v.negate();
        }
        if (e instanceof ValueExpr.Product p) {
            BigDecimal l = constant(p.left());
            BigDecimal r = constant(p.right());
            return l == null || r == null ? null : l.multiply(r);
        }
        return null;
    }

    /**
     * The decision, or null when the full rules decide: a kept value not computed on this context yet, or for the
     * price a quote that is not fresh (a closing print stays current while the market is closed).
     */
    TriState decide(MetricContext context) {
        return switch (kind) {
            case KEPT -> kept(context);
            case ABS_KEPT -> absKept(context);
            case VOLUME -> volume(context.session());
            case OPEN -> open(context.session());
            default -> priceOpen(context);
        };
    }

    private TriState kept(MetricContext context) {
        MetricContext.Kept k = context.keptEntry(metric, metricHash);
        if (k == null) {
            return null;
        }
        if (k.scale >= 0) {
            return TriState.of(threshold.holds(k.unscaled, k.scale));
        }
        return k.value == null ? TriState.UNKNOWN : TriState.of(threshold.holds(k.value));
    }

    private TriState absKept(MetricContext context) {
        MetricContext.Kept k = context.keptEntry(metric, metricHash);
        if (k == null) {
            return null;
        }
        if (k.scale >= 0) {
            boolean beyond = threshold.holds(k.unscaled, k.scale);
            boolean within = lower.holds(k.unscaled, k.scale);
            return TriState.of(op.isLess() ? beyond && within : beyond || within);
        }
        if (k.value == null) {
            return TriState.UNKNOWN;
        }
        return TriState.of(op.isLess() ? threshold.holds(k.value) && lower.holds(k.value) : threshold.holds(k.value) || lower.holds(k.value));
    }

    private TriState volume(MetricContext.Session s) {
        return s.volumeKnown() ? TriState.of(threshold.holds(s.volume(), 0)) : TriState.UNKNOWN;
    }

    private TriState open(MetricContext.Session s) {
        if (s.openScale() >= 0) {
            return TriState.of(threshold.holds(s.openUnscaled(), s.openScale()));
        }
        BigDecimal open = Metric.Open.of(s.bar());
        return open == null ? TriState.UNKNOWN : TriState.of(threshold.holds(open));
    }

    private TriState priceOpen(MetricContext context) {
        if (context.freshPrice == null) {
            return null;
        }
        MetricContext.Session s = context.session();
        if (context.freshScale >= 0 && s.openScale() >= 0) {
            int c = Unscaled.compare(context.freshUnscaled, context.freshScale, s.openUnscaled(), s.openScale());
            if (c != Unscaled.INCOMPARABLE) {
                return TriState.of(op.test(c));
            }
        }
        BigDecimal open = Metric.Open.of(s.bar());
        return open == null ? TriState.UNKNOWN : TriState.of(op.test(context.freshPrice.compareTo(open)));
    }
}
