package dev.marketalerts.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * NYSE regular sessions (09:30-16:00 New York time) computed from the published holiday rules, accurate
 * for 2000-2035 and following the current rules after that; earlier history is not modelled.
 */
public final class NyseCalendar implements TradingCalendar {
    public static final NyseCalendar INSTANCE = new NyseCalendar();
    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    public static final LocalTime CLOSE = LocalTime.of(16, 0);
    public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

    /** Closures outside the holiday rules (national mourning, emergencies). Add new ones here. */
    private static final Map<LocalDate, String> UNSCHEDULED_CLOSURES = table(
            "2001-09-11", "September 11 attacks",
            "2001-09-12", "September 11 attacks",
            "2001-09-13", "September 11 attacks",
            "2001-09-14", "September 11 attacks",
            "2004-06-11", "National day of mourning for Ronald Reagan",
            "2007-01-02", "National day of mourning for Gerald Ford",
            "2012-10-29", "Hurricane Sandy",
            "2012-10-30", "Hurricane Sandy",
            "2018-12-05", "National day of mourning for George H. W. Bush",
            "2025-01-09", "National day of mourning for Jimmy Carter");

    /** 13:00 closes outside the early-close rules. */
    private static final Map<LocalDate, String> UNSCHEDULED_EARLY_CLOSES = table(
            "2003-12-26", "Day after Christmas");

    private static final int CACHE_FIRST_YEAR = 1900;
    private static final int CACHE_YEARS = 400;

    // Immutable per-year schedules, filled lazily; a race only computes the same value twice.
    private final AtomicReferenceArray<YearSchedule> cache = new AtomicReferenceArray<>(CACHE_YEARS);

    private NyseCalendar() {
    }

    @Override
    public ZoneId zone() {
        return ZONE;
    }

    @Override
    public Optional<TradingSession> session(LocalDate date) {
        return Optional.ofNullable(schedule(date.getYear()).session(date));
    }

    @Override
    public boolean isTradingDay(LocalDate date) {
        return schedule(date.getYear()).session(date) != null;
    }

    /** Weekdays of {@code year} on which the exchange is closed all day (holidays and unscheduled closures), sorted. */
    public List<LocalDate> holidays(int year) {
        return schedule(year).holidays;
    }

    /** Trading days of {@code year} that close at 13:00, sorted. */
    public List<LocalDate> earlyCloses(int year) {
        return schedule(year).earlyCloses;
    }

    /** The unscheduled full-day closures known to this calendar, with the reason, by date. */
    public static Map<LocalDate, String> unscheduledClosures() {
        return UNSCHEDULED_CLOSURES;
    }

    private YearSchedule schedule(int year) {
        int index = year - CACHE_FIRST_YEAR;
        if (index < 0 || index >= CACHE_YEARS) {
            return YearSchedule.compute(year);
        }
        YearSchedule cached = cache.get(index);
        if (cached == null) {
            cached = YearSchedule.compute(year);
            cache.set(index, cached);
        }
        return cached;
    }

