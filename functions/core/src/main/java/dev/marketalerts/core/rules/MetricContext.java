package dev.marketalerts.core.rules;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.calendar.TradingSession;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a condition may look at for one symbol at one tick: the market snapshot, the market's
 * calendar, the evaluation instant (for quote staleness) and the last earnings report date before
 * now, if known (for {@code change_since(last_earnings)}). Built once per symbol and tick, it also
 * settles once what every price rule of the symbol asks first: is the quote fresh, and what is its price, and keeps
 * the indicators computed on it (sma, ema, rsi, macd, Bollinger bands, atr, highs and lows, average volume), so every
 * rule of the symbol at that tick, and a crossing's current value, shares one computation of each.
 */
public final class MetricContext {
    private final MarketSnapshot snapshot;
    private final TradingCalendar calendar;
    private final Instant now;
    private final LocalDate lastEarnings;

    /**
     * The quote's price when it is positive and at most the market's staleness old at {@code now}: what every price
     * condition reads first. Null otherwise (no quote, not positive, or older: then the full rules decide, since a
     * closing print stays current while the market is closed).
     */
    final BigDecimal freshPrice;
    /** {@link #freshPrice} as unscaled long and scale, or scale -1 when it has none in 0..18 or does not fit a long. */
    final long freshUnscaled;
    final int freshScale;
    /**
     * The indicator values computed so far: an open-addressing table of metric, {@link Kept} pairs keyed by the
     * metric's identity hash, replaced as a whole when one is added, so that readers need no lock. The parser gives
     * equal metrics one instance ({@link ValueExpr.MetricRef}), so a lookup compares references instead of calling the
     * records' hashCode and equals as a hash map would.
     */
    private volatile Object[] kept = NONE_KEPT;
    /** The empty table (one free slot), shared: {@link #keep} never writes into a table it published. */
    private static final Object[] NONE_KEPT = new Object[2];
    private static final Kept UNKNOWN = new Kept(null);
    private Session session;
    /** The symbol's recursive indicators as the previous tick left them, or null when nothing is kept across ticks. */
    private final RunningIndicators running;
    /** The snapshot's bars as an array, made on first use by {@link #through} (a race makes two equal ones). */
    private DailyBar[] barArray;

    public MetricContext(MarketSnapshot snapshot, TradingCalendar calendar, Instant now, LocalDate lastEarnings) {
        this(snapshot, calendar, now, lastEarnings, null);
    }

    /** A context whose recursive indicators continue from, and leave their state in, {@code running} (null: none). */
    public MetricContext(MarketSnapshot snapshot, TradingCalendar calendar, Instant now, LocalDate lastEarnings,
            RunningIndicators running) {
        this.running = running;
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.now = Objects.requireNonNull(now, "now");
        this.lastEarnings = lastEarnings;
        Quote q = snapshot.quote();
        this.freshPrice = q != null && q.price().signum() > 0 && withinStaleness(q.asOf(), snapshot.instrument().market().staleness(), now)
                ? q.price() : null;
        long unscaled = 0;
        int scale = -1;
        if (freshPrice != null && freshPrice.scale() >= 0 && freshPrice.scale() < Threshold.SCALES) {
            BigInteger u = freshPrice.unscaledValue();
            if (u.bitLength() < Long.SIZE) {
                unscaled = u.longValue();
                scale = freshPrice.scale();
            }
        }
        this.freshUnscaled = unscaled;
        this.freshScale = scale;
    }

    /**
     * The value of {@code metric} on this context, computed by {@code scope} the first time it is asked. Every value
     * depends only on the context (its bars, the price its quote gives at {@code now}, the calendar and the last
     * earnings date), so any scope over it computes the same one. Computed outside the lock: macd asks for its emas inside.
     */
    BigDecimal shared(Metric metric, EvalScope scope) {
        BigDecimal known = kept(metric);
        if (known != NOT_KEPT) {
            return known;
        }
        BigDecimal value = metric.compute(scope);
        keep(metric, value);
        return value;
    }

