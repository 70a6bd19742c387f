package dev.marketalerts.bench;

import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Provider fan-out: 500 symbols fetched through the live chain from a stub answering after 50 ms, under the
 * configured concurrency limit, against the ideal {@code symbols x latency / concurrency}. Each run uses a new
 * factory (no history cache), so every run makes the same 500 full-history requests.
 */
public final class FanOutBench {
    static final int SYMBOLS = 500;
    static final long LATENCY_MS = 50;
    static final int WARMUP = 2;
    static final int RUNS = 5;
    static final double BUDGET = 1.2;

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
        try (ProviderStub stub = ProviderStub.start(LATENCY_MS, clock)) {
            AlertsConfig config = StubMarket.config(SYMBOLS, SYMBOLS, stub);
            List<Instrument> instruments = config.watchlist();
            int concurrency = StubMarket.options().concurrency();
            double ideal = (double) SYMBOLS * LATENCY_MS / concurrency;
            double[] wall = new double[RUNS];
            for (int run = -WARMUP; run < RUNS; run++) {
                stub.resetCounters();
                var feed = StubMarket.factory(config, clock).priceFeed();
                long started = System.nanoTime();
                Map<String, Fetched<MarketSnapshot>> out = feed.snapshots(instruments, 260, clock.instant());
                double millis = (System.nanoTime() - started) / 1e6;
                long failed = out.values().stream().filter(f -> !(f instanceof Fetched.Ok<MarketSnapshot>)).count();
                if (out.size() != SYMBOLS || failed > 0) {
                    throw new IllegalStateException("fan-out run failed for " + failed + " of " + out.size() + " symbols: "
                            + out.values().stream().filter(f -> f instanceof Fetched.Failed<MarketSnapshot>).findFirst().orElse(null));
                }
                System.out.printf("fan-out %s: %.0f ms for %d requests, at most %d in flight%n", run < 0 ? "warm-up" : "run " + (run + 1),
                        millis, stub.requests(), stub.maxInFlight());
                if (run >= 0) {
                    wall[run] = millis;
                }
            }
            double median = Results.percentile(wall, 50);
            double ratio = median / ideal;
            String part = "4 fan-out";
            Results.info(part, "concurrency limit (MarketDataOptions.concurrency)", concurrency, "requests", "default options, rate limits lifted");
            Results.info(part, "ideal: " + SYMBOLS + " symbols x " + LATENCY_MS + " ms / " + concurrency, ideal, "ms", "");
            Results.info(part, "wall time, median of " + RUNS, median, "ms", "min " + Results.format(Results.percentile(wall, 1))
                    + ", max " + Results.format(Results.percentile(wall, 100)));
            Results.row(part, "wall / ideal", ratio, "x", "<= " + BUDGET, Results.verdict(ratio <= BUDGET), "");
        }
    }
}
