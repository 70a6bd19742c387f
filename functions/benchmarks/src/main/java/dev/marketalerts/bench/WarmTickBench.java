package dev.marketalerts.bench;

import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;
import dev.marketalerts.core.testing.RecordingNotifier;
import dev.marketalerts.marketdata.factory.MarketDataFactory;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Warm tick: a full {@link AlertJob#run} of the price job, 50 symbols and 200 rules, the live chain reading a stub
 * that answers after 50 ms, one factory (as in a warm Lambda container: history cache and connections kept).
 * Compared with the tick's unavoidable wait, one provider latency per wave of {@code concurrency} requests.
 */
public final class WarmTickBench {
    static final int SYMBOLS = 50;
    static final int RULES = 200;
    static final long LATENCY_MS = 50;
    static final int WARMUP = 20;
    static final int RUNS = 50;
    static final double BUDGET = 1.2;

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
        try (ProviderStub stub = ProviderStub.start(LATENCY_MS, clock)) {
            AlertsConfig config = StubMarket.config(SYMBOLS, RULES, stub);
            MarketDataFactory factory = StubMarket.factory(config, clock);
            AlertJob job = new AlertJob(config, factory.priceFeed(), factory.earningsCalendar(), new InMemoryAlertStateStore(),
                    new RecordingNotifier(), clock);
            int concurrency = StubMarket.options().concurrency();
            int waves = (SYMBOLS + concurrency - 1) / concurrency;
            double wait = waves * (double) LATENCY_MS;
            double[] ticks = new double[RUNS];
            for (int run = -WARMUP; run < RUNS; run++) {
                long started = System.nanoTime();
                TickSummary summary = job.run(JobKind.PRICE, clock.instant());
                double millis = (System.nanoTime() - started) / 1e6;
                if (summary.evaluated() != RULES || !summary.problems().isEmpty()) {
                    throw new IllegalStateException("the tick did not evaluate every rule cleanly: " + summary.evaluated()
                            + " evaluated, problems " + summary.problems());
                }
                if (run >= 0) {
                    ticks[run] = millis;
                }
            }
            double p50 = Results.percentile(ticks, 50);
            double p99 = Results.percentile(ticks, 99);
            String part = "5 warm tick";
            Results.info(part, "unavoidable wait: ceil(" + SYMBOLS + "/" + concurrency + ") waves x " + LATENCY_MS + " ms", wait, "ms", "");
            Results.info(part, "p50 of " + RUNS + " ticks (" + SYMBOLS + " symbols, " + RULES + " rules)", p50, "ms", "after " + WARMUP + " warm-up ticks");
            Results.info(part, "p99 of " + RUNS + " ticks", p99, "ms", "");
            Results.row(part, "p50 / wait", p50 / wait, "x", "<= " + BUDGET, Results.verdict(p50 / wait <= BUDGET), "");
            Results.info(part, "p99 / wait", p99 / wait, "x", "");
        }
    }
}