    /** The state of {@code metric} after bars {@code first} to {@code last - 1}: see {@link RunningIndicators#through}. */
    Recursion through(Metric.Recursive metric, List<DailyBar> bars, int first, int last) {
        if (running != null) {
            return running.through(metric, barArray(bars), first, last);
        }
        Recursion run = metric.start();
        for (int i = first; i < last; i++) {
            DailyBar bar = bars.get(i);
            if (!run.add(bar, bar.close())) {
                return null;
            }
        }
        return run;
    }

    /** The closes of bars {@code first} to {@code last - 1} added to zero, or null when one is missing: see {@link RunningIndicators#sum}. */
    BigDecimal sumOfCloses(Metric.Sma metric, List<DailyBar> bars, int first, int last) {
        if (running != null) {
            return running.sum(metric, barArray(bars), first, last);
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = first; i < last; i++) {
            BigDecimal close = bars.get(i).close();
            if (close == null) {
                return null;
            }
            sum = sum.add(close);
        }
        return sum;
    }

    private DailyBar[] barArray(List<DailyBar> bars) {
        DailyBar[] held = barArray;
        if (held == null) {
            held = bars.toArray(new DailyBar[0]);
            barArray = held;
        }
        return held;
    }

    /** The kept value of {@code metric}: {@link #NOT_KEPT} when it has not been computed on this context yet, null when unknown. */
    BigDecimal kept(Metric metric) {
        Kept k = keptEntry(metric);
        return k == null ? NOT_KEPT : k.value;
    }

    /** The kept value of {@code metric} with its unscaled form, or null when it has not been computed on this context yet. */
    Kept keptEntry(Metric metric) {
        return keptEntry(metric, System.identityHashCode(metric));
    }

