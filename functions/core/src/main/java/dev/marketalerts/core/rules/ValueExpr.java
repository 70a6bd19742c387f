package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** A numeric node of a condition; {@link #value} is null when UNKNOWN (any unknown operand makes the result unknown). */
sealed interface ValueExpr {

    BigDecimal value(EvalScope s);

    /** Computes the value without the per-evaluation cache (called by the cache for observed nodes). */
    default BigDecimal compute(EvalScope s) {
        return value(s);
    }

    /** True when the node uses no metric (a literal threshold). */
    boolean isConstant();

    int barsNeeded();

    /** A literal: {@code 80000}, {@code 1.5}, or {@code 8%} (value 0.08, text as written). */
    record Num(BigDecimal number, String text) implements ValueExpr {
        public Num {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public BigDecimal value(EvalScope s) {
            return number;
        }

        @Override
        public boolean isConstant() {
            return true;
        }

        @Override
        public int barsNeeded() {
            return 0;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    record Product(ValueExpr left, ValueExpr right) implements ValueExpr {
        public Product {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public BigDecimal value(EvalScope s) {
            BigDecimal l = left.value(s);
            BigDecimal r = right.value(s);
            return l == null || r == null ? null : l.multiply(r);
        }

        @Override
        public boolean isConstant() {
            return left.isConstant() && right.isConstant();
        }

        @Override
        public int barsNeeded() {
            return Math.max(left.barsNeeded(), right.barsNeeded());
        }

        @Override
        public String toString() {
            return left + " * " + (right instanceof Product ? "(" + right + ")" : right.toString());
        }
    }

    record Negate(ValueExpr operand) implements ValueExpr {
        public Negate {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public BigDecimal value(EvalScope s) {
            BigDecimal v = operand.value(s);
            return v == null ? null : v.negate();
        }

        @Override
        public boolean isConstant() {
            return operand.isConstant();
        }

        @Override
        public int barsNeeded() {
            return operand.barsNeeded();
        }

        @Override
        public String toString() {
            return "-" + (operand instanceof Product ? "(" + operand + ")" : operand.toString());
        }
    }

    /** {@code abs(x)}; observed under its text, cached in {@code slot}. */
    record Abs(ValueExpr operand, String text, int slot) implements ValueExpr {
        public Abs {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public BigDecimal value(EvalScope s) {
            return s.cached(slot, this);
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            BigDecimal v = operand.value(s);
            return v == null ? null : v.abs();
        }

        @Override
        public boolean isConstant() {
            return operand.isConstant();
        }

        @Override
        public int barsNeeded() {
            return operand.barsNeeded();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A metric leaf; observed under its canonical text, cached in {@code slot}. Equal metrics share one instance, so
     * that a {@link MetricContext} finds a value another rule computed by comparing references.
     */
    record MetricRef(Metric metric, String text, int slot) implements ValueExpr {
        /**
         * One instance of each distinct metric the process parses (the configuration's: a few dozen in practice), by its
         * canonical text: a String's hash, not a record's, which a cold start would bootstrap through method handles.
         */
        private static final ConcurrentHashMap<String, Metric> CANONICAL = new ConcurrentHashMap<>();

        public MetricRef {
            Objects.requireNonNull(metric, "metric");
            Metric known = CANONICAL.putIfAbsent(metric.toString(), metric);
            metric = known != null ? known : metric;
            Objects.requireNonNull(text, "text");
        }

        @Override
        public BigDecimal value(EvalScope s) {
            return s.cached(slot, this);
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            return s.metric(metric);
        }

        @Override
        public boolean isConstant() {
            return false;
        }

        @Override
        public int barsNeeded() {
            return metric.barsNeeded();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
