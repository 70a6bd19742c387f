package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.calendar.CryptoCalendar;
import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One day gives one value: every metric reads nothing older than the history its condition asks the providers for
 * ({@link Condition#barsNeeded()}), so a backtest holding years of bars and a live tick holding just what it asked
 * for agree on every day, on the NYSE calendar and on crypto's every-day calendar.
 */
class HistoryLengthTest {
    private static final int SESSIONS = 1000;
    private static final List<DailyBar> EQUITY = history(NyseCalendar.INSTANCE, 11);
    private static final List<DailyBar> CRYPTO = history(CryptoCalendar.INSTANCE, 12);

    /** {@link #SESSIONS} bars of a seeded random walk ending 2026-02-12, with a volume. */
    private static List<DailyBar> history(TradingCalendar calendar, long seed) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 2, 12); dates.size() < SESSIONS; d = d.minusDays(1)) {
            if (calendar.isTradingDay(d)) {
                dates.add(0, d);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<DailyBar> bars = new ArrayList<>();
        double close = 100;
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

    /** The price run after session {@code last} closed, holding {@code held} bars up to it. */
    private static MetricContext afterClose(List<DailyBar> bars, int last, int held, boolean crypto) {
        TradingCalendar calendar = crypto ? CryptoCalendar.INSTANCE : NyseCalendar.INSTANCE;
        DailyBar today = bars.get(last);
        Instant close = calendar.session(today.date()).orElseThrow().closeInstant();
        Instrument instrument = crypto ? Instrument.crypto("BTC-USD") : Instrument.equity("NVDA");
        MarketSnapshot snapshot = new MarketSnapshot(instrument, bars.subList(Math.max(0, last + 1 - held), last + 1),
                new Quote(today.close(), close, "test"), "test", close.plusSeconds(300));
        return new MetricContext(snapshot, calendar, close.plusSeconds(300), null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ema(12) > 0
            ema(200) > 0
            sma(50) > 0
            rsi(14) > 0
            rsi(100) > 0
            atr(14) > 0
            macd(12,26) > macd_signal(12,26,9)
            macd_hist(12,100,9) > 0
            bb_upper(20,2) > bb_lower(20,2)
            high(52w) > low(52w)
            high(20d) > low(3m)
            high(ytd) > low(ytd)
            change(1d) > 0 or change(2w) > 0 or change(6m) > 0 or change(52w) > 0 or change(ytd) > 0
            change_since(2025-03-03) > 0
            avg_volume(20) > 0 and volume > 0 and gap > -1 and open > 0
            """)
    void aLongHistoryAndTheRequestedHistoryGiveTheSameValuesEveryDay(String text) throws Exception {
        Condition condition = ConditionParser.parse(text);
        int requested = condition.barsNeeded();
        assertThat(requested).isLessThan(SESSIONS - 200);
        for (boolean crypto : new boolean[] {false, true}) {
            List<DailyBar> bars = crypto ? CRYPTO : EQUITY;
            int known = 0;
            for (int last = SESSIONS - 200; last < SESSIONS; last++) {
                Evaluation backtest = condition.evaluate(afterClose(bars, last, SESSIONS, crypto), Map.of());
                Evaluation live = condition.evaluate(afterClose(bars, last, requested, crypto), Map.of());

                assertThat(live.observed()).as("%s on %s (crypto: %s)", text, bars.get(last).date(), crypto)
                        .isEqualTo(backtest.observed());
                assertThat(live.result()).isEqualTo(backtest.result());
                known += backtest.result() == TriState.UNKNOWN ? 0 : 1;
            }
            assertThat(known).as("days known (crypto: %s)", crypto).isPositive();
        }
    }
}
