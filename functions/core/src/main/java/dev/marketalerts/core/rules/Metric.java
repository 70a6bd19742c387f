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

    /**
     * Whether the value is worth keeping in the {@link MetricContext} for every rule of the symbol at this tick: the
     * metrics that walk a window of bars or divide (a {@code DECIMAL64} division costs more than the lookup). Price,
     * open and volume are read from the quote and the session's bar.
     */
    default boolean sharedPerTick() {
        return false;
    }

    /**
     * The bars {@code change_since} may need: the reference close at most a year before the current session, in a
     * market that trades every day, and the current session's bar.
     */
    int YEAR_OF_BARS = 368;

    /** The fewest sessions a recursive indicator (ema, macd, rsi, atr) runs over, once that many are held. */
    int INDICATOR_WINDOW = 220;

    /**
     * The most sessions a recursion's start moves back to the first session of its month: 30 in a market that trades
     * every day of a 31-day month, 22 on the NYSE.
     */
    int MONTH_REACH = 30;

    /**
     * The number of sessions, ending at the current one, whose first session's month a recursive indicator needing
     * {@code needed} sessions starts from (see {@link EvalScope#recursionStart}): the value of a day depends on those
     * bars only, however much history is held (a backtest holds all of it, a live tick what it asked the providers for).
     */
    static int window(int needed) {
        return Math.max(INDICATOR_WINDOW, 3 * needed);
    }

    /** The sessions a recursive indicator reads at most: its window and the rest of the window's first month. */
    static int held(int needed) {
        return window(needed) + MONTH_REACH;
    }

    /**
     * A metric computed by a recursion from the start of its window to the current session, one bar at a time:
     * {@link RunningIndicators} continues it from tick to tick where the bars are the same.
     */
    sealed interface Recursive extends Metric permits Ema, Rsi, MacdSignal, Atr {
        /** The sessions the value needs to be known. */
        int needed();

        /** The state before the window's first bar. */
        Recursion start();

        @Override
        default boolean sharedPerTick() {
            return true;
        }

        @Override
        default int barsNeeded() {
            return held(needed());
        }

        @Override
        default BigDecimal compute(EvalScope s) {
            int last = s.lastIndex();
            int first = s.recursionStart(window(needed()));
            if (last - first + 1 < needed()) {
                return null;
            }
            Recursion run = s.context.through(this, s.bars, first, last);
            return run != null && run.add(s.bars.get(last), s.closeAt(last)) ? run.value() : null;
        }
    }

    /** The EMA weight of a new value, {@code 2 / (n + 1)}. */
    static BigDecimal alpha(int n) {
        return BigDecimal.valueOf(2).divide(BigDecimal.valueOf(n + 1L), EvalScope.MC);
    }

    /** One EMA step, {@code ema + alpha * (x - ema)}. */
    static BigDecimal step(BigDecimal ema, BigDecimal alpha, BigDecimal x) {
        // add(x).round(MC) is the same value and scale as add(x, MC), but stays on longs where add(x, MC)
        // always goes through BigInteger: the EMA loop is the evaluator's most expensive metric.
        return ema.add(alpha.multiply(x.subtract(ema), EvalScope.MC)).round(EvalScope.MC);
    }

    /**
     * The EMA after its {@code k}-th value {@code x} (counting from 1), seeded with the mean of the first {@code n}:
     * while {@code k < n} the running sum of the values so far, at {@code k == n} their mean, then one {@link #step}.
     */
    static BigDecimal emaSeeded(BigDecimal running, BigDecimal x, int k, int n, BigDecimal alpha) {
        if (k < n) {
            return running.add(x);
        }
        return k == n ? running.add(x).divide(BigDecimal.valueOf(n), EvalScope.MC) : step(running, alpha, x);
    }

    /**
     * Wilder's average after its {@code k}-th value {@code x} (counting from 1), seeded with the mean of the first
     * {@code n}: the running sum, the mean at {@code k == n}, then {@code (average * (n - 1) + x) / n}; {@code count}
     * is n and {@code keep} n - 1 as BigDecimals.
     */
    static BigDecimal wilder(BigDecimal running, BigDecimal x, int k, int n, BigDecimal count, BigDecimal keep) {
        if (k < n) {
            return running.add(x);
        }
        return k == n ? running.add(x).divide(count, EvalScope.MC) : running.multiply(keep).add(x).divide(count, EvalScope.MC);
    }

    /** The mean of the {@code n} closes from index {@code first}, or null when one is unknown. */
    static BigDecimal mean(EvalScope s, int first, int n) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = first; i < first + n; i++) {
            BigDecimal close = s.closeAt(i);
            if (close == null) {
                return null;
            }
            sum = sum.add(close);
        }
        return sum.divide(BigDecimal.valueOf(n), EvalScope.MC);
    }

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
            return of(s.currentBar());
        }

        /** The open of the current session's bar (null when there is none). */
        static BigDecimal of(DailyBar bar) {
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
            return of(s.currentBar());
        }

        /** The volume of the current session's bar (null when there is none). */
        static BigDecimal of(DailyBar bar) {
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
        public boolean sharedPerTick() {
            return true;
        }

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
        public boolean sharedPerTick() {
            return true;
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
     * last earnings date). UNKNOWN when that exact bar is missing, or the date lies after the current session or more
     * than a year before it (beyond the history a live tick asks for).
     */
    record ChangeSince(LocalDate date) implements Metric {
        @Override
        public boolean sharedPerTick() {
            return true;
        }

        @Override
        public int barsNeeded() {
            return YEAR_OF_BARS;
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            LocalDate since = date != null ? date : s.context.lastEarnings();
            BigDecimal price = s.price();
            if (since == null || price == null || since.isAfter(s.session()) || since.isBefore(s.session().minusYears(1))) {
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
        public boolean sharedPerTick() {
            return true;
        }

        @Override
        public int barsNeeded() {
            return n;
        }

        /** The mean as {@link #mean} computes it: the closes before today summed (kept from tick to tick), then today's. */
        @Override
        public BigDecimal compute(EvalScope s) {
            int last = s.lastIndex();
            if (last + 1 < n) {
                return null;
            }
            BigDecimal before = s.context.sumOfCloses(this, s.bars, last - n + 1, last);
            BigDecimal today = before == null ? null : s.closeAt(last);
            return today == null ? null : before.add(today).divide(BigDecimal.valueOf(n), EvalScope.MC);
        }

        @Override
        public String toString() {
            return "sma(" + n + ")";
        }
    }

    /**
     * Exponential average, alpha = 2/(N+1), over its window's closes ({@link #window}, from the first session of that
     * window's month): seeded with the mean of the first N of them, then {@code ema += alpha * (close - ema)} for each
     * later close. Known from N closes on.
     */
    record Ema(int n) implements Recursive {
        @Override
        public int needed() {
            return n;
        }

        @Override
        public Recursion start() {
            return new Recursion.Ema(n);
        }

        @Override
        public String toString() {
            return "ema(" + n + ")";
        }
    }

    /**
     * The extreme of the sessions of the window before the current one (today excluded, so {@code price > high(20d)}
     * is a new 20-session high): the highest high or lowest low, falling back to the close where the source has none.
     * UNKNOWN when the bars held do not reach back to the window's first session, or the window holds no bar.
     */
    record Extreme(Window window, boolean high) implements Metric {
        public Extreme {
            Objects.requireNonNull(window, "window");
        }

        @Override
        public boolean sharedPerTick() {
            return true;
        }

        @Override
        public int barsNeeded() {
            return window.bars();
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            LocalDate session = s.session();
            LocalDate first = window.firstDate(session, s.calendar);
            if (!reachesBack(s, first)) {
                return null;
            }
            BigDecimal best = null;
            for (int i = s.floorIndex(session.minusDays(1)); i >= 0; i--) {
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

        /** Whether the oldest bar held is on or before the first session on or after {@code first}. */
        static boolean reachesBack(EvalScope s, LocalDate first) {
            if (s.bars.isEmpty()) {
                return false;
            }
            LocalDate firstSession = s.calendar.isTradingDay(first) ? first : s.calendar.nextTradingDay(first);
            return !s.bars.get(0).date().isAfter(firstSession);
        }

        @Override
        public String toString() {
            return (high ? "high(" : "low(") + window + ")";
        }
    }

    /**
     * Wilder's relative strength index over its window's closes ({@link #window}, from the first session of that
     * window's month): the first average gain and loss are the means of the first N close-to-close changes, each later
     * change x smooths them as {@code (avg * (N - 1) + x) / N}; RSI = 100 - 100 / (1 + gain / loss), 100 when the
     * average loss is 0. Known from N + 1 closes on.
     */
    record Rsi(int n) implements Recursive {
        @Override
        public int needed() {
            return n + 1;
        }

        @Override
        public Recursion start() {
            return new Recursion.Rsi(n);
        }

        @Override
        public String toString() {
            return "rsi(" + n + ")";
        }
    }

    /** The MACD line: {@code ema(fast) - ema(slow)}, each exactly as {@link Ema} computes it. */
    record Macd(int fast, int slow) implements Metric {
        @Override
        public boolean sharedPerTick() {
            return true;
        }

        @Override
        public int barsNeeded() {
            return Math.max(held(fast), held(slow));
        }

        @Override
        public BigDecimal compute(EvalScope s) {
            BigDecimal f = s.metric(new Ema(fast));
            BigDecimal sl = f == null ? null : s.metric(new Ema(slow));
            return sl == null ? null : f.subtract(sl, EvalScope.MC);
        }

        @Override
        public String toString() {
            return "macd(" + fast + "," + slow + ")";
        }
    }

    /**
     * The MACD signal line, or with {@code histogram} the MACD line minus it, in one pass over its window's closes
     * ({@link #window}, from the first session of that window's month): ema(fast) and ema(slow) run from the window's
     * start (seeded as {@link Ema} is), the MACD line exists from the slow-th close on, and the signal is its
     * {@code signal}-period EMA seeded with the mean of its first {@code signal} values. Known from slow + signal - 1
     * closes on.
     */
    record MacdSignal(int fast, int slow, int signal, boolean histogram) implements Recursive {
        public MacdSignal {
            if (fast < 1 || fast >= slow || signal < 1) {
                throw new IllegalArgumentException("macd periods need 1 <= fast < slow and signal >= 1");
            }
        }

        @Override
        public int needed() {
            return slow + signal - 1;
        }

        @Override
        public Recursion start() {
            return new Recursion.MacdSignal(fast, slow, signal, histogram);
        }

        @Override
        public String toString() {
            return (histogram ? "macd_hist(" : "macd_signal(") + fast + "," + slow + "," + signal + ")";
        }
    }

    /**
     * A Bollinger band: {@code sma(N) +/- K} population standard deviations of the same N closes (today's close being
     * the current price), the deviation the {@code DECIMAL64} square root of the mean squared distance to the mean.
     */
    record Bollinger(int n, BigDecimal k, boolean upper) implements Metric {
        public Bollinger {
            Objects.requireNonNull(k, "k");
            k = k.signum() == 0 ? BigDecimal.ZERO : k.stripTrailingZeros();
        }

        @Override
        public boolean sharedPerTick() {
            return true;
        }

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
            BigDecimal mean = mean(s, last - n + 1, n);
            if (mean == null) {
                return null;
            }
            BigDecimal squares = BigDecimal.ZERO;
            for (int i = last - n + 1; i <= last; i++) {
                BigDecimal d = s.closeAt(i).subtract(mean);
                squares = squares.add(d.multiply(d, EvalScope.MC));
            }
            BigDecimal deviation = squares.divide(BigDecimal.valueOf(n), EvalScope.MC).sqrt(EvalScope.MC);
            BigDecimal width = k.multiply(deviation, EvalScope.MC);
            return upper ? mean.add(width, EvalScope.MC) : mean.subtract(width, EvalScope.MC);
        }

        @Override
        public String toString() {
            return (upper ? "bb_upper(" : "bb_lower(") + n + "," + k.toPlainString() + ")";
        }
    }

    /**
     * Wilder's average true range over its window's bars ({@link #window}, from the first session of that window's
     * month). A bar's true range is {@code max(high - low, |high - previous close|, |low - previous close|)}; the first
     * ATR is the mean of the first N true ranges, each later one x smooths it as {@code (atr * (N - 1) + x) / N}. Known
     * from N + 1 bars on (each true range needs the close before it); UNKNOWN when a bar in the window has no high or low.
     */
    record Atr(int n) implements Recursive {
        @Override
        public int needed() {
            return n + 1;
        }

        @Override
        public Recursion start() {
            return new Recursion.Atr(n);
        }

        @Override
        public String toString() {
            return "atr(" + n + ")";
        }
    }

    /** Mean volume of the N bars before the current session (today is compared against the past). */
    record AvgVolume(int n) implements Metric {
        @Override
        public boolean sharedPerTick() {
            return true;
        }

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
