package dev.marketalerts.core.rules;

import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Everything a condition may look at for one symbol at one tick: the market snapshot, the market's
 * calendar, the evaluation instant (for quote staleness) and the last earnings report date before
 * now, if known (for {@code change_since(last_earnings)}). Built once per symbol and tick; it keeps the
 * quote's price and the instants of the staleness test next to each other, because every rule of the
 * symbol reads them first.
 */
public final class MetricContext {
    private static final long MAX_SECOND = Instant.MAX.getEpochSecond();

    private final MarketSnapshot snapshot;
    private final TradingCalendar calendar;
    private final Instant now;
    private final LocalDate lastEarnings;

    /** The quote's price, or null without a quote. */
    final BigDecimal quotePrice;
    final long quoteSecond;
    final int quoteNano;
    final long staleSeconds;
    final int staleNanos;
    final long nowSecond;
    final int nowNano;

    public MetricContext(MarketSnapshot snapshot, TradingCalendar calendar, Instant now, LocalDate lastEarnings) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.now = Objects.requireNonNull(now, "now");
        this.lastEarnings = lastEarnings;
        Quote q = snapshot.quote();
        Duration staleness = snapshot.instrument().market().staleness();
        this.quotePrice = q == null ? null : q.price();
        this.quoteSecond = q == null ? 0 : q.asOf().getEpochSecond();
        this.quoteNano = q == null ? 0 : q.asOf().getNano();
        this.staleSeconds = staleness.getSeconds();
        this.staleNanos = staleness.getNano();
        this.nowSecond = now.getEpochSecond();
        this.nowNano = now.getNano();
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

    /**
     * Whether the quote is at most the market's staleness old at {@code now} ({@code !asOf.plus(staleness).isBefore(now)});
     * false without a quote, and false beyond {@code Instant}'s range, where the full rules throw as {@code Instant.plus} does.
     */
    boolean quoteWithinStaleness() {
        if (quotePrice == null) {
            return false;
        }
        long second = quoteSecond + staleSeconds;
        long nano = (long) quoteNano + staleNanos;
        if (nano >= 1_000_000_000L) {
            second++;
            nano -= 1_000_000_000L;
        }
        if (second > MAX_SECOND) {
            return false;
        }
        return second != nowSecond ? second > nowSecond : nano >= nowNano;
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
