package dev.marketalerts.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigLoader;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.job.PriceFeed;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.time.SettableClock;
import dev.marketalerts.marketdata.replay.ReplayMarketData;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest fed only the sessions its rules ask for (what the replay serves) sends exactly the alerts, ids, texts,
 * observed values and times, of one fed every bar up to each tick (what the replay served before): a year and a half of
 * made-up bars for six symbols under the windowed indicators (sma, ema, rsi, atr, macd, Bollinger bands) and a
 * crossing with rearm.
 */
class BacktestHistoryTest {
    static final LocalDate FROM = LocalDate.parse("2024-07-01");
    static final LocalDate TO = LocalDate.parse("2025-12-31");
    static final int SYMBOLS = 6;

    @TempDir
    Path dir;

    @Test
    void theSessionsAskedForGiveTheAlertsOfTheWholeHistory() throws Exception {
        SyntheticReplay.write(dir.resolve("data"), dir.resolve("unused.yaml"), FROM.minusYears(1), TO, 20240102L);
        ReplayMarketData replay = ReplayMarketData.load(dir.resolve("data"));
        AlertsConfig config = config();
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        PriceFeed everyBar = (instruments, barsNeeded, asOf) -> {
            asked.accumulateAndGet(barsNeeded, Math::max);
            Map<String, Fetched<MarketSnapshot>> all = replay.snapshots(instruments, Integer.MAX_VALUE, asOf);
            all.values().forEach(f -> {
                if (f instanceof Fetched.Ok<MarketSnapshot> ok) {
                    mostHeld.accumulateAndGet(ok.value().bars().size(), Math::max);
                }
            });
            return all;
        };

        List<Alert> windowed = backtest(config, replay, replay);
        List<Alert> whole = backtest(config, everyBar, replay);

        assertThat(mostHeld.get()).as("the reference held more than was asked").isGreaterThan(asked.get() + 200);
        assertThat(windowed).extracting(Alert::rule).contains("golden-cross", "oversold", "band-breakout", "macd-turn", "big-day",
                "btc-80k");
        assertThat(windowed).isEqualTo(whole);
    }

    private static List<Alert> backtest(AlertsConfig config, PriceFeed prices, ReplayMarketData replay) {
        SettableClock clock = new SettableClock(FROM.atStartOfDay(config.timezone()).toInstant());
        Notifier sent = alerts -> alerts.stream().map(a -> (Notifier.Delivery) new Notifier.Delivery.Sent("m-" + a.id())).toList();
        AlertJob job = new AlertJob(config, prices, replay, Backtest.newStore(), sent, clock);
        return Backtest.run(job, clock, FROM, TO, config.timezone(), new Backtest.Listener() {
            @Override
            public void alert(Alert alert) {
            }

            @Override
            public void progress(LocalDate reached, long daysDone, long daysTotal, int alertsSoFar) {
            }
        }).alerts();
    }

    private AlertsConfig config() throws Exception {
        List<String> symbols = SyntheticReplay.equities().subList(0, SYMBOLS);
        String list = String.join(", ", symbols);
        StringBuilder yaml = new StringBuilder("timezone: America/New_York\nwatchlist:\n");
        symbols.forEach(s -> yaml.append("  - { symbol: ").append(s).append(" }\n"));
        yaml.append("  - { symbol: BTC-USD, name: Bitcoin, market: crypto }\nrules:\n");
        String[][] rules = {
                {"golden-cross", "sma(50) crosses above sma(200)"},
                {"oversold", "rsi(14) < 35 and atr(14) > 2% * price"},
                {"band-breakout", "price crosses above bb_upper(20, 2)"},
                {"macd-turn", "macd(12,26) crosses above macd_signal(12,26,9) and price > ema(20)"},
                {"big-day", "abs(change(1d)) >= 6%\n    trigger: daily"}};
        for (String[] r : rules) {
            yaml.append("  - id: ").append(r[0]).append("\n    symbols: [").append(list).append("]\n    when: ").append(r[1]).append('\n');
        }
        yaml.append("""
                  - id: btc-80k
                    symbol: BTC-USD
                    when: price crosses below 60000
                    rearm: 2%
                health: { after: 0 }
                """);
        return ConfigLoader.load("alerts.yaml", yaml.toString(), Map.of());
    }
}
