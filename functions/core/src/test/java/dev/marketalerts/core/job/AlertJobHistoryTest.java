package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;
import dev.marketalerts.core.testing.RecordingNotifier;
import dev.marketalerts.core.testing.StaticEarningsCalendar;
import dev.marketalerts.core.time.SettableClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The price job on one day, twice: as a backtest replays it (every bar of a long history that has closed by the
 * tick) and as a live tick gets it (the providers answer exactly the sessions the job asks for). The alert says the
 * same values both ways.
 */
class AlertJobHistoryTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Instrument NVDA = new Instrument("NVDA", Market.US_EQUITY, "NVIDIA");
    private static final Instrument BTC = new Instrument("BTC-USD", Market.CRYPTO, "Bitcoin");
    /** The runs of a backtest after the sessions of Thursday 2026-02-12: 16:05 New York for equities, 00:05 UTC for crypto. */
    private static final Instant EQUITY_TICK = Instant.parse("2026-02-12T21:05:00Z");
    private static final Instant CRYPTO_TICK = Instant.parse("2026-02-13T00:05:00Z");

    /** A replay of {@code bars} as of the tick, served whole or cut to the sessions asked for. */
    private static final class Feed implements PriceFeed {
        private final Map<String, List<DailyBar>> bars;
        private final boolean onlyWhatIsAsked;
        int asked;

        Feed(Map<String, List<DailyBar>> bars, boolean onlyWhatIsAsked) {
            this.bars = bars;
            this.onlyWhatIsAsked = onlyWhatIsAsked;
        }

        @Override
        public Map<String, Fetched<MarketSnapshot>> snapshots(List<Instrument> instruments, int barsNeeded, Instant asOf) {
            asked = barsNeeded;
            Map<String, Fetched<MarketSnapshot>> out = new LinkedHashMap<>();
            for (Instrument i : instruments) {
                TradingCalendar calendar = TradingCalendar.forMarket(i.market());
                List<DailyBar> closed = bars.get(i.symbol()).stream()
                        .filter(b -> !calendar.session(b.date()).orElseThrow().closeInstant().isAfter(asOf))
                        .toList();
                List<DailyBar> served = onlyWhatIsAsked ? closed.subList(Math.max(0, closed.size() - barsNeeded), closed.size()) : closed;
                DailyBar last = served.get(served.size() - 1);
                Quote quote = new Quote(last.close(), calendar.session(last.date()).orElseThrow().closeInstant(), "test");
                out.put(i.symbol(), Fetched.ok(new MarketSnapshot(i, served, quote, "test", asOf)));
            }
            return out;
        }
    }

    private static List<DailyBar> history(Market market, long seed) {
        TradingCalendar calendar = TradingCalendar.forMarket(market);
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 2, 12); dates.size() < 1200; d = d.minusDays(1)) {
            if (calendar.isTradingDay(d)) {
                dates.add(0, d);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<DailyBar> bars = new ArrayList<>();
        double close = 150;
        for (LocalDate date : dates) {
            double open = close * (1 + 0.01 * random.nextGaussian());
            close = Math.max(1, open * (1 + 0.02 * random.nextGaussian()));
            bars.add(new DailyBar(date, cents(open), cents(Math.max(open, close) * 1.01), cents(Math.min(open, close) * 0.99),
                    cents(close), random.nextLong(1_000, 1_000_000)));
        }
        return bars;
    }

    private static BigDecimal cents(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    private static final Map<String, List<DailyBar>> BARS = Map.of("NVDA", history(Market.US_EQUITY, 5), "BTC-USD", history(Market.CRYPTO, 6));

    /** What the alerts of a rule that always fires observed, per symbol, as the job sends them from {@code feed}. */
    private static Map<String, Map<String, Object>> observedFrom(Feed feed, Condition condition) {
        RuleConfig rule = new RuleConfig("every-day", List.of("NVDA", "BTC-USD"), condition, null, Trigger.ALWAYS, null, null,
                Severity.INFO, null);
        RecordingNotifier notifier = new RecordingNotifier();
        SettableClock clock = new SettableClock(EQUITY_TICK);
        AlertJob job = new AlertJob(new AlertsConfig(NY, List.of(NVDA, BTC), List.of(rule), ProvidersConfig.defaults()), feed,
                new StaticEarningsCalendar(), new InMemoryAlertStateStore(), notifier, clock);
        TickSummary equities = job.run(JobKind.PRICE, EQUITY_TICK, java.util.Set.of(Market.US_EQUITY));
        clock.set(CRYPTO_TICK);
        TickSummary crypto = job.run(JobKind.PRICE, CRYPTO_TICK, java.util.Set.of(Market.CRYPTO));
        assertThat(equities.sent() + crypto.sent()).as("%s %s", equities.unknowns(), crypto.unknowns()).isEqualTo(2);
        Map<String, Map<String, Object>> observed = new java.util.TreeMap<>();
        for (Alert a : notifier.published()) {
            observed.put(a.symbol(), a.observed());
        }
        return observed;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ema(200) > 0
            ema(12) > 0 and sma(200) > 0
            rsi(14) >= 0 and rsi(100) >= 0
            atr(14) > 0 and atr(200) > 0
            macd_signal(12,26,9) > -1000 and macd_hist(12,26,9) > -1000 and macd(12,26) > -1000
            bb_upper(20,2) > bb_lower(20,2)
            high(52w) > low(52w) and high(20d) > low(ytd)
            change(52w) > -1 and change(ytd) > -1 and change_since(2025-03-02) > -1
            """)
    void aBacktestAndALiveTickWithTheRequestedHistorySayTheSameOnOneDay(String text) throws Exception {
        Condition condition = ConditionParser.parse(text);
        Feed backtest = new Feed(BARS, false);
        Feed live = new Feed(BARS, true);

        Map<String, Map<String, Object>> replayed = observedFrom(backtest, condition);
        Map<String, Map<String, Object>> ticked = observedFrom(live, condition);

        assertThat(live.asked).isEqualTo(condition.barsNeeded()).isLessThan(BARS.get("NVDA").size() - 500);
        assertThat(ticked).isEqualTo(replayed).containsOnlyKeys("BTC-USD", "NVDA");
        assertThat(ticked.get("NVDA")).containsKey("condition").hasSizeGreaterThan(1);
    }
}