    /** {@link #keptEntry(Metric)} for a caller holding {@code System.identityHashCode(metric)}. */
    Kept keptEntry(Metric metric, int identityHash) {
        Object[] table = kept;
        int mask = (table.length >> 1) - 1;
        for (int i = slot(identityHash, mask); ; i = (i + 1) & mask) {
            Object key = table[2 * i];
            if (key == metric) {
                return (Kept) table[2 * i + 1];
            }
            if (key == null) {
                break;
            }
        }
        // Not by reference: an equal metric built outside the parser (macd's own emas).
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != null && table[i].equals(metric)) {
                return (Kept) table[i + 1];
            }
        }
        return null;
    }

    /**
     * A kept value (null when unknown) and, for the cheap checks, its unscaled long and scale ({@link Unscaled#NONE}
     * when it has none), worked out once when it is kept.
     */
    static final class Kept {
        final BigDecimal value;
        final long unscaled;
        final int scale;

        Kept(BigDecimal value) {
            this.value = value;
            this.scale = Unscaled.scaleOf(value);
            this.unscaled = Unscaled.unscaledOf(value);
        }
    }

    private static int slot(Metric metric, int mask) {
        return slot(System.identityHashCode(metric), mask);
    }

    private static int slot(int identityHash, int mask) {
        return (identityHash ^ (identityHash >>> 16)) & mask;
    }

    /** Keeps the first value computed for {@code metric} (another thread may have kept it meanwhile). */
    private synchronized void keep(Metric metric, BigDecimal value) {
        if (kept(metric) != NOT_KEPT) {
            return;
        }
        Object[] table = kept;
        int count = 1;
        for (int i = 0; i < table.length; i += 2) {
            count += table[i] != null ? 1 : 0;
        }
        int capacity = table.length >> 1;
        while (2 * count > capacity) {
            capacity *= 2;
        }
        Object[] next = new Object[2 * capacity];
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != null) {
                put(next, (Metric) table[i], table[i + 1]);
            }
        }
        put(next, metric, value == null ? UNKNOWN : new Kept(value));
        kept = next;
    }

    private static void put(Object[] table, Metric metric, Object value) {
        int mask = (table.length >> 1) - 1;
        int i = slot(metric, mask);
        while (table[2 * i] != null) {
            i = (i + 1) & mask;
        }
        table[2 * i] = metric;
        table[2 * i + 1] = value;
    }

    /** What {@link #kept} returns for a metric not computed yet (compared by identity). */
    static final BigDecimal NOT_KEPT = new BigDecimal("0");

    /** The current session, settled on first use: see {@link EvalScope#session()}. */
    Session session() {
        Session s = session;
        if (s == null) {
            s = Session.of(snapshot, calendar);
            session = s;
        }
        return s;
    }

    /**
     * The current session's date, the index of the last bar on or before it (-1 when none) and its bar (null when
     * none); for the cheap checks also the bar's open as an unscaled long and scale ({@link Unscaled#NONE} when it has
     * none or there is no open) and its volume (known or not). Final fields: a context read by several threads may
     * compute it twice, never see it half-built.
     */
    record Session(LocalDate date, int lastIndex, DailyBar bar, long openUnscaled, int openScale, long volume, boolean volumeKnown) {
        Session(LocalDate date, int lastIndex, DailyBar bar) {
            this(date, lastIndex, bar, bar == null ? 0 : Unscaled.unscaledOf(bar.open()), bar == null ? Unscaled.NONE : Unscaled.scaleOf(bar.open()),
                    bar == null || bar.volume() == null ? 0 : bar.volume(), bar != null && bar.volume() != null);
        }

        static Session of(MarketSnapshot snapshot, TradingCalendar calendar) {
            Quote q = snapshot.quote();
            Instant t = q != null ? q.asOf() : snapshot.asOf();
            ZonedDateTime z = t.atZone(calendar.zone());
            LocalDate d = z.toLocalDate();
            if (z.toLocalTime().equals(LocalTime.MIDNIGHT)) {
                Optional<TradingSession> previous = calendar.session(d.minusDays(1));
                if (previous.isPresent() && previous.get().closeInstant().equals(t)) {
                    d = d.minusDays(1);
                }
            }
            if (!calendar.isTradingDay(d)) {
                d = calendar.previousTradingDay(d);
            }
            List<DailyBar> bars = snapshot.bars();
            int last = EvalScope.floorIndex(bars, d);
            return new Session(d, last, last >= 0 && bars.get(last).date().equals(d) ? bars.get(last) : null);
        }
    }

    /** {@code !at.plus(d).isBefore(now)}; false beyond {@code Instant}'s range, where the full rules throw as {@code plus} does. */
    private static boolean withinStaleness(Instant at, Duration d, Instant now) {
        try {
            return EvalScope.notBefore(at, d, now);
        } catch (DateTimeException | ArithmeticException beyondInstant) {
            return false;
        }
    }

    /**
     * Why this symbol has no usable price at {@code now} (no quote, stale, not positive), or null when it has one: a
     * symbol without a price cannot fire any alert, which the health check counts.
     */
    public String priceProblem() {
        return ParsedCondition.priceProblem(this);
    }

    public MarketSnapshot snapshot() {
        return snapshot;
    }

    public TradingCalendar calendar() {
        return calendar;
    }

    public Instant now() {
        return now;
    }

    /** The last earnings report date before now, or null when unknown. */
    public LocalDate lastEarnings() {
        return lastEarnings;
    }

    /** The as-of instant of the data a condition reads: the quote's, or the snapshot's when there is no quote. */
    public Instant dataAsOf() {
        Quote q = snapshot.quote();
        return q != null ? q.asOf() : snapshot.asOf();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricContext other && snapshot.equals(other.snapshot) && calendar.equals(other.calendar)
                && now.equals(other.now) && Objects.equals(lastEarnings, other.lastEarnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(snapshot, calendar, now, lastEarnings);
    }

    @Override
    public String toString() {
        return "MetricContext[snapshot=" + snapshot + ", calendar=" + calendar + ", now=" + now + ", lastEarnings=" + lastEarnings + "]";
    }
}
