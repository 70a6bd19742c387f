package dev.marketalerts.core.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** A boolean node of a condition, evaluated in Kleene logic. */
sealed interface BoolExpr {

    /** Evaluates all operands (no short-circuit), so that every metric is observed and every crossing remembered. */
    TriState evaluate(EvalScope s);

    /**
     * The hysteresis reading of the node (see {@link Condition#holdsLoosened}). Thresholds move by the rearm band in
     * the direction that makes the node easier to hold, or, under an odd number of {@code not}s ({@code negated}),
     * harder to hold, so that the expression as a whole is always loosened.
     */
    TriState loosened(EvalScope s, Rearm rearm, boolean negated);

    int barsNeeded();

    private static BigDecimal band(Rearm rearm, BigDecimal threshold) {
        return rearm == null ? BigDecimal.ZERO : rearm.band(threshold);
    }

    enum Op {
        GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean test(int comparison) {
            return switch (this) {
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
            };
        }

        boolean isLess() {
            return this == LT || this == LE;
        }

        /** The operator with its sides swapped: {@code a > b} is {@code b < a}. */
        Op mirrored() {
            return switch (this) {
                case GT -> LT;
                case GE -> LE;
                case LT -> GT;
                case LE -> GE;
            };
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    record Comparison(ValueExpr left, Op op, ValueExpr right) implements BoolExpr {
        public Comparison {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public TriState evaluate(EvalScope s) {
            BigDecimal l = left.value(s);
            BigDecimal r = right.value(s);
            return l == null || r == null ? TriState.UNKNOWN : TriState.of(op.test(l.compareTo(r)));
        }

        /**
         * {@code L < R} reads as {@code L < R + band}, {@code L > R} as {@code L > R - band} (inclusive operators stay
         * inclusive), band taken of R. A literal on the left ({@code 85000 > price}) is the threshold instead.
         */
        @Override
        public TriState loosened(EvalScope s, Rearm rearm, boolean negated) {
            BigDecimal l = left.value(s);
            BigDecimal r = right.value(s);
            if (l == null || r == null) {
                return TriState.UNKNOWN;
            }
            boolean thresholdLeft = left.isConstant() && !right.isConstant();
            BigDecimal subject = thresholdLeft ? r : l;
            BigDecimal threshold = thresholdLeft ? l : r;
            Op o = thresholdLeft ? op.mirrored() : op;
            BigDecimal band = band(rearm, threshold);
            BigDecimal moved = o.isLess() != negated ? threshold.add(band) : threshold.subtract(band);
            return TriState.of(o.test(subject.compareTo(moved)));
        }

        @Override
        public int barsNeeded() {
            return Math.max(left.barsNeeded(), right.barsNeeded());
        }

        @Override
        public String toString() {
            return left + " " + op + " " + right;
        }
    }

    /**
     * {@code x crosses above|below T}: compares the current {@code x - T} with the value remembered under {@code key}
     * ({@code #position:text}); {@code index} is the crossing's 0-based position in the expression.
     */
    record Crossing(ValueExpr subject, boolean above, ValueExpr threshold, int index, String key) implements BoolExpr {
        public Crossing {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public TriState evaluate(EvalScope s) {
            BigDecimal x = subject.value(s);
            BigDecimal t = threshold.value(s);
            if (x == null || t == null) {
                return TriState.UNKNOWN;
            }
            BigDecimal now = x.subtract(t);
            s.crossings[index] = now;
            BigDecimal before = s.previousCrossings.get(key);
            if (before == null) {
                return TriState.UNKNOWN;
            }
            return TriState.of(above
                    ? before.signum() <= 0 && now.signum() > 0
                    : before.signum() >= 0 && now.signum() < 0);
        }

        /** Read as the level {@code x > T - band} (above) or {@code x < T + band} (below). */
        @Override
        public TriState loosened(EvalScope s, Rearm rearm, boolean negated) {
            BigDecimal x = subject.value(s);
            BigDecimal t = threshold.value(s);
            if (x == null || t == null) {
                return TriState.UNKNOWN;
            }
            BigDecimal band = band(rearm, t);
            if (above) {
                return TriState.of(x.compareTo(negated ? t.add(band) : t.subtract(band)) > 0);
            }
            return TriState.of(x.compareTo(negated ? t.subtract(band) : t.add(band)) < 0);
        }

        @Override
        public int barsNeeded() {
            // The level is compared with the previous evaluation's, which needed the same bars.
            return Math.max(subject.barsNeeded(), threshold.barsNeeded());
        }

        @Override
        public String toString() {
            return subject + (above ? " crosses above " : " crosses below ") + threshold;
        }
    }

    record And(List<BoolExpr> operands) implements BoolExpr {
        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public TriState evaluate(EvalScope s) {
            TriState r = TriState.TRUE;
            for (int i = 0; i < operands.size(); i++) {
                r = r.and(operands.get(i).evaluate(s));
            }
            return r;
        }

        @Override
        public TriState loosened(EvalScope s, Rearm rearm, boolean negated) {
            TriState r = TriState.TRUE;
            for (int i = 0; i < operands.size(); i++) {
                r = r.and(operands.get(i).loosened(s, rearm, negated));
            }
            return r;
        }

        @Override
        public int barsNeeded() {
            return operands.stream().mapToInt(BoolExpr::barsNeeded).max().orElse(0);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (BoolExpr e : operands) {
                if (!sb.isEmpty()) {
                    sb.append(" and ");
                }
                sb.append(e instanceof And || e instanceof Or ? "(" + e + ")" : e.toString());
            }
            return sb.toString();
        }
    }

    record Or(List<BoolExpr> operands) implements BoolExpr {
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public TriState evaluate(EvalScope s) {
            TriState r = TriState.FALSE;
            for (int i = 0; i < operands.size(); i++) {
                r = r.or(operands.get(i).evaluate(s));
            }
            return r;
        }

        @Override
        public TriState loosened(EvalScope s, Rearm rearm, boolean negated) {
            TriState r = TriState.FALSE;
            for (int i = 0; i < operands.size(); i++) {
                r = r.or(operands.get(i).loosened(s, rearm, negated));
            }
            return r;
        }

        @Override
        public int barsNeeded() {
            return operands.stream().mapToInt(BoolExpr::barsNeeded).max().orElse(0);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (BoolExpr e : operands) {
                if (!sb.isEmpty()) {
                    sb.append(" or ");
                }
                sb.append(e instanceof Or ? "(" + e + ")" : e.toString());
            }
            return sb.toString();
        }
    }

    record Not(BoolExpr operand) implements BoolExpr {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public TriState evaluate(EvalScope s) {
            return operand.evaluate(s).not();
        }

        @Override
        public TriState loosened(EvalScope s, Rearm rearm, boolean negated) {
            return operand.loosened(s, rearm, !negated).not();
        }

        @Override
        public int barsNeeded() {
            return operand.barsNeeded();
        }

        @Override
        public String toString() {
            return operand instanceof And || operand instanceof Or ? "not (" + operand + ")" : "not " + operand;
        }
    }
}
