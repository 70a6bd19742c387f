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

    @Test
    void aTradingDayHasTwoEarningsRunsAnEquityRunAndTheCryptoRunOfItsEvening() {
        assertThat(labelled("2026-02-25", "2026-02-25")).containsExactly(
                "2026-02-25T12:00:00Z earnings",
                "2026-02-25T21:05:00Z price us-equity",
                "2026-02-25T23:00:00Z earnings",
                "2026-02-26T00:05:00Z price crypto");
    }

    @ParameterizedTest
    @CsvSource({"2026-02-16, Presidents Day", "2026-02-21, Saturday", "2025-12-25, Christmas"})
    void noEquityRunWhenTheExchangeIsClosed(String day, String why) {
        assertThat(labelled(day, day)).as(why).noneMatch(l -> l.endsWith("us-equity")).hasSize(3);
    }

    @Test
    void runsFollowNewYorkTimeAcrossTheDaylightSavingChange() {
        // 2026-03-08: clocks go forward in New York; the crypto run stays at 00:05 UTC, now 20:05 New York time.
        assertThat(labelled("2026-03-09", "2026-03-09")).containsExactly(
                "2026-03-09T11:00:00Z earnings",
                "2026-03-09T20:05:00Z price us-equity",
                "2026-03-09T22:00:00Z earnings",
                "2026-03-10T00:05:00Z price crypto");
    }

    @Test
    void aRangeIsInInstantOrderAndCoversEveryDay() {
        List<ScheduledTick> ticks = ScheduledTick.between(LocalDate.parse("2025-11-13"), LocalDate.parse("2026-02-27"));

        assertThat(ticks).extracting(ScheduledTick::at).isSorted().doesNotHaveDuplicates();
        assertThat(ticks.get(0).at()).isEqualTo(Instant.parse("2025-11-13T12:00:00Z"));
        assertThat(ticks.get(ticks.size() - 1).at()).isEqualTo(Instant.parse("2026-02-28T00:05:00Z"));
    }

    @Test
    void aRangeEndingBeforeItStartsIsRejected() {
        assertThatThrownBy(() -> ScheduledTick.between(LocalDate.parse("2026-02-02"), LocalDate.parse("2026-02-01")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
