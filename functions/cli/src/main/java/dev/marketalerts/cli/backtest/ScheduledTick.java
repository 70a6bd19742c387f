package dev.marketalerts.cli.backtest;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.market.Market;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One scheduled run of a job in a backtest, and the production schedule that produces them:
 * the earnings job at 07:00 and 18:00 New York time every calendar day, its report-day watch every 5 minutes from
 * 06:00 to 09:55 and from 16:05 to 19:55 New York time Monday to Friday, the equity price job at 16:05
 * New York time on NYSE trading days, and the crypto price job at 00:05 UTC every day (on the bar of
 * the UTC day that just closed).
 */
public record ScheduledTick(Instant at, JobKind job, Set<Market> markets, boolean watch) {
    static final ZoneId NEW_YORK = NyseCalendar.ZONE;
    static final LocalTime EARNINGS_MORNING = LocalTime.of(7, 0);
    static final LocalTime EARNINGS_EVENING = LocalTime.of(18, 0);
    static final LocalTime EQUITY_PRICES = LocalTime.of(16, 5);
    static final LocalTime CRYPTO_PRICES = LocalTime.of(0, 5);
    static final LocalTime WATCH_MORNING_FROM = LocalTime.of(6, 0);
    static final LocalTime WATCH_MORNING_TO = LocalTime.of(9, 55);
    static final LocalTime WATCH_EVENING_FROM = LocalTime.of(16, 5);
    static final LocalTime WATCH_EVENING_TO = LocalTime.of(19, 55);
    /** Shared by every tick (a ten-year walk has a quarter of a million): a set made by Set.copyOf is kept as it is. */
    private static final Set<Market> ALL_MARKETS = Set.copyOf(EnumSet.allOf(Market.class));
    private static final Set<Market> US_EQUITY = Set.of(Market.US_EQUITY);
    private static final Set<Market> CRYPTO = Set.of(Market.CRYPTO);

    public ScheduledTick {
        markets = Set.copyOf(markets);
    }

    public ScheduledTick(Instant at, JobKind job, Set<Market> markets) {
        this(at, job, markets, false);
    }

    /**
     * Every tick whose instant falls on a New York calendar day from {@code from} to {@code to} inclusive,
     * in instant order. (So the crypto tick of 00:05 UTC on {@code to + 1} is included: it is still {@code to}
     * in New York, and it evaluates the bar of {@code to}.)
     */
    public static List<ScheduledTick> between(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
        }
        Instant start = from.atStartOfDay(NEW_YORK).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(NEW_YORK).toInstant();
        List<ScheduledTick> ticks = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            ticks.add(new ScheduledTick(d.atTime(EARNINGS_MORNING).atZone(NEW_YORK).toInstant(), JobKind.EARNINGS, ALL_MARKETS));
            ticks.add(new ScheduledTick(d.atTime(EARNINGS_EVENING).atZone(NEW_YORK).toInstant(), JobKind.EARNINGS, ALL_MARKETS));
            if (d.getDayOfWeek() != java.time.DayOfWeek.SATURDAY && d.getDayOfWeek() != java.time.DayOfWeek.SUNDAY) {
                watchTicks(ticks, d, WATCH_MORNING_FROM, WATCH_MORNING_TO);
                watchTicks(ticks, d, WATCH_EVENING_FROM, WATCH_EVENING_TO);
            }
            if (NyseCalendar.INSTANCE.isTradingDay(d)) {
                ticks.add(new ScheduledTick(d.atTime(EQUITY_PRICES).atZone(NEW_YORK).toInstant(), JobKind.PRICE, US_EQUITY));
            }
        }
        for (LocalDate d = from.minusDays(1); !d.isAfter(to.plusDays(1)); d = d.plusDays(1)) {
            Instant at = d.atTime(CRYPTO_PRICES).atOffset(ZoneOffset.UTC).toInstant();
            if (!at.isBefore(start) && at.isBefore(end)) {
                ticks.add(new ScheduledTick(at, JobKind.PRICE, CRYPTO));
            }
        }
        ticks.sort(Comparator.comparing(ScheduledTick::at));
        return List.copyOf(ticks);
    }

    /**
     * The report-day watch of {@code day} every 5 minutes from {@code first} to {@code last} New York time. When no
     * change of offset falls between the two (the clocks change at 02:00), each is 5 minutes after the one before.
     */
    private static void watchTicks(List<ScheduledTick> ticks, LocalDate day, LocalTime first, LocalTime last) {
        Instant from = day.atTime(first).atZone(NEW_YORK).toInstant();
        Instant to = day.atTime(last).atZone(NEW_YORK).toInstant();
        java.time.zone.ZoneOffsetTransition next = NEW_YORK.getRules().nextTransition(from);
        boolean steady = next == null || next.getInstant().isAfter(to);
        for (LocalTime t = first; !t.isAfter(last); t = t.plusMinutes(5)) {
            Instant at = steady ? from.plusSeconds(java.time.Duration.between(first, t).getSeconds())
                    : day.atTime(t).atZone(NEW_YORK).toInstant();
            ticks.add(new ScheduledTick(at, JobKind.EARNINGS, ALL_MARKETS, true));
        }
    }

    /** Like {@link #between(LocalDate, LocalDate)}, with the range's days read in {@code zone} rather than in New York. */
    public static List<ScheduledTick> between(LocalDate from, LocalDate to, ZoneId zone) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        List<ScheduledTick> around = between(from.minusDays(1), to.plusDays(1));
        int first = 0;
        while (first < around.size() && around.get(first).at().isBefore(start)) {
            first++;
        }
        int last = first;
        while (last < around.size() && around.get(last).at().isBefore(end)) {
            last++;
        }
        // the ticks are in instant order, so those of the range are one run of them
        return around.subList(first, last);
    }

    /** {@code earnings}, {@code earnings watch}, {@code price us-equity} or {@code price crypto}, for messages. */
    public String label() {
        if (watch) {
            return "earnings watch";
        }
        return job == JobKind.PRICE && markets.size() == 1 ? "price " + markets.iterator().next().wireName() : job.wireName();
    }
}
