package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Condition} built by {@link ConditionParser}: the tree plus what was precomputed at parse time (observed
 * names in order of appearance, crossing keys, bars needed). Equal when the canonical text is equal.
 */
final class ParsedCondition implements Condition {
    private final String text;
    private final BoolExpr root;
    private final String canonical;
    private final String[] slotNames;
    private final Metric[] slotMetrics;
    /** The observed values in order of appearance, with their facts. */
    private final List<ObservedMetric> observedMetrics;
    private final int[] observedOrder;
    private final String[] crossingKeys;
    private final int barsNeeded;
    /** For {@code price OP number} (either way round, price taken to the left): the comparison, decided fast. */
    private final Threshold priceThreshold;
    /**
     * For a comparison whose sides are each a number, the price or an indicator the context keeps
     * ({@code price > sma(50)}, {@code volume > 1.5 * avg_volume(20)}): decided from the context's values once it holds
     * them, where {@link #fastComparison} does not decide it.
     */
    private final BoolExpr.Comparison plainComparison;
    /** For volume, open or a kept value against a number, and the price against the open: decided with longs. */
    private final FastComparison fastComparison;
    /** For {@code price crosses above|below number}: its level, computed fast. */
    private final PriceLevel priceCrossing;
    private final boolean priceCrossingAbove;

    ParsedCondition(String text, BoolExpr root, List<String> slotNames, List<Metric> slotMetrics,
                    List<ObservedMetric> slotFacts, int[] observedOrder, List<String> crossingKeys) {
        this.text = Objects.requireNonNull(text, "text");
        this.root = Objects.requireNonNull(root, "root");
        this.canonical = root.toString();
        this.slotNames = slotNames.toArray(String[]::new);
        this.slotMetrics = slotMetrics.toArray(Metric[]::new);
        this.observedOrder = observedOrder.clone();
        List<ObservedMetric> observed = new ArrayList<>();
        for (int slot : observedOrder) {
            observed.add(slotFacts.get(slot));
        }
        this.observedMetrics = List.copyOf(observed);
        this.crossingKeys = crossingKeys.toArray(String[]::new);
        this.barsNeeded = Math.max(1, root.barsNeeded());
        Threshold threshold = null;
        if (root instanceof BoolExpr.Comparison c && slotNames.size() == 1) {
            if (isPrice(c.left()) && c.right() instanceof ValueExpr.Num n) {
                threshold = new Threshold(c.op(), n.number());
            } else if (c.left() instanceof ValueExpr.Num n && isPrice(c.right())) {
                threshold = new Threshold(c.op().mirrored(), n.number());
            }
        }
        this.priceThreshold = threshold;
        this.plainComparison = threshold == null && root instanceof BoolExpr.Comparison c && isPlain(c.left()) && isPlain(c.right())
                && !(c.left().isConstant() && c.right().isConstant()) ? c : null;
        this.fastComparison = threshold == null && root instanceof BoolExpr.Comparison c ? FastComparison.of(c) : null;
        if (root instanceof BoolExpr.Crossing c && isPrice(c.subject()) && c.threshold() instanceof ValueExpr.Num n) {
            this.priceCrossing = new PriceLevel(n.number());
            this.priceCrossingAbove = c.above();
        } else {
            this.priceCrossing = null;
            this.priceCrossingAbove = false;
        }
    }

    /**
     * A number, the price, the session's open or volume, an indicator the context keeps, or the product or absolute
     * value of such: what {@link #plainValue} reads straight from the context.
     */
    private static boolean isPlain(ValueExpr e) {
        if (e instanceof ValueExpr.MetricRef m) {
            return m.metric() instanceof Metric.Price || m.metric() instanceof Metric.Open || m.metric() instanceof Metric.Volume
                    || m.metric().sharedPerTick();
        }
        if (e instanceof ValueExpr.Product p) {
            return isPlain(p.left()) && isPlain(p.right());
        }
        if (e instanceof ValueExpr.Abs a) {
            return isPlain(a.operand());
        }
        return e instanceof ValueExpr.Num;
    }

    private static boolean isPrice(ValueExpr e) {
        return e instanceof ValueExpr.MetricRef m && m.metric() instanceof Metric.Price;
    }

    @Override
    public String text() {
        return text;
    }

    BoolExpr root() {
        return root;
    }

    /** The keys under which {@link Evaluation#crossingValues()} reports each crossing, in order of appearance. */
    @Override
    public List<String> crossingKeys() {
        return List.of(crossingKeys);
    }

