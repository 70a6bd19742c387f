package dev.marketalerts.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NyseCalendarTest {

    private static final NyseCalendar NYSE = NyseCalendar.INSTANCE;

    private static List<LocalDate> dates(String... isoDates) {
        return Stream.of(isoDates).map(LocalDate::parse).toList();
    }

    @Test
    void holidays2025MatchThePublishedListIncludingTheCarterMourningDay() {
        assertThat(NYSE.holidays(2025)).containsExactlyElementsOf(dates(
                "2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26",
                "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25"));
        assertThat(NYSE.earlyCloses(2025)).containsExactlyElementsOf(dates("2025-07-03", "2025-11-28", "2025-12-24"));
    }

    @Test
    void holidays2026MatchThePublishedListWithIndependenceDayObservedOnFriday() {
        assertThat(NYSE.holidays(2026)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25",
                "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"));
        assertThat(NYSE.earlyCloses(2026)).containsExactlyElementsOf(dates("2026-11-27", "2026-12-24"));
    }

    @ParameterizedTest(name = "{0} is {1} ({2})")
    @CsvSource({
            // New Year's Day on a Saturday: no Friday make-up
            "2021-12-31, FULL,   New Year 2022 on Saturday",
            "2022-01-03, FULL,   Monday after New Year on Saturday",
            "2004-12-31, FULL,   New Year 2005 on Saturday",
            "2010-12-31, FULL,   New Year 2011 on Saturday",
            "2027-12-31, FULL,   New Year 2028 on Saturday",
            "2032-12-31, FULL,   New Year 2033 on Saturday",
            "2034-01-02, CLOSED, New Year on Sunday observed Monday",
            "2023-01-02, CLOSED, New Year on Sunday observed Monday",
            // Juneteenth
            "2021-06-18, FULL,   Juneteenth not yet a market holiday",
            "2022-06-20, CLOSED, Juneteenth on Sunday observed Monday",
            "2027-06-18, CLOSED, Juneteenth on Saturday observed Friday",
            "2033-06-20, CLOSED, Juneteenth on Sunday observed Monday",
            "2032-06-18, CLOSED, Juneteenth on Saturday observed Friday",
            // Independence Day and the day before
            "2020-07-03, CLOSED, July 4 on Saturday observed Friday",
            "2020-07-02, FULL,   no early close before a Friday holiday",
            "2021-07-05, CLOSED, July 4 on Sunday observed Monday",
            "2021-07-02, FULL,   no early close before a Monday holiday",
            "2022-07-01, FULL,   July 4 on Monday",
            "2023-07-03, EARLY,  Monday before Tuesday July 4",
            "2019-07-03, EARLY,  Wednesday before Thursday July 4 since 2013",
            "2024-07-03, EARLY,  Wednesday before Thursday July 4",
            "2008-07-03, EARLY,  Thursday before Friday July 4",
            "2002-07-03, FULL,   Wednesday before Thursday July 4 before 2013",
            "2002-07-05, EARLY,  Friday after Thursday July 4 before 2013",
            "2026-07-02, FULL,   July 4 2026 on Saturday",
            "2032-07-05, CLOSED, July 4 on Sunday observed Monday",
            // Christmas
            "2021-12-24, CLOSED, Christmas on Saturday observed Friday",
            "2022-12-26, CLOSED, Christmas on Sunday observed Monday",
            "2027-12-24, CLOSED, Christmas on Saturday observed Friday",
            "2032-12-24, CLOSED, Christmas on Saturday observed Friday",
            "2033-12-26, CLOSED, Christmas on Sunday observed Monday",
            "2024-12-24, EARLY,  Christmas Eve",
            "2003-12-26, EARLY,  day after Christmas 2003",
            "2022-12-23, FULL,   Friday before a Monday Christmas holiday",
            // Other rule holidays
            "2000-01-17, CLOSED, Martin Luther King Jr. Day",
            "2000-04-21, CLOSED, Good Friday",
            "2015-04-03, CLOSED, Good Friday",
            "2035-03-23, CLOSED, Good Friday",
            "2035-05-28, CLOSED, Memorial Day",
            "2035-09-03, CLOSED, Labor Day",
            "2035-11-22, CLOSED, Thanksgiving",
            "2035-11-23, EARLY,  day after Thanksgiving",
            "2035-02-19, CLOSED, Presidents' Day",
            "2025-04-17, FULL,   Thursday before Good Friday",
            "2025-10-13, FULL,   Columbus Day is a trading day",
            "2025-11-11, FULL,   Veterans Day is a trading day",
            "2025-12-31, FULL,   New Year's Eve",
    })
    void edgeDaysFollowTheObservanceRules(LocalDate date, String expected, String why) {
        Optional<TradingSession> session = NYSE.session(date);
        switch (expected) {
            case "CLOSED" -> {
                assertThat(session).isEmpty();
                assertThat(NYSE.holidays(date.getYear())).contains(date);
            }
            case "FULL" -> {
                assertThat(session).isPresent();
                assertThat(session.get().earlyClose()).isFalse();
                assertThat(session.get().close().toLocalTime()).isEqualTo(LocalTime.of(16, 0));
            }
            case "EARLY" -> {
                assertThat(session).isPresent();
                assertThat(session.get().earlyClose()).isTrue();
                assertThat(session.get().close().toLocalTime()).isEqualTo(LocalTime.of(13, 0));
                assertThat(NYSE.earlyCloses(date.getYear())).contains(date);
            }
            default -> throw new IllegalArgumentException(expected);
        }
    }

    @ParameterizedTest(name = "{0} closed: {1}")
    @CsvSource({
            "2001-09-11, 2001-09-10, 2001-09-17",
            "2001-09-12, 2001-09-10, 2001-09-17",
            "2001-09-13, 2001-09-10, 2001-09-17",
            "2001-09-14, 2001-09-10, 2001-09-17",
            "2004-06-11, 2004-06-10, 2004-06-14",
            "2007-01-02, 2006-12-29, 2007-01-03",
            "2012-10-29, 2012-10-26, 2012-10-31",
            "2012-10-30, 2012-10-26, 2012-10-31",
            "2018-12-05, 2018-12-04, 2018-12-06",
            "2025-01-09, 2025-01-08, 2025-01-10",
    })
    void unscheduledClosuresAreHolidaysBetweenTheSurroundingSessions(LocalDate closed, LocalDate before, LocalDate after) {
        assertThat(NYSE.isTradingDay(closed)).isFalse();
        assertThat(NYSE.holidays(closed.getYear())).contains(closed);
        assertThat(NyseCalendar.unscheduledClosures()).containsKey(closed);
        assertThat(NYSE.previousTradingDay(closed)).isEqualTo(before);
        assertThat(NYSE.nextTradingDay(closed)).isEqualTo(after);
    }

    @Test
    void everyUnscheduledClosureIsAWeekdayInTheTable() {
        assertThat(NyseCalendar.unscheduledClosures()).hasSize(10);
        assertThat(NyseCalendar.unscheduledClosures().keySet())
                .allSatisfy(d -> assertThat(d.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
    }

    @ParameterizedTest
    @CsvSource({
            "2000, 2000-04-23", "2008, 2008-03-23", "2011, 2011-04-24", "2019, 2019-04-21",
            "2024, 2024-03-31", "2025, 2025-04-20", "2026, 2026-04-05", "2035, 2035-03-25", "2038, 2038-04-25",
    })
    void easterFollowsTheGregorianComputus(int year, LocalDate easter) {
        assertThat(NyseCalendar.easterSunday(year)).isEqualTo(easter);
    }

    @Test
    void sessionOpensAt0930AndClosesAt1600NewYorkTime() {
        TradingSession session = NYSE.session(LocalDate.of(2025, 1, 15)).orElseThrow();

        assertThat(session.date()).isEqualTo(LocalDate.of(2025, 1, 15));
        assertThat(session.openInstant()).isEqualTo(Instant.parse("2025-01-15T14:30:00Z"));
        assertThat(session.closeInstant()).isEqualTo(Instant.parse("2025-01-15T21:00:00Z"));
        assertThat(session.earlyClose()).isFalse();
    }

    @Test
    void weekendsHaveNoSession() {
        assertThat(NYSE.session(LocalDate.of(2025, 3, 8))).isEmpty();
        assertThat(NYSE.session(LocalDate.of(2025, 3, 9))).isEmpty();
    }

    @Test
    void yearListsAreImmutable() {
        assertThatThrownBy(() -> NYSE.holidays(2025).add(LocalDate.of(2025, 3, 3)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> NYSE.earlyCloses(2025).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void weekdayRuleHolidaysFallWhereTheJdksAdjustersPutThem() {
        for (int year = 1950; year <= 2100; year++) {
            LocalDate jan = LocalDate.of(year, 1, 1);
            List<LocalDate> expected = new ArrayList<>(List.of(
                    LocalDate.of(year, 2, 1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.MONDAY)),
                    LocalDate.of(year, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)),
                    LocalDate.of(year, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)),
                    LocalDate.of(year, 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY))));
            if (year >= 1998) {
                expected.add(jan.with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.MONDAY)));
            }
            assertThat(NYSE.holidays(year)).as("%d", year).containsAll(expected);
        }
    }

    static IntStream years2000to2035() {
        return IntStream.rangeClosed(2000, 2035);
    }

    @ParameterizedTest
    @MethodSource("years2000to2035")
    void nextTradingDayVisitsExactlyTheWeekdaysThatAreNotHolidays(int year) {
        List<LocalDate> bruteForce = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (!weekend && !NYSE.holidays(year).contains(d)) {
                bruteForce.add(d);
            }
        }

        List<LocalDate> walkedForward = new ArrayList<>();
        for (LocalDate d = NYSE.nextTradingDay(LocalDate.of(year - 1, 12, 31)); d.getYear() == year; d = NYSE.nextTradingDay(d)) {
            walkedForward.add(d);
        }
        List<LocalDate> walkedBackward = new ArrayList<>();
        for (LocalDate d = NYSE.previousTradingDay(LocalDate.of(year + 1, 1, 1)); d.getYear() == year; d = NYSE.previousTradingDay(d)) {
            walkedBackward.add(0, d);
        }

        assertThat(walkedForward).containsExactlyElementsOf(bruteForce);
        assertThat(walkedBackward).containsExactlyElementsOf(bruteForce);
        assertThat(NYSE.holidays(year)).isSorted().doesNotHaveDuplicates()
                .allSatisfy(d -> assertThat(d.getYear()).isEqualTo(year))
                .allSatisfy(d -> assertThat(d.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        // 9 rule holidays (10 with Juneteenth) unless New Year's Day falls on a Saturday, plus unscheduled closures.
        int expectedRuleHolidays = 9 + (year >= 2022 ? 1 : 0)
                - (LocalDate.of(year, 1, 1).getDayOfWeek() == DayOfWeek.SATURDAY ? 1 : 0);
        long unscheduled = NyseCalendar.unscheduledClosures().keySet().stream().filter(d -> d.getYear() == year).count();
        assertThat(NYSE.holidays(year)).hasSize(expectedRuleHolidays + (int) unscheduled);
    }

    @ParameterizedTest
    @CsvSource({"2025, 250", "2026, 251", "2024, 252", "2023, 250", "2022, 251", "2012, 250", "2001, 248"})
    void tradingDayCountsMatchThePublishedYearTotals(int year, int tradingDays) {
        long count = LocalDate.of(year, 1, 1).datesUntil(LocalDate.of(year + 1, 1, 1)).filter(NYSE::isTradingDay).count();
        assertThat(count).isEqualTo(tradingDays);
    }

    @ParameterizedTest
    @MethodSource("years2000to2035")
    void onlyTheListedEarlyClosesCloseAt1300(int year) {
        List<LocalDate> flaggedEarly = LocalDate.of(year, 1, 1).datesUntil(LocalDate.of(year + 1, 1, 1))
                .map(NYSE::session).flatMap(Optional::stream)
                .filter(TradingSession::earlyClose).map(TradingSession::date).toList();

        assertThat(flaggedEarly).containsExactlyElementsOf(NYSE.earlyCloses(year));
        assertThat(flaggedEarly).contains(fourthThursdayOfNovember(year).plusDays(1));
    }

    /** US daylight saving time since 2007: second Sunday of March to first Sunday of November. */
    static Stream<LocalDate> dstTransitions2020to2035() {
        return IntStream.rangeClosed(2020, 2035).boxed().flatMap(y -> Stream.of(
                LocalDate.of(y, 3, 1).with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.SUNDAY)),
                LocalDate.of(y, 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(1, DayOfWeek.SUNDAY))));
    }

    /** From the US rules (Energy Policy Act 2005 from 2007; first Sunday of April to last Sunday of October before). */
    private static ZoneOffset expectedNewYorkOffset(LocalDate date) {
        int y = date.getYear();
        LocalDate start = y >= 2007
                ? LocalDate.of(y, 3, 1).with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.SUNDAY))
                : LocalDate.of(y, 4, 1).with(TemporalAdjusters.dayOfWeekInMonth(1, DayOfWeek.SUNDAY));
        LocalDate end = y >= 2007
                ? LocalDate.of(y, 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(1, DayOfWeek.SUNDAY))
                : LocalDate.of(y, 10, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
        boolean daylight = !date.isBefore(start) && date.isBefore(end);
        return ZoneOffset.ofHours(daylight ? -4 : -5);
    }

    @ParameterizedTest
    @MethodSource("dstTransitions2020to2035")
    void sessionsAroundDaylightSavingTransitionsUseTheRightUtcOffset(LocalDate transition) {
        for (LocalDate d = transition.minusDays(10); d.isBefore(transition.plusDays(11)); d = d.plusDays(1)) {
            ZoneOffset offset = expectedNewYorkOffset(d);
            Instant tick = d.atTime(16, 5).toInstant(offset);

            assertThat(ZonedDateTime.of(d, LocalTime.of(16, 5), NyseCalendar.ZONE).toInstant()).as("16:05 on %s", d).isEqualTo(tick);
            assertThat(NYSE.dateAt(tick)).isEqualTo(d);

            Optional<TradingSession> session = NYSE.session(d);
            if (session.isEmpty()) {
                continue;
            }
            TradingSession s = session.get();
            LocalTime close = s.earlyClose() ? LocalTime.of(13, 0) : LocalTime.of(16, 0);
            assertThat(s.openInstant()).as("open on %s", d).isEqualTo(d.atTime(9, 30).toInstant(offset));
            assertThat(s.closeInstant()).as("close on %s", d).isEqualTo(d.atTime(close).toInstant(offset));
            assertThat(Duration.between(s.openInstant(), s.closeInstant()))
                    .isEqualTo(s.earlyClose() ? Duration.ofMinutes(210) : Duration.ofMinutes(390));
            assertThat(NYSE.lastClosedSession(tick)).contains(s);
        }
    }

    @ParameterizedTest
    @MethodSource("years2000to2035")
    void everySessionOfTheYearIsSixAndAHalfHoursOrThreeAndAHalfOnEarlyCloses(int year) {
        LocalDate.of(year, 1, 1).datesUntil(LocalDate.of(year + 1, 1, 1)).map(NYSE::session).flatMap(Optional::stream)
                .forEach(s -> {
                    ZoneOffset offset = expectedNewYorkOffset(s.date());
                    assertThat(s.openInstant()).isEqualTo(s.date().atTime(9, 30).toInstant(offset));
                    assertThat(Duration.between(s.openInstant(), s.closeInstant()))
                            .as("session length on %s", s.date())
                            .isEqualTo(s.earlyClose() ? Duration.ofMinutes(210) : Duration.ofMinutes(390));
                });
    }

    @ParameterizedTest(name = "at {0} the last closed session is {1}")
    @CsvSource({
            "2025-07-03T12:59:59-04:00, 2025-07-02",
            "2025-07-03T13:00:00-04:00, 2025-07-03",
            "2025-07-07T09:00:00-04:00, 2025-07-03",
            "2025-01-15T15:59:59-05:00, 2025-01-14",
            "2025-01-15T16:00:00-05:00, 2025-01-15",
            "2025-01-09T17:00:00-05:00, 2025-01-08",
            "2025-03-09T12:00:00-04:00, 2025-03-07",
            "2025-03-10T16:00:00-04:00, 2025-03-10",
            "2026-01-02T00:30:00Z,      2025-12-31",
            "2001-09-16T12:00:00-04:00, 2001-09-10",
    })
    void lastClosedSessionIsTheLatestSessionClosedByThatInstant(String instant, LocalDate expected) {
        Instant now = java.time.OffsetDateTime.parse(instant).toInstant();
        assertThat(NYSE.lastClosedSession(now).map(TradingSession::date)).contains(expected);
    }

    @ParameterizedTest(name = "crypto at {0}: last closed day {1}")
    @CsvSource({
            "2025-01-01T23:59:59Z, 2024-12-31",
            "2025-01-02T00:00:00Z, 2025-01-01",
            "2025-01-02T04:59:00-05:00, 2025-01-01",
    })
    void cryptoDaysCloseAtMidnightUtc(String instant, LocalDate expected) {
        Instant now = java.time.OffsetDateTime.parse(instant).toInstant();
        assertThat(CryptoCalendar.INSTANCE.lastClosedSession(now).map(TradingSession::date)).contains(expected);
    }

    @Test
    void dateAtUsesTheMarketZoneNotUtc() {
        Instant lateEvening = Instant.parse("2025-06-03T02:00:00Z");
        assertThat(NYSE.dateAt(lateEvening)).isEqualTo(LocalDate.of(2025, 6, 2));
        assertThat(CryptoCalendar.INSTANCE.dateAt(lateEvening)).isEqualTo(LocalDate.of(2025, 6, 3));
    }

    private static LocalDate fourthThursdayOfNovember(int year) {
        return LocalDate.of(year, Month.NOVEMBER, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY));
    }
}
