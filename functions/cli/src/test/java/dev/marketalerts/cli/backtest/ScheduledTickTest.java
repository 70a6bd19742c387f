package dev.marketalerts.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduledTickTest {

    private static List<String> labelled(String from, String to) {
        return ScheduledTick.between(LocalDate.parse(from), LocalDate.parse(to)).stream()
                .map(t -> t.at() + " " + t.label()).toList();
    }

    private static List<String> withoutWatch(String from, String to) {
        return labelled(from, to).stream().filter(l -> !l.endsWith("earnings watch")).toList();
    }

    @Test
    void aTradingDayHasTwoEarningsRunsAnEquityRunAndTheCryptoRunOfItsEvening() {
        assertThat(withoutWatch("2026-02-25", "2026-02-25")).containsExactly(
                "2026-02-25T12:00:00Z earnings",
                "2026-02-25T21:05:00Z price us-equity",
                "2026-02-25T23:00:00Z earnings",
                "2026-02-26T00:05:00Z price crypto");
    }

    @ParameterizedTest
    @CsvSource({"2026-02-16, Presidents Day", "2026-02-21, Saturday", "2025-12-25, Christmas"})
    void noEquityRunWhenTheExchangeIsClosed(String day, String why) {
        assertThat(withoutWatch(day, day)).as(why).noneMatch(l -> l.endsWith("us-equity")).hasSize(3);
    }

    @Test
    void runsFollowNewYorkTimeAcrossTheDaylightSavingChange() {
        // 2026-03-08: clocks go forward in New York; the crypto run stays at 00:05 UTC, now 20:05 New York time.
        assertThat(withoutWatch("2026-03-09", "2026-03-09")).containsExactly(
                "2026-03-09T11:00:00Z earnings",
                "2026-03-09T20:05:00Z price us-equity",
                "2026-03-09T22:00:00Z earnings",
                "2026-03-10T00:05:00Z price crypto");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-02-25, Wednesday, 95, 2026-02-25T11:00:00Z, 2026-02-26T00:55:00Z",
            "2026-02-16, Presidents Day (the schedule is Monday to Friday), 95, 2026-02-16T11:00:00Z, 2026-02-17T00:55:00Z",
            "2026-03-09, after the clocks went forward, 95, 2026-03-09T10:00:00Z, 2026-03-09T23:55:00Z",
            "2025-11-03, after the clocks went back, 95, 2025-11-03T11:00:00Z, 2025-11-04T00:55:00Z",
            "2026-02-21, Saturday, 0, , ",
    })
    void theReportDayWatchTicksEveryFiveMinutesBeforeTheOpenAndAfterTheClose(String day, String why, int count, String first, String last) {
        List<String> watch = labelled(day, day).stream().filter(l -> l.endsWith("earnings watch")).map(l -> l.substring(0, l.indexOf(' '))).toList();

        assertThat(watch).as(why).hasSize(count);
        if (count > 0) {
            // 06:00-09:55 is 48 ticks, 16:05-19:55 is 47
            assertThat(watch.get(0)).isEqualTo(first);
            assertThat(watch.get(47)).isEqualTo(Instant.parse(first).plusSeconds(47 * 300).toString());
            assertThat(watch.get(48)).isEqualTo(Instant.parse(first).plusSeconds((10 * 60 + 5) * 60).toString());
            assertThat(watch.get(count - 1)).isEqualTo(last);
        }
    }

    @Test
    void aRangeIsInInstantOrderAndCoversEveryDay() {
        List<ScheduledTick> ticks = ScheduledTick.between(LocalDate.parse("2025-11-13"), LocalDate.parse("2026-02-27"));

        assertThat(ticks).extracting(ScheduledTick::at).isSorted();
        // A watch tick may share its instant with a routine run (07:00 and 18:00 on weekdays), as the schedules do.
        assertThat(ticks).filteredOn(t -> !t.watch()).extracting(ScheduledTick::at).doesNotHaveDuplicates();
        assertThat(ticks).filteredOn(ScheduledTick::watch).extracting(ScheduledTick::at).doesNotHaveDuplicates();
        assertThat(ticks.get(0).at()).as("the first watch tick, 06:00 EST on a Thursday").isEqualTo(Instant.parse("2025-11-13T11:00:00Z"));
        assertThat(ticks.get(ticks.size() - 1).at()).as("the last watch tick, 19:55 EST on a Friday").isEqualTo(Instant.parse("2026-02-28T00:55:00Z"));
    }

    @Test
    void aRangeEndingBeforeItStartsIsRejected() {
        assertThatThrownBy(() -> ScheduledTick.between(LocalDate.parse("2026-02-02"), LocalDate.parse("2026-02-01")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
