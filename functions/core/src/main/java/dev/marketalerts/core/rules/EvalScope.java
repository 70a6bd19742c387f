package dev.marketalerts.core.rules;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.calendar.TradingSession;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one evaluation: the context, lazily resolved price and current session, a per-node cache of
 * metric values (so a metric used twice is computed once) and the crossings' current values.
 * A {@code null} value means UNKNOWN throughout.
 */
final class EvalScope {
    static final MathContext MC = MathContext.DECIMAL64;
    /** How far back to look for the last session when judging a closing print (longer than any market closure). */
    private static final int MAX_CLOSED_DAYS = 40;
    private static final BigDecimal[] NO_CROSSINGS = new BigDecimal[0];
    private static final long MAX_SECOND = Instant.MAX.getEpochSecond();

    final MetricContext context;
    final TradingCalendar calendar;
    final List<DailyBar> bars;
    final Map<String, BigDecimal> previousCrossings;
    final BigDecimal[] crossings;
    private final MarketSnapshot snapshot;
    private final BigDecimal[] values;
    /** Which slots are computed: a bit per slot for the first 64 (every real condition), an array beyond. */
    private long resolvedBits;
    private final boolean[] resolvedBeyond64;

    private boolean priceResolved;
    private BigDecimal price;
    private LocalDate session;
    private int lastIndex;
    private DailyBar currentBar;

    EvalScope(MetricContext context, int slots, int crossingCount, Map<String, BigDecimal> previousCrossings) {
        this(context, slots, crossingCount == 0 ? NO_CROSSINGS : new BigDecimal[crossingCount], previousCrossings);
    }

    /** A scope whose crossings write their current values into {@code crossings} (one entry each, cleared by the caller). */
    EvalScope(MetricContext context, int slots, BigDecimal[] crossings, Map<String, BigDecimal> previousCrossings) {
        this.context = context;
        this.calendar = context.calendar();
        this.snapshot = context.snapshot();
        this.bars = snapshot.bars();
        this.previousCrossings = previousCrossings;
        this.values = new BigDecimal[slots];
        this.resolvedBeyond64 = slots > Long.SIZE ? new boolean[slots - Long.SIZE] : null;
        this.crossings = crossings;
    }

    BigDecimal cached(int slot, ValueExpr expr) {
        if (slot < Long.SIZE) {
            long bit = 1L << slot;
            if ((resolvedBits & bit) == 0) {
                values[slot] = expr.compute(this);
                resolvedBits |= bit;
            }
        } else if (!resolvedBeyond64[slot - Long.SIZE]) {
            values[slot] = expr.compute(this);
            resolvedBeyond64[slot - Long.SIZE] = true;
        }
        return values[slot];
    }

    /** The value of {@code metric} here, computed once per context when it is {@linkplain Metric#sharedPerTick shared}. */
    BigDecimal metric(Metric metric) {
        return metric.sharedPerTick() ? context.shared(metric, this) : metric.compute(this);
    }

    /** The cached value of {@code slot}, or null when unknown or never evaluated. */
    BigDecimal slotValue(int slot) {
        return values[slot];
    }

    Instant dataAsOf() {
        return context.dataAsOf();
    }

    /** The latest quote's price, or null when there is none, it is not positive, or it is stale. */
    BigDecimal price() {
        if (!priceResolved) {
            price = freshPrice();
            priceResolved = true;
        }
        return price;
    }

    private BigDecimal freshPrice() {
        if (context.freshPrice != null) {
            return context.freshPrice;
        }
        Quote q = snapshot.quote();
        if (q == null || q.price().signum() <= 0) {
            return null;
        }
        Market market = snapshot.instrument().market();
        Instant now = context.now();
        // The context found the quote stale, or beyond Instant's range, where this throws as Instant.plus does.
        if (notBefore(q.asOf(), market.staleness(), now)) {
            return q.price();
        }
        if (market == Market.CRYPTO) {
            return null;
        }
        // A closing print stays current while the market is closed, until the next session opens.
        TradingSession last = lastSessionOpenedBy(now);
        boolean closedSince = last != null && !now.isBefore(last.closeInstant());
        return closedSince && !q.asOf().isBefore(last.closeInstant()) ? q.price() : null;
    }

