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
            ticks.add(new ScheduledTick(d.atTime(EARNINGS_MORNING).atZone(NEW_YORK).toInstant(), JobKind.EARNINGS, EnumSet.allOf(Market.class)));
            ticks.add(new ScheduledTick(d.atTime(EARNINGS_EVENING).atZone(NEW_YORK).toInstant(), JobKind.EARNINGS, EnumSet.allOf(Market.class)));
            if (d.getDayOfWeek() != java.time.DayOfWeek.SATURDAY && d.getDayOfWeek() != java.time.DayOfWeek.SUNDAY) {
                for (LocalTime[] watch : new LocalTime[][] {{WATCH_MORNING_FROM, WATCH_MORNING_TO}, {WATCH_EVENING_FROM, WATCH_EVENING_TO}}) {
                    for (LocalTime t = watch[0]; !t.isAfter(watch[1]); t = t.plusMinutes(5)) {
                        ticks.add(new ScheduledTick(d.atTime(t).atZone(NEW_YORK).toInstant(), JobKind.EARNINGS, EnumSet.allOf(Market.class), true));
                    }
                }
            }
            if (NyseCalendar.INSTANCE.isTradingDay(d)) {
                ticks.add(new ScheduledTick(d.atTime(EQUITY_PRICES).atZone(NEW_YORK).toInstant(), JobKind.PRICE, Set.of(Market.US_EQUITY)));
            }
        }
        for (LocalDate d = from.minusDays(1); !d.isAfter(to.plusDays(1)); d = d.plusDays(1)) {
            Instant at = d.atTime(CRYPTO_PRICES).atOffset(ZoneOffset.UTC).toInstant();
            if (!at.isBefore(start) && at.isBefore(end)) {
                ticks.add(new ScheduledTick(at, JobKind.PRICE, Set.of(Market.CRYPTO)));
            }
        }
        ticks.sort(Comparator.comparing(ScheduledTick::at));
        return List.copyOf(ticks);
    }

    /** Like {@link #between(LocalDate, LocalDate)}, with the range's days read in {@code zone} rather than in New York. */
    public static List<ScheduledTick> between(LocalDate from, LocalDate to, ZoneId zone) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        return between(from.minusDays(1), to.plusDays(1)).stream().filter(t -> !t.at().isBefore(start) && t.at().isBefore(end)).toList();
    }

    /** {@code earnings}, {@code earnings watch}, {@code price us-equity} or {@code price crypto}, for messages. */
    public String label() {
        if (watch) {
            return "earnings watch";
        }
        return job == JobKind.PRICE && markets.size() == 1 ? "price " + markets.iterator().next().wireName() : job.wireName();
    }
}
