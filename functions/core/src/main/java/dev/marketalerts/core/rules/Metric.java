package dev.marketalerts.core.rules;

import dev.marketalerts.core.market.DailyBar;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** The metrics of the condition language and their exact definitions; {@code compute} returns null for UNKNOWN. */
sealed interface Metric {

    /** Upper bound on the daily bars needed, for history requests. */
    int barsNeeded();

    BigDecimal compute(EvalScope s);

    /** History a date-anchored metric ({@code change_since}, {@code ytd}) may reach back: about a year of sessions. */
    int YEAR_OF_BARS = 260;

    record Price() implements Metric {
        @Override
        public int barsNeeded() {
            return 1;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            return s.price();
        }

        @Override
        public String toString() {
            return "price";
        }
    }

    record Open() implements Metric {
        @Override
        public int barsNeeded() {
            return 1;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            DailyBar bar = s.currentBar();
            return bar == null ? null : bar.open();
        }

        @Override
        public String toString() {
            return "open";
        }
    }

    record Volume() implements Metric {
        @Override
        public int barsNeeded() {
            return 1;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            DailyBar bar = s.currentBar();
            return bar == null || bar.volume() == null ? null : BigDecimal.valueOf(bar.volume());
        }

        @Override
        public String toString() {
            return "volume";
        }
    }

    /** Open of the current session against the previous trading session's close. */
    record Gap() implements Metric {
        @Override
        public int barsNeeded() {
            return 2;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            DailyBar bar = s.currentBar();
            if (bar == null || bar.open() == null) {
                return null;
            }
            DailyBar previous = s.barOn(s.calendar.previousTradingDay(s.session()));
            return previous == null ? null : EvalScope.change(bar.open(), previous.close());
        }

        @Override
        public String toString() {
            return "gap";
        }
    }

    /**
     * Price against a reference close: {@code Nd} the bar exactly N trading sessions back; {@code Nw}/{@code Nm}
     * the last bar on or before the same date N weeks/months back; {@code ytd} the last bar of the previous year.
     */
    record Change(Window window) implements Metric {
        public Change {
            Objects.requireNonNull(window, "window");
        }

        @Override
        public int barsNeeded() {
            return window.bars();
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            BigDecimal price = s.price();
            if (price == null) {
                return null;
            }
            LocalDate session = s.session();
            DailyBar reference = switch (window.unit()) {
                case DAYS -> s.barOn(s.calendar.tradingDaysBefore(session, window.n()));
                case WEEKS -> s.barOnOrBefore(session.minusWeeks(window.n()));
                case MONTHS -> s.barOnOrBefore(session.minusMonths(window.n()));
                case YTD -> s.barOnOrBefore(session.withDayOfYear(1).minusDays(1));
            };
            return reference == null ? null : EvalScope.change(price, reference.close());
        }

        @Override
        public String toString() {
            return "change(" + window + ")";
        }
    }

    /**
     * Price against the close of the last trading day strictly before {@code date} ({@code null}: the context's
     * last earnings date). UNKNOWN when that exact bar is missing or the date lies after the current session.
     */
    record ChangeSince(LocalDate date) implements Metric {
        @Override
        public int barsNeeded() {
            return YEAR_OF_BARS;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            LocalDate since = date != null ? date : s.context.lastEarnings();
            BigDecimal price = s.price();
            if (since == null || price == null || since.isAfter(s.session())) {
                return null;
            }
            DailyBar reference = s.barOn(s.calendar.previousTradingDay(since));
            return reference == null ? null : EvalScope.change(price, reference.close());
        }

        @Override
        public String toString() {
            return "change_since(" + (date == null ? "last_earnings" : date.toString()) + ")";
        }
    }

    /** Mean of the last N closes up to the current session, today's close being the current price. */
    record Sma(int n) implements Metric {
        @Override
        public int barsNeeded() {
            return n;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            int last = s.lastIndex();
            if (last + 1 < n) {
                return null;
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = last - n + 1; i <= last; i++) {
                BigDecimal close = s.closeAt(i);
                if (close == null) {
                    return null;
                }
                sum = sum.add(close);
            }
            return sum.divide(BigDecimal.valueOf(n), EvalScope.MC);
        }

        @Override
        public String toString() {
            return "sma(" + n + ")";
        }
    }

    /** Exponential average, alpha = 2/(N+1), seeded with the mean of the first N closes of the available history. */
    record Ema(int n) implements Metric {
        @Override
        public int barsNeeded() {
            return 3 * n;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            int last = s.lastIndex();
            if (last + 1 < n) {
                return null;
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                BigDecimal close = s.closeAt(i);
                if (close == null) {
                    return null;
                }
                sum = sum.add(close);
            }
            BigDecimal ema = sum.divide(BigDecimal.valueOf(n), EvalScope.MC);
            BigDecimal alpha = BigDecimal.valueOf(2).divide(BigDecimal.valueOf(n + 1L), EvalScope.MC);
            for (int i = n; i <= last; i++) {
                BigDecimal close = s.closeAt(i);
                if (close == null) {
                    return null;
                }
                // add(x).round(MC) is the same value and scale as add(x, MC), but stays on longs where add(x, MC)
                // always goes through BigInteger: the EMA loop is the evaluator's most expensive metric.
                ema = ema.add(alpha.multiply(close.subtract(ema), EvalScope.MC)).round(EvalScope.MC);
            }
            return ema;
        }

        @Override
        public String toString() {
            return "ema(" + n + ")";
        }
    }

    /** Highest high (or lowest low) of the window's bars, falling back to the close where the source has none. */
    record Extreme(Window window, boolean high) implements Metric {
        public Extreme {
            Objects.requireNonNull(window, "window");
        }

        @Override
        public int barsNeeded() {
            return window.bars();
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            LocalDate first = window.firstDate(s.session(), s.calendar);
            BigDecimal best = null;
            for (int i = s.lastIndex(); i >= 0; i--) {
                DailyBar bar = s.bars.get(i);
                if (bar.date().isBefore(first)) {
                    break;
                }
                BigDecimal v = high ? bar.high() : bar.low();
                if (v == null) {
                    v = bar.close();
                }
                if (best == null || (high ? v.compareTo(best) > 0 : v.compareTo(best) < 0)) {
                    best = v;
                }
            }
            return best;
        }

        @Override
        public String toString() {
            return (high ? "high(" : "low(") + window + ")";
        }
    }

    /** Mean volume of the N bars before the current session (today is compared against the past). */
    record AvgVolume(int n) implements Metric {
        @Override
        public int barsNeeded() {
            return n + 1;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            int last = s.floorIndex(s.session().minusDays(1));
            if (last + 1 < n) {
                return null;
            }
            long sum = 0;
            for (int i = last - n + 1; i <= last; i++) {
                Long v = s.bars.get(i).volume();
                if (v == null) {
                    return null;
                }
                sum += v;
            }
            return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), EvalScope.MC);
        }

        @Override
        public String toString() {
            return "avg_volume(" + n + ")";
        }
    }
}