    /** {@code !at.plus(d).isBefore(now)} without allocating an Instant (MetricContext asks it once per symbol and tick). */
    static boolean notBefore(Instant at, Duration d, Instant now) {
        long second = at.getEpochSecond() + d.getSeconds();
        long nano = (long) at.getNano() + d.getNano();
        if (nano >= 1_000_000_000L) {
            second++;
            nano -= 1_000_000_000L;
        }
        if (second > MAX_SECOND || second < Instant.MIN.getEpochSecond()) {
            return !at.plus(d).isBefore(now); // out of Instant's range: throws as Instant.plus does
        }
        return second != now.getEpochSecond() ? second > now.getEpochSecond() : nano >= now.getNano();
    }

    private TradingSession lastSessionOpenedBy(Instant now) {
        LocalDate d = now.atZone(calendar.zone()).toLocalDate();
        for (int i = 0; i < MAX_CLOSED_DAYS; i++, d = d.minusDays(1)) {
            Optional<TradingSession> s = calendar.session(d);
            if (s.isPresent() && !s.get().openInstant().isAfter(now)) {
                return s.get();
            }
        }
        return null;
    }

    /**
     * The current session's date: the market-zone date of the quote (of the snapshot without a quote), moved back to
     * the last trading day when it falls on a closed day. A print exactly at a session's close (24:00 for crypto)
     * belongs to that session.
     */
    LocalDate session() {
        if (session == null) {
            MetricContext.Session current = context.session();
            lastIndex = current.lastIndex();
            currentBar = current.bar();
            session = current.date();
        }
        return session;
    }

    /** The bar of the current session, or null. */
    DailyBar currentBar() {
        session();
        return currentBar;
    }

    /** Index of the last bar on or before the current session, -1 when none. */
    int lastIndex() {
        session();
        return lastIndex;
    }

    /**
     * Where a recursive indicator's window of {@code count} sessions starts: at the first session held of the month of
     * the window's first session, or at the first bar when fewer are held. Anchored to the month, the start stays put
     * while the sessions of a month go by, so each session's value continues the previous one's recursion.
     */
    int recursionStart(int count) {
        int from = lastIndex() - count + 1;
        if (from <= 0) {
            return 0;
        }
        LocalDate start = bars.get(from).date();
        int i = from;
        for (; i > 0; i--) {
            LocalDate before = bars.get(i - 1).date();
            if (before.getMonthValue() != start.getMonthValue() || before.getYear() != start.getYear()) {
                break;
            }
        }
        return i;
    }

    /** The close of bar {@code i}, with the current session's close replaced by the current price (null if unknown). */
    BigDecimal closeAt(int i) {
        DailyBar bar = bars.get(i);
        return bar == currentBar() ? price() : bar.close();
    }

    /** The bar dated exactly {@code date}, or null. */
    DailyBar barOn(LocalDate date) {
        int i = floorIndex(date);
        return i >= 0 && bars.get(i).date().equals(date) ? bars.get(i) : null;
    }

    /** The last bar on or before {@code date}, or null. */
    DailyBar barOnOrBefore(LocalDate date) {
        int i = floorIndex(date);
        return i >= 0 ? bars.get(i) : null;
    }

    /** Index of the last bar dated on or before {@code date}, -1 when none. */
    int floorIndex(LocalDate date) {
        return floorIndex(bars, date);
    }

    static int floorIndex(List<DailyBar> bars, LocalDate date) {
        int lo = 0;
        int hi = bars.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (bars.get(mid).date().isAfter(date)) {
                hi = mid - 1;
            } else {
                found = mid;
                lo = mid + 1;
            }
        }
        return found;
    }

    /** {@code value / reference - 1}, or null when either is unknown or the reference is not positive. */
    static BigDecimal change(BigDecimal value, BigDecimal reference) {
        if (value == null || reference == null || reference.signum() <= 0) {
            return null;
        }
        return value.subtract(reference).divide(reference, MC);
    }
}
