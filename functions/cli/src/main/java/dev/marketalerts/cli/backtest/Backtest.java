package dev.marketalerts.cli.backtest;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.job.MemoryAlertStateStore;
import dev.marketalerts.core.time.SettableClock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a date range like production: every {@link ScheduledTick} in instant order through one
 * {@link AlertJob}, with the clock set to the tick's instant, so state, triggers and dedupe behave
 * exactly as they would have live.
 */
public final class Backtest {
    /** How often (in simulated days) progress is reported. */
    public static final int PROGRESS_EVERY_DAYS = 30;

    /** What the walk reports while it goes. */
    public interface Listener {
        void alert(Alert alert);

        void progress(LocalDate reached, long daysDone, long daysTotal, int alertsSoFar);
    }

    /**
     * What the walk did: every alert sent, in time order; each distinct problem a tick reported with how
     * many ticks reported it; the number of ticks, of which report-day watch ticks; the watch ticks that asked the
     * calendar for an actual; and how many deliveries failed.
     */
    public record Result(List<Alert> alerts, Map<String, Integer> problems, int ticks, int watchTicks, List<java.time.Instant> watchesThatAsked,
                         int failedDeliveries) {
        public Result {
            alerts = List.copyOf(alerts);
            watchesThatAsked = List.copyOf(watchesThatAsked);
            problems = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(problems));
        }

        public boolean hasFailures() {
            return failedDeliveries > 0 || !problems.isEmpty();
        }
    }

    private Backtest() {
    }

    /** The state of a walk: it has nothing to survive a crash, so it lives in memory and writes nothing. */
    public static AlertStateStore newStore() {
        return new MemoryAlertStateStore();
    }

    /** Walks the days {@code from} to {@code to} of {@code zone}. */
    public static Result run(AlertJob job, SettableClock clock, LocalDate from, LocalDate to, ZoneId zone, Listener listener) {
        List<ScheduledTick> ticks = ScheduledTick.between(from, to, zone);
        long totalDays = ChronoUnit.DAYS.between(from, to) + 1;
        List<Alert> alerts = new ArrayList<>();
        Map<String, Integer> problems = new LinkedHashMap<>();
        int failed = 0;
        int watchTicks = 0;
        List<java.time.Instant> asked = new ArrayList<>();
        long nextProgress = PROGRESS_EVERY_DAYS;
        // The ticks are in instant order: the day of a tick is worked out when a tick reaches the next day.
        java.time.Instant nextDay = java.time.Instant.MIN;
        for (ScheduledTick tick : ticks) {
            if (!tick.at().isBefore(nextDay)) {
                LocalDate day = tick.at().atZone(zone).toLocalDate();
                nextDay = day.plusDays(1).atStartOfDay(zone).toInstant();
                long done = ChronoUnit.DAYS.between(from, day);
                if (done >= nextProgress) {
                    listener.progress(day.minusDays(1), done, totalDays, alerts.size());
                    nextProgress += PROGRESS_EVERY_DAYS;
                }
            }
            clock.set(tick.at());
            TickSummary summary;
            if (tick.watch()) {
                summary = job.watchEarnings(tick.at());
                watchTicks++;
                if (summary.evaluated() > 0) {
                    asked.add(tick.at());
                }
            } else {
                summary = tick.job() == JobKind.PRICE ? job.run(JobKind.PRICE, tick.at(), tick.markets()) : job.run(tick.job(), tick.at());
            }
            for (Alert a : summary.sentAlerts()) {
                alerts.add(a);
                listener.alert(a);
            }
            failed += summary.failed();
            for (String p : summary.problems()) {
                problems.merge(tick.label() + ": " + p, 1, Integer::sum);
            }
        }
        return new Result(alerts, problems, ticks.size(), watchTicks, asked, failed);
    }
}
