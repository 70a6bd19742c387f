package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.EarningsRule;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Instrument;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EarningsRulesTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Instrument NVDA = new Instrument("NVDA", dev.marketalerts.core.market.Market.US_EQUITY, "NVIDIA");
    private static final RuleConfig RULE = new RuleConfig("big-tech-earnings", List.of("NVDA"), null,
            new EarningsRule(List.of(7, 1, 0), true, new BigDecimal("0.05")), null, null, null, Severity.INFO, null);
    private static final EarningsEvent FEB = new EarningsEvent("NVDA", LocalDate.of(2026, 2, 25), EarningsSession.AMC, "Q4 2026",
            new BigDecimal("1.52"), null, true, "nasdaq");

    private static Instant ny(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(NY).toInstant();
    }

    private static List<Alert> at(String localDateTime, EarningsSnapshot previous, EarningsEvent... events) {
        return EarningsRules.evaluate(RULE, NVDA, List.of(events), previous, ny(localDateTime), NY);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "2026-02-17T18:00, ''",
            "2026-02-18T07:00, big-tech-earnings:NVDA:earnings-reminder:2026-02-25:7d",
            "2026-02-18T18:00, big-tech-earnings:NVDA:earnings-reminder:2026-02-25:7d",
            "2026-02-19T07:00, ''",
            "2026-02-24T07:00, big-tech-earnings:NVDA:earnings-reminder:2026-02-25:1d",
            "2026-02-25T07:00, big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d",
            "2026-02-26T07:00, ''",
    })
    void reminderIsDueOnReportDateMinusOffsetAndNeverLate(String at, String expectedId) {
        List<String> ids = at(at, null, FEB).stream().map(Alert::id).toList();
        assertThat(ids).isEqualTo(expectedId.isEmpty() ? List.of() : List.of(expectedId));
    }

    @Test
    void reminderCountsCalendarDaysInNewYorkNotUtc() {
        // 2026-02-18 02:00 UTC is still 2026-02-17 in New York: not yet the 7-day reminder.
        List<Alert> alerts = EarningsRules.evaluate(RULE, NVDA, List.of(FEB), null, Instant.parse("2026-02-18T02:00:00Z"), NY);
        assertThat(alerts).isEmpty();
    }

    @Test
    void reminderTextSaysWhenInTheDayAndTheEstimate() {
        Alert a = at("2026-02-24T07:00", null, FEB).get(0);
        assertThat(a.title()).isEqualTo("NVDA reports earnings tomorrow (2026-02-25, after the close)");
        assertThat(a.text()).contains("EPS estimate 1.52").contains("after the close");
        assertThat(a.kind()).isEqualTo(AlertKind.EARNINGS_REMINDER);
        assertThat(a.source().provider()).isEqualTo("nasdaq");
    }

    @Test
    void remindersFollowAMovedDate() {
        EarningsEvent moved = new EarningsEvent("NVDA", LocalDate.of(2026, 2, 26), EarningsSession.AMC, null, null, null, true, "nasdaq");
        assertThat(at("2026-02-19T07:00", new EarningsSnapshot("NVDA", FEB.date(), true, "nasdaq", null), moved))
                .extracting(Alert::id)
                .containsExactly("big-tech-earnings:NVDA:earnings-reminder:2026-02-26:7d",
                        "big-tech-earnings:NVDA:earnings-date-change:moved:2026-02-25>2026-02-26");
    }

    @Test
    void unconfirmedDateThatBecomesConfirmedIsReportedOnce() {
        EarningsSnapshot estimated = new EarningsSnapshot("NVDA", FEB.date(), false, "nasdaq", null);
        List<Alert> alerts = at("2026-02-10T07:00", estimated, FEB);
        assertThat(alerts).extracting(Alert::id).containsExactly("big-tech-earnings:NVDA:earnings-date-change:confirmed:2026-02-25");
        assertThat(alerts.get(0).title()).isEqualTo("NVDA earnings date confirmed: 2026-02-25");
        EarningsSnapshot after = EarningsRules.nextSnapshot("NVDA", estimated, List.of(FEB), LocalDate.of(2026, 2, 10), ny("2026-02-10T07:00"), NY);
        assertThat(at("2026-02-10T18:00", after, FEB)).isEmpty();
    }

    @Test
    void nextQuartersDateIsNotADateChange() {
        EarningsSnapshot lastQuarter = new EarningsSnapshot("NVDA", LocalDate.of(2025, 11, 19), true, "nasdaq", null);
        assertThat(at("2026-02-18T07:00", lastQuarter, FEB)).extracting(Alert::kind).containsExactly(AlertKind.EARNINGS_REMINDER);
        EarningsSnapshot next = EarningsRules.nextSnapshot("NVDA", lastQuarter, List.of(FEB), LocalDate.of(2026, 2, 18), ny("2026-02-18T07:00"), NY);
        assertThat(next.date()).isEqualTo(FEB.date());
        assertThat(next.lastReported()).isEqualTo(LocalDate.of(2025, 11, 19));
    }

    @ParameterizedTest(name = "{0} {1} at {2}: fires={3}")
    @CsvSource({
            "AMC, 1.62, 2026-02-25T15:59, false",
            "AMC, 1.62, 2026-02-25T16:00, true",
            "BMO, 1.62, 2026-02-25T05:59, false",
            "BMO, 1.62, 2026-02-25T06:00, true",
            "UNKNOWN, 1.62, 2026-02-25T09:29, false",
            "UNKNOWN, 1.62, 2026-02-25T09:30, true",
            "AMC, 1.59, 2026-02-25T18:00, false",
            "AMC, 1.596, 2026-02-25T18:00, true",
            "AMC, 1.44, 2026-02-25T18:00, true",
            "AMC, 1.62, 2026-03-05T18:00, false",
    })
    void surpriseOnceTheActualIsDueAtOrAboveTheThreshold(EarningsSession session, String actual, String at, boolean fires) {
        EarningsEvent reported = new EarningsEvent("NVDA", FEB.date(), session, null, new BigDecimal("1.52"), new BigDecimal(actual), true, "nasdaq");
        List<Alert> surprises = at(at, null, reported).stream().filter(a -> a.kind() == AlertKind.EARNINGS_SURPRISE).toList();
        assertThat(surprises).hasSize(fires ? 1 : 0);
    }

    @Test
    void surpriseSaysBeatOrMissWithTheNumbers() {
        EarningsEvent reported = new EarningsEvent("NVDA", FEB.date(), EarningsSession.AMC, null, new BigDecimal("1.52"), new BigDecimal("1.62"), true, "nasdaq");
        Alert a = at("2026-02-25T18:00", null, reported).stream().filter(x -> x.kind() == AlertKind.EARNINGS_SURPRISE).findFirst().orElseThrow();
        assertThat(a.title()).isEqualTo("NVDA beat the EPS estimate by 6.6% (1.62 vs 1.52)");
        assertThat(a.id()).isEqualTo("big-tech-earnings:NVDA:earnings-surprise:2026-02-25");
        assertThat(a.observed()).containsEntry("surprise", new BigDecimal("0.0658"));
    }

    @Test
    void negativeEstimateUsesItsAbsoluteValue() {
        EarningsEvent loss = new EarningsEvent("NVDA", FEB.date(), EarningsSession.BMO, null, new BigDecimal("-0.20"), new BigDecimal("-0.10"), true, "nasdaq");
        Alert a = at("2026-02-25T18:00", null, loss).stream().filter(x -> x.kind() == AlertKind.EARNINGS_SURPRISE).findFirst().orElseThrow();
        assertThat(a.title()).startsWith("NVDA beat the EPS estimate by 50.0%");
    }
}