    /** Easter Sunday of the Gregorian calendar (anonymous Gregorian computus). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private static Map<LocalDate, String> table(String... dateThenReason) {
        Map<LocalDate, String> map = new TreeMap<>();
        for (int i = 0; i < dateThenReason.length; i += 2) {
            map.put(LocalDate.parse(dateThenReason[i]), dateThenReason[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static boolean isWeekend(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
    }

    // Day arithmetic rather than TemporalAdjusters: each adjuster is a lambda, and the fetch threads of a cold start that
    // build a year's schedule at once each spin their own copy of it.
    private static LocalDate nthWeekday(int year, Month month, int n, DayOfWeek dow) {
        LocalDate first = LocalDate.of(year, month, 1);
        int ahead = (dow.getValue() - first.getDayOfWeek().getValue() + 7) % 7;
        return first.plusDays(ahead + 7L * (n - 1));
    }

    private static LocalDate lastWeekday(int year, Month month, DayOfWeek dow) {
        LocalDate last = LocalDate.of(year, month, 1).plusMonths(1).minusDays(1);
        return last.minusDays((last.getDayOfWeek().getValue() - dow.getValue() + 7) % 7);
    }

    /** Saturday holidays move to Friday, Sunday holidays to Monday. */
    private static LocalDate observed(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.minusDays(1);
            case SUNDAY -> date.plusDays(1);
            default -> date;
        };
    }

    /** One year's closures and sessions, indexed by day of year. */
    private static final class YearSchedule {
        final List<LocalDate> holidays;
        final List<LocalDate> earlyCloses;
        private final int year;
        private final TradingSession[] sessions;

        private YearSchedule(int year, List<LocalDate> holidays, List<LocalDate> earlyCloses, TradingSession[] sessions) {
            this.year = year;
            this.holidays = holidays;
            this.earlyCloses = earlyCloses;
            this.sessions = sessions;
        }

        TradingSession session(LocalDate date) {
            return sessions[date.getDayOfYear() - 1];
        }

        static YearSchedule compute(int year) {
            // Loops, not streams: the first price tick of a container computes this year on its fetch threads.
            TreeSet<LocalDate> closed = new TreeSet<>(ruleHolidays(year));
            for (LocalDate d : UNSCHEDULED_CLOSURES.keySet()) {
                if (d.getYear() == year) {
                    closed.add(d);
                }
            }
            for (Iterator<LocalDate> it = closed.iterator(); it.hasNext(); ) {
                if (isWeekend(it.next())) {
                    it.remove();
                }
            }

            TreeSet<LocalDate> early = new TreeSet<>(ruleEarlyCloses(year));
            for (LocalDate d : UNSCHEDULED_EARLY_CLOSES.keySet()) {
                if (d.getYear() == year) {
                    early.add(d);
                }
            }
            for (Iterator<LocalDate> it = early.iterator(); it.hasNext(); ) {
                LocalDate d = it.next();
                if (isWeekend(d) || closed.contains(d)) {
                    it.remove();
                }
            }

            LocalDate first = LocalDate.of(year, 1, 1);
            TradingSession[] sessions = new TradingSession[first.lengthOfYear()];
            for (LocalDate d = first; d.getYear() == year; d = d.plusDays(1)) {
                if (!isWeekend(d) && !closed.contains(d)) {
                    boolean isEarly = early.contains(d);
                    sessions[d.getDayOfYear() - 1] = new TradingSession(d,
                            d.atTime(OPEN).atZone(ZONE),
                            d.atTime(isEarly ? EARLY_CLOSE : CLOSE).atZone(ZONE),
                            isEarly);
                }
            }
            return new YearSchedule(year, List.copyOf(closed), List.copyOf(early), sessions);
        }

        private static List<LocalDate> ruleHolidays(int year) {
            List<LocalDate> days = new ArrayList<>();
            LocalDate newYear = LocalDate.of(year, 1, 1);
            // NYSE Rule 7.2: no Friday make-up when New Year's Day falls on a Saturday.
            if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
                days.add(observed(newYear));
            }
            if (year >= 1998) {
                days.add(nthWeekday(year, Month.JANUARY, 3, DayOfWeek.MONDAY));
            }
            days.add(nthWeekday(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY));
            days.add(easterSunday(year).minusDays(2));
            days.add(lastWeekday(year, Month.MAY, DayOfWeek.MONDAY));
            if (year >= 2022) {
                days.add(observed(LocalDate.of(year, 6, 19)));
            }
            days.add(observed(LocalDate.of(year, 7, 4)));
            days.add(nthWeekday(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY));
            days.add(nthWeekday(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY));
            days.add(observed(LocalDate.of(year, 12, 25)));
            return days;
        }

        private static List<LocalDate> ruleEarlyCloses(int year) {
            List<LocalDate> days = new ArrayList<>();
            LocalDate july3 = LocalDate.of(year, 7, 3);
            DayOfWeek july3Dow = july3.getDayOfWeek();
            // July 3 closes early when July 4 is a weekday, except that before 2013 a Wednesday July 3 was a
            // full day and the Friday July 5 after a Thursday holiday closed early instead.
            if (july3Dow == DayOfWeek.MONDAY || july3Dow == DayOfWeek.TUESDAY || july3Dow == DayOfWeek.THURSDAY
                    || (july3Dow == DayOfWeek.WEDNESDAY && year >= 2013)) {
                days.add(july3);
            }
            if (july3Dow == DayOfWeek.WEDNESDAY && year < 2013) {
                days.add(LocalDate.of(year, 7, 5));
            }
            days.add(nthWeekday(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY).plusDays(1));
            days.add(LocalDate.of(year, 12, 24));
            return days;
        }

        @Override
        public String toString() {
            return "NYSE " + year + " holidays=" + holidays + " earlyCloses=" + earlyCloses;
        }
    }
}