    @Override
    public Evaluation evaluate(MetricContext context, Map<String, BigDecimal> previousCrossingValues) {
        Objects.requireNonNull(context, "context");
        TriState decided = priceDecision(context);
        if (decided != null && context.freshPrice != null) {
            return new Evaluation(decided, Collections.singletonMap(slotNames[0], context.freshPrice), Collections.emptyMap(),
                    context.dataAsOf());
        }
        if (priceCrossing != null && context.freshPrice != null) {
            BigDecimal level = priceCrossing.of(context);
            TriState crossed = crossed(level, previousCrossingValues);
            if (crossed != TriState.UNKNOWN) {
                return new Evaluation(crossed, Collections.singletonMap(slotNames[0], context.freshPrice),
                        Collections.singletonMap(crossingKeys[0], level), context.dataAsOf());
            }
        }
        EvalScope scope = new EvalScope(context, slotNames.length, crossingKeys.length,
                previousCrossingValues == null ? Map.of() : previousCrossingValues);
        TriState result = root.evaluate(scope);
        return new Evaluation(result, observed(scope), crossings(scope), scope.dataAsOf(),
                result == TriState.UNKNOWN ? whyUnknown(scope) : null);
    }

    /** Why the first unknown value (in order of appearance) is unknown. */
    private String whyUnknown(EvalScope scope) {
        for (int slot : observedOrder) {
            if (scope.slotValue(slot) == null && slotMetrics[slot] != null) {
                String why = UnknownReasons.of(slotMetrics[slot], scope);
                return slotNames[slot] + " unknown: " + why;
            }
        }
        return "the condition could not be decided from the data held";
    }

    /** Why the price is unknown at {@code context}'s instant, or null when it is known. */
    static String priceProblem(MetricContext context) {
        EvalScope scope = new EvalScope(context, 0, 0, Map.of());
        return scope.price() != null ? null : UnknownReasons.price(scope);
    }

    @Override
    public TriState check(MetricContext context, Map<String, BigDecimal> previousCrossingValues) {
        Objects.requireNonNull(context, "context");
        TriState decided = priceDecision(context);
        return decided != null ? decided : checkBeyondThreshold(context, previousCrossingValues, null);
    }

    @Override
    public TriState check(MetricContext context, Map<String, BigDecimal> previousCrossingValues, BigDecimal[] crossingValues) {
        Objects.requireNonNull(context, "context");
        TriState decided = priceDecision(context);
        return decided != null ? decided : checkBeyondThreshold(context, previousCrossingValues, crossingValues);
    }

    /**
     * {@link #check} for what is not {@code price OP number}, apart, so that the threshold's path stays small enough to
     * inline. Its shape matters: with the fast paths split into methods of their own, or dispatched from {@code check},
     * the threshold check took 2.3 to 3.2 times as long as the original code in JMH (bench/RESULTS.md part 6).
     */
    private TriState checkBeyondThreshold(MetricContext context, Map<String, BigDecimal> previousCrossingValues, BigDecimal[] crossingValues) {
        TriState decided;
        if (fastComparison != null) {
            decided = fastComparison.decide(context);
            if (decided != null) {
                return decided;
            }
        }
        if (plainComparison != null) {
            decided = plainDecision(context);
            if (decided != null) {
                return decided;
            }
        }
        if (priceCrossing != null && context.freshPrice != null) {
            BigDecimal level = priceCrossing.of(context);
            if (crossingValues != null) {
                crossingValues[0] = level;
            }
            return crossed(level, previousCrossingValues);
        }
        if (crossingValues == null || crossingKeys.length == 0) {
            return root.evaluate(new EvalScope(context, slotNames.length, crossingKeys.length,
                    previousCrossingValues == null ? Map.of() : previousCrossingValues));
        }
        Arrays.fill(crossingValues, 0, crossingKeys.length, null);
        return root.evaluate(new EvalScope(context, slotNames.length, crossingValues,
                previousCrossingValues == null ? Map.of() : previousCrossingValues));
    }

    /** The price crossing's decision: its current {@code level} against the one remembered, UNKNOWN when none is. */
    private TriState crossed(BigDecimal level, Map<String, BigDecimal> previousCrossingValues) {
        BigDecimal before = previousCrossingValues == null ? null : previousCrossingValues.get(crossingKeys[0]);
        if (before == null) {
            return TriState.UNKNOWN;
        }
        return TriState.of(priceCrossingAbove
                ? before.signum() <= 0 && level.signum() > 0
                : before.signum() >= 0 && level.signum() < 0);
    }

    /**
     * The plain comparison decided from the values the context holds; null when a side is not computed yet, or is the
     * price and the quote is stale or not positive (the full rules decide).
     */
    private TriState plainDecision(MetricContext context) {
        BigDecimal left = plainValue(plainComparison.left(), context);
        BigDecimal right = plainValue(plainComparison.right(), context);
        if (left == MetricContext.NOT_KEPT || right == MetricContext.NOT_KEPT) {
            return null;
        }
        return left == null || right == null ? TriState.UNKNOWN : TriState.of(plainComparison.op().test(left.compareTo(right)));
    }

