package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.EarningsRule;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.testing.ForwardingAlertStateStore;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;
import dev.marketalerts.core.testing.RecordingNotifier;
import dev.marketalerts.core.testing.StaticPriceFeed;
import dev.marketalerts.core.time.SettableClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The report-day watch and the calendar kept between runs, with a calendar that records every request. */
class AlertJobWatchTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final LocalDate FEB25 = LocalDate.of(2026, 2, 25);

    private final SettableClock clock = new SettableClock(Instant.EPOCH);
    private final RecordingCalendar calendar = new RecordingCalendar();
    private final InMemoryAlertStateStore store = new InMemoryAlertStateStore();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final AlertJob job = new AlertJob(new AlertsConfig(NY,
            List.of(new Instrument("NVDA", Market.US_EQUITY, "NVIDIA"), new Instrument("MSFT", Market.US_EQUITY, "Microsoft")),
            List.of(new RuleConfig("big-tech-earnings", List.of("NVDA", "MSFT"), null,
                    new EarningsRule(List.of(7, 1, 0), true, new BigDecimal("0.05")), null, null, null, Severity.INFO, null)),
            ProvidersConfig.defaults()), new StaticPriceFeed(), calendar, store, notifier, clock);

    /** A calendar whose actuals appear at a set instant; it records the symbols and dates of every request. */
    private static final class RecordingCalendar implements EarningsCalendar {
        final List<EarningsEvent> events = new ArrayList<>();
        final Map<String, Instant> actualFrom = new HashMap<>();
        final List<String> requests = new ArrayList<>();
        /** Trading dates asked for: what a one-request-per-date provider such as Nasdaq would be asked. */
        int pages;

        @Override
        public Fetched<List<EarningsEvent>> events(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) {
            requests.add(new TreeSet<>(symbols) + " " + from + ".." + to);
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                pages += NyseCalendar.INSTANCE.isTradingDay(d) ? 1 : 0;
            }
            return Fetched.ok(events.stream()
                    .filter(e -> symbols.contains(e.symbol()) && !e.date().isBefore(from) && !e.date().isAfter(to))
                    .map(e -> asOf.isBefore(actualFrom.getOrDefault(e.symbol(), Instant.MIN)) ? without(e) : e)
                    .toList());
        }

        private static EarningsEvent without(EarningsEvent e) {
            return new EarningsEvent(e.symbol(), e.date(), e.session(), e.fiscalPeriod(), e.epsEstimate(), null, e.confirmed(), e.provider());
        }
    }

    private static Instant ny(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(NY).toInstant();
    }

    private TickSummary routine(LocalDate day, String time) {
        clock.set(ny(day, time));
        return job.run(JobKind.EARNINGS, clock.instant());
    }

    private TickSummary watch(LocalDate day, String time) {
        clock.set(ny(day, time));
        return job.watchEarnings(clock.instant());
    }

    private void nvdaReports(EarningsSession session, Instant actualFrom) {
        calendar.events.add(new EarningsEvent("NVDA", FEB25, session, null, new BigDecimal("1.52"), new BigDecimal("1.62"), true, "nasdaq"));
        calendar.actualFrom.put("NVDA", actualFrom);
    }

    @Test
    void aWatchTickOnADayWithoutReportsAsksNoProvider() {
        nvdaReports(EarningsSession.AMC, ny(FEB25, "16:10"));
        routine(LocalDate.of(2026, 2, 20), "07:00");
        int before = calendar.requests.size();

        for (String t : List.of("06:00", "09:30", "09:45", "16:05", "19:55")) {
            TickSummary s = watch(LocalDate.of(2026, 2, 20), t);
            assertThat(s.sent()).isZero();
            assertThat(s.evaluated()).isZero();
        }

        assertThat(before).isPositive();
        assertThat(calendar.requests).hasSize(before);
    }

    @Test
    void theSurpriseGoesOutAtTheFirstWatchTickThatSeesTheActualAndTheWatchThenStopsAsking() {
        calendar.events.add(new EarningsEvent("MSFT", FEB25, EarningsSession.BMO, null, new BigDecimal("3.00"), new BigDecimal("3.01"), true,
                "nasdaq"));
        nvdaReports(EarningsSession.AMC, ny(FEB25, "16:07"));
        routine(FEB25, "07:00");
        calendar.requests.clear();

        TickSummary first = watch(FEB25, "16:05");
        TickSummary second = watch(FEB25, "16:10");
        TickSummary third = watch(FEB25, "16:15");
        TickSummary evening = routine(FEB25, "18:00");

        assertThat(first.sent()).isZero();
        assertThat(second.sentAlerts()).extracting(Alert::id).containsExactly("big-tech-earnings:NVDA:earnings-surprise:2026-02-25");
        assertThat(second.sentAlerts().get(0).title()).isEqualTo("NVDA beat the EPS estimate by 6.6% (1.62 vs 1.52)");
        assertThat(third.sent()).isZero();
        // Only NVDA's date, only for NVDA (MSFT's actual was there from the morning), and nothing once it is known.
        assertThat(calendar.requests).containsExactly("[NVDA] 2026-02-25..2026-02-25", "[NVDA] 2026-02-25..2026-02-25");
        // The 18:00 run derives the same id: the claim says it was sent.
        assertThat(evening.sent()).isZero();
        assertThat(notifier.ids()).filteredOn(id -> id.contains("surprise")).containsExactly(
                "big-tech-earnings:NVDA:earnings-surprise:2026-02-25");
        assertThat(store.earningsCalendar().orElseThrow().events(FEB25, FEB25, FEB25)).extracting(EarningsEvent::symbol)
                .containsExactly("MSFT", "NVDA");
    }

    @ParameterizedTest(name = "{0} report, watch at {1}: asks={2}")
    @CsvSource({
            "BMO, 05:55, false",
            "BMO, 06:00, true",
            "UNKNOWN, 09:25, false",
            "UNKNOWN, 09:30, true",
            "UNKNOWN, 19:55, true",
            "AMC, 09:45, false",
            "AMC, 16:05, true",
    })
    void theWatchLooksForTheActualFromWhenItIsDue(EarningsSession session, String time, boolean asks) {
        nvdaReports(session, Instant.MAX);
        routine(FEB25, "05:00");
        calendar.requests.clear();

        TickSummary s = watch(FEB25, time);

        assertThat(calendar.requests).hasSize(asks ? 1 : 0);
        assertThat(s.sent()).isZero();
    }

    @Test
    void aRoutineRunWithAWarmCalendarAsksForAtMostThreeDates() {
        nvdaReports(EarningsSession.AMC, ny(FEB25, "16:00"));
        LocalDate day = LocalDate.of(2026, 2, 9);
        routine(day, "07:00");
        int cold = calendar.pages;
        LocalDate[] window = {day.minusDays(EarningsRules.SURPRISE_LOOKBACK_DAYS), day.plusDays(EarningsRules.DATE_CHANGE_HORIZON_DAYS)};
        int tradingDays = 0;
        for (LocalDate d = window[0]; !d.isAfter(window[1]); d = d.plusDays(1)) {
            tradingDays += NyseCalendar.INSTANCE.isTradingDay(d) ? 1 : 0;
        }
        assertThat(cold).isEqualTo(tradingDays);

        List<Integer> perRun = new ArrayList<>();
        List<Alert> sent = new ArrayList<>();
        for (LocalDate d = day; !d.isAfter(FEB25); d = d.plusDays(1)) {
            for (String t : d.equals(day) ? List.of("18:00") : List.of("07:00", "18:00")) {
                int before = calendar.pages;
                sent.addAll(routine(d, t).sentAlerts());
                perRun.add(calendar.pages - before);
            }
        }

        assertThat(perRun).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(CalendarRefresh.ROUTINE_PAGES));
        assertThat(sent).extracting(Alert::id).containsExactly(
                "big-tech-earnings:NVDA:earnings-reminder:2026-02-25:7d",
                "big-tech-earnings:NVDA:earnings-reminder:2026-02-25:1d",
                "big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d",
                "big-tech-earnings:NVDA:earnings-surprise:2026-02-25");
        assertThat(sent.get(3).kind()).isEqualTo(AlertKind.EARNINGS_SURPRISE);
    }

    @Test
    void aMovedReportIsSeenOnceTheNewDatesPageIsFetched() {
        calendar.events.add(new EarningsEvent("NVDA", FEB25, EarningsSession.AMC, null, null, null, true, "nasdaq"));
        routine(LocalDate.of(2026, 2, 10), "07:00");
        calendar.events.clear();
        calendar.events.add(new EarningsEvent("NVDA", LocalDate.of(2026, 2, 24), EarningsSession.AMC, null, null, null, true, "nasdaq"));

        List<Alert> sent = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 2, 10); !d.isAfter(LocalDate.of(2026, 2, 17)); d = d.plusDays(1)) {
            sent.addAll(routine(d, "18:00").sentAlerts());
            sent.addAll(routine(d.plusDays(1), "07:00").sentAlerts());
        }

        assertThat(sent).extracting(Alert::id).contains("big-tech-earnings:NVDA:earnings-date-change:moved:2026-02-25>2026-02-24");
    }

    @Test
    void aWatchTickThatCannotReadTheKeptCalendarAsksNoProviderAndSaysSo() {
        nvdaReports(EarningsSession.AMC, ny(FEB25, "16:00"));
        routine(FEB25, "07:00");
        calendar.requests.clear();
        boolean[] broken = {true};
        AlertJob failing = new AlertJob(job.config(), new StaticPriceFeed(), calendar, new ForwardingAlertStateStore(store) {
            @Override
            public java.util.Optional<EarningsCalendarCache> earningsCalendar() {
                if (broken[0]) {
                    throw new StateStoreException("table unreachable");
                }
                return super.earningsCalendar();
            }
        }, notifier, clock);
        clock.set(ny(FEB25, "16:05"));

        TickSummary s = failing.watchEarnings(clock.instant());

        assertThat(calendar.requests).isEmpty();
        assertThat(s.problems()).containsExactly(
                "reading the kept earnings calendar: table unreachable (this watch tick asks no provider)");
        broken[0] = false;
        clock.set(ny(FEB25, "16:10"));
        assertThat(failing.watchEarnings(clock.instant()).sentAlerts()).extracting(Alert::kind).containsExactly(AlertKind.EARNINGS_SURPRISE);
    }
}
