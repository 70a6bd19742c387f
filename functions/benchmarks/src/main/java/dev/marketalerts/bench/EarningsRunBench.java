package dev.marketalerts.bench;

import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigLoader;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.CalendarRefresh;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;
import dev.marketalerts.core.testing.RecordingNotifier;
import dev.marketalerts.core.time.SettableClock;
import dev.marketalerts.marketdata.KeyResolver;
import dev.marketalerts.marketdata.MarketDataOptions;
import dev.marketalerts.marketdata.factory.MarketDataFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The earnings job's provider requests and time with the shipped earnings rule (4 symbols, reminders, date changes,
 * surprises: a window of 4 days back and 21 ahead) against a Nasdaq stub answering after 50 ms, with the production
 * options, so Nasdaq's one request per second is paced as in production. Each run gets a fresh factory (a new Lambda
 * container). Before: every run fetched the whole window, which is what a run without a kept calendar still does
 * (measured as such). After: the routine runs of two weeks (07:00 and 18:00) with the calendar kept in the store, and
 * watch ticks on days without a report.
 */
public final class EarningsRunBench {
    static final long LATENCY_MS = 50;
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 2);
    static final int DAYS = 14;
    static final double BUDGET_MS = 3000;

    public static void main(String[] args) throws Exception {
        SettableClock clock = new SettableClock(at(FIRST_DAY, "07:00"));
        try (ProviderStub stub = ProviderStub.start(LATENCY_MS, clock)) {
            String yaml = """
                    timezone: America/New_York
                    watchlist:
                      - { symbol: NVDA, name: NVIDIA }
                      - { symbol: MSFT, name: Microsoft }
                      - { symbol: META, name: Meta Platforms }
                      - { symbol: AMZN, name: Amazon }
                    rules:
                      - id: big-tech-earnings
                        symbols: [NVDA, MSFT, META, AMZN]
                        earnings: { remind: [7d, 1d, 0d], date-change: true, surprise: 5%% }
                    providers:
                      earnings: [nasdaq]
                      nasdaq: { base-url: %s }
                    """.formatted(stub.baseUrl());
            AlertsConfig config = ConfigLoader.load("bench-earnings.yaml", yaml, Map.of());
            String part = "6 earnings run";

            Run cold = run(config, clock, stub, new InMemoryAlertStateStore(), at(FIRST_DAY, "07:00"), false);
            Results.info(part, "before: a run fetching the whole window (as every run did), provider requests", cold.requests, "requests", "");
            Results.info(part, "before: its time", cold.millis, "ms", "Nasdaq paced at 1 request/s");

            AlertStateStore store = new InMemoryAlertStateStore();
            run(config, clock, stub, store, at(FIRST_DAY, "07:00"), false);
            List<Run> routine = new ArrayList<>();
            List<Run> watch = new ArrayList<>();
            for (int d = 0; d < DAYS; d++) {
                LocalDate day = FIRST_DAY.plusDays(d);
                for (String t : d == 0 ? List.of("18:00") : List.of("07:00", "18:00")) {
                    routine.add(run(config, clock, stub, store, at(day, t), false));
                }
                if (day.getDayOfWeek().getValue() <= 5) {
                    // The stub's only report is 7 days ahead of the clock: no report is due on any day watched here.
                    watch.add(run(config, clock, stub, store, at(day, "16:05"), true));
                }
            }
            double maxRequests = routine.stream().mapToDouble(r -> r.requests).max().orElseThrow();
            double[] times = routine.stream().mapToDouble(r -> r.millis).toArray();
            double maxMillis = Results.percentile(times, 100);
            Results.row(part, "after: routine run with the kept calendar, most provider requests in " + routine.size() + " runs", maxRequests,
                    "requests", "<= " + CalendarRefresh.ROUTINE_PAGES, Results.verdict(maxRequests <= CalendarRefresh.ROUTINE_PAGES), "");
            Results.info(part, "after: routine run, p50 time", Results.percentile(times, 50), "ms", "");
            Results.row(part, "after: routine run, slowest", maxMillis, "ms", "<= " + (long) BUDGET_MS, Results.verdict(maxMillis <= BUDGET_MS), "");
            double watchRequests = watch.stream().mapToDouble(r -> r.requests).sum();
            Results.row(part, "watch ticks on days without a due report (" + watch.size() + " ticks), provider requests in all", watchRequests,
                    "requests", "0", Results.verdict(watchRequests == 0), "they read the state store only");
            Results.info(part, "watch tick without a due report, slowest", Results.percentile(watch.stream().mapToDouble(r -> r.millis).toArray(), 100),
                    "ms", "");
        }
    }

    private record Run(double requests, double millis) {
    }

    private static Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(NEW_YORK).toInstant();
    }

    private static Run run(AlertsConfig config, SettableClock clock, ProviderStub stub, AlertStateStore store, Instant at, boolean watch) {
        clock.set(at);
        MarketDataFactory factory = new MarketDataFactory(config.providers(), KeyResolver.LOCAL, clock, MarketDataOptions.defaults());
        AlertJob job = new AlertJob(config, factory.priceFeed(), factory.earningsCalendar(), store, new RecordingNotifier(), clock);
        long before = stub.requests();
        long started = System.nanoTime();
        Supplier<TickSummary> tick = watch ? () -> job.watchEarnings(at) : () -> job.run(JobKind.EARNINGS, at);
        TickSummary summary = tick.get();
        double millis = (System.nanoTime() - started) / 1e6;
        if (!summary.problems().isEmpty()) {
            throw new IllegalStateException("the earnings run at " + at + " had problems: " + summary.problems());
        }
        return new Run(stub.requests() - before, millis);
    }
}