    /**
     * The value of a {@linkplain #isPlain plain} node, computed as the node computes it: null when unknown,
     * {@link MetricContext#NOT_KEPT} when an indicator is not computed yet or the price is not fresh.
     */
    private static BigDecimal plainValue(ValueExpr e, MetricContext context) {
        if (e instanceof ValueExpr.Num n) {
            return n.number();
        }
        if (e instanceof ValueExpr.MetricRef m) {
            Metric metric = m.metric();
            if (metric instanceof Metric.Price) {
                return context.freshPrice != null ? context.freshPrice : MetricContext.NOT_KEPT;
            }
            if (metric instanceof Metric.Open) {
                return Metric.Open.of(context.session().bar());
            }
            if (metric instanceof Metric.Volume) {
                return Metric.Volume.of(context.session().bar());
            }
            return context.kept(metric);
        }
        if (e instanceof ValueExpr.Product p) {
            BigDecimal l = plainValue(p.left(), context);
            BigDecimal r = plainValue(p.right(), context);
            if (l == MetricContext.NOT_KEPT || r == MetricContext.NOT_KEPT) {
                return MetricContext.NOT_KEPT;
            }
            return l == null || r == null ? null : l.multiply(r);
        }
        BigDecimal v = plainValue(((ValueExpr.Abs) e).operand(), context);
        return v == null || v == MetricContext.NOT_KEPT ? v : v.abs();
    }

    /**
     * {@code price OP number} decided from what the context settled once for the symbol; null when it is another
     * condition, or the quote is stale or not positive (the full rules decide: a closing print stays current while
     * the market is closed).
     */
    private TriState priceDecision(MetricContext context) {
        if (priceThreshold == null) {
            return null;
        }
        if (context.freshScale >= 0) {
            return TriState.of(priceThreshold.holds(context.freshUnscaled, context.freshScale));
        }
        if (context.freshPrice != null) {
            return TriState.of(priceThreshold.holds(context.freshPrice));
        }
        return context.snapshot().quote() == null ? TriState.UNKNOWN : null;
    }

    @Override
    public boolean remembersCrossings() {
        return crossingKeys.length > 0;
    }

    /** The known observed values in order of appearance (a one-value map without a LinkedHashMap: the common case). */
    private Map<String, BigDecimal> observed(EvalScope scope) {
        if (observedOrder.length == 1) {
            BigDecimal v = scope.slotValue(observedOrder[0]);
            return v == null ? Collections.emptyMap() : Collections.singletonMap(slotNames[observedOrder[0]], v);
        }
        Map<String, BigDecimal> observed = new LinkedHashMap<>();
        for (int slot : observedOrder) {
            BigDecimal v = scope.slotValue(slot);
            if (v != null) {
                observed.put(slotNames[slot], v);
            }
        }
        return observed;
    }

    private Map<String, BigDecimal> crossings(EvalScope scope) {
        return crossingValues(scope.crossings);
    }

    @Override
    public Map<String, BigDecimal> crossingValues(BigDecimal[] values) {
        if (crossingKeys.length == 0) {
            return Collections.emptyMap();
        }
        if (crossingKeys.length == 1) {
            BigDecimal v = values[0];
            return v == null ? Collections.emptyMap() : Collections.singletonMap(crossingKeys[0], v);
        }
        Map<String, BigDecimal> crossings = new LinkedHashMap<>();
        for (int i = 0; i < crossingKeys.length; i++) {
            if (values[i] != null) {
                crossings.put(crossingKeys[i], values[i]);
            }
        }
        return crossings;
    }

    @Override
    public TriState holdsLoosened(MetricContext context, Rearm rearm) {
        Objects.requireNonNull(context, "context");
        return root.loosened(new EvalScope(context, slotNames.length, crossingKeys.length, Map.of()), rearm, false);
    }

    @Override
    public List<ObservedMetric> observedMetrics() {
        return observedMetrics;
    }

    @Override
    public List<BigDecimal> priceLevels() {
        List<BigDecimal> levels = new ArrayList<>();
        collectPriceLevels(root, levels);
        return List.copyOf(levels);
    }

    private static void collectPriceLevels(BoolExpr node, List<BigDecimal> levels) {
        if (node instanceof BoolExpr.Comparison c) {
            priceLevel(c.left(), c.right(), levels);
        } else if (node instanceof BoolExpr.Crossing c) {
            priceLevel(c.subject(), c.threshold(), levels);
        } else if (node instanceof BoolExpr.And a) {
            a.operands().forEach(o -> collectPriceLevels(o, levels));
        } else if (node instanceof BoolExpr.Or o) {
            o.operands().forEach(e -> collectPriceLevels(e, levels));
        } else if (node instanceof BoolExpr.Not n) {
            collectPriceLevels(n.operand(), levels);
        }
    }

    private static void priceLevel(ValueExpr a, ValueExpr b, List<BigDecimal> levels) {
        if (isPrice(a) && b instanceof ValueExpr.Num n) {
            levels.add(n.number());
        } else if (isPrice(b) && a instanceof ValueExpr.Num n) {
            levels.add(n.number());
        }
    }

    @Override
    public int barsNeeded() {
        return barsNeeded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedCondition other && canonical.equals(other.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /** The canonical text: single spaces, no redundant parentheses, keys as in {@link Evaluation#observed()}. */
    @Override
    public String toString() {
        return canonical;
    }
}
