package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recursive indicators continued from tick to tick give, session after session, exactly the value (digits and scale)
 * of a pass over the whole window on a fresh context, whatever the ticks see: a live price inside the session, then its
 * closed bar, a window of bars that slides as a replay serves it, the same history fetched again as new objects, a
 * revised bar, a bar without high and low.
 */
class RunningIndicatorsTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final List<DailyBar> BARS = IndicatorTest.randomWalk(700, 77);

    private static MarketSnapshot snapshot(List<DailyBar> bars, BigDecimal price, Instant at) {
        return new MarketSnapshot(Instrument.equity("NVDA"), bars, new Quote(price, at, "test"), "test", at.plusSeconds(60));
    }

    private static BigDecimal value(String metric, MarketSnapshot snapshot, RunningIndicators running) throws ConditionSyntaxException {
        Instant now = snapshot.asOf();
        MetricContext context = new MetricContext(snapshot, NyseCalendar.INSTANCE, now, null, running);
        return ConditionParser.parse(metric + " > -1000000").evaluate(context, Map.of()).observed().get(metric);
    }

    private static void assertSame(BigDecimal kept, BigDecimal fresh, String what) {
        assertThat(kept).as(what).isEqualTo(fresh);
        if (fresh != null) {
            assertThat(kept.scale()).as("scale of " + what).isEqualTo(fresh.scale());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ema(3)", "ema(20)", "ema(84)", "rsi(14)", "rsi(2)", "atr(14)", "macd(12,26)", "macd_signal(12,26,9)",
            "macd_hist(5,35,5)", "sma(2)", "sma(50)", "sma(200)"})
    void continuedValuesEqualAFreshPassEverySessionInsideAndAfterIt(String metric) throws Exception {
        RunningIndicators running = new RunningIndicators();
        long fresh = 0;
        for (int t = 0; t < BARS.size(); t++) {
            DailyBar closed = BARS.get(t);
            Instant noon = closed.date().atTime(12, 0).atZone(NY).toInstant();
            Instant close = closed.date().atTime(16, 0).atZone(NY).toInstant();
            // At noon the session's bar is in progress (another object, other values) and the price is not its close.
            BigDecimal live = closed.open().add(new BigDecimal("0.37")).setScale(3, RoundingMode.UNNECESSARY);
            DailyBar inProgress = new DailyBar(closed.date(), closed.open(), closed.high().max(live), closed.low().min(live), live, 500_000L);
            List<DailyBar> noonBars = new ArrayList<>(BARS.subList(Math.max(0, t - 279), t));
            noonBars.add(inProgress);
            MarketSnapshot atNoon = snapshot(noonBars, live, noon);
            assertSame(value(metric, atNoon, running), value(metric, atNoon, null), metric + " at noon of " + closed.date());

            MarketSnapshot afterClose = snapshot(BARS.subList(Math.max(0, t - 279), t + 1), closed.close(), close);
            assertSame(value(metric, afterClose, running), value(metric, afterClose, null), metric + " after the close of " + closed.date());
            fresh += 2L * Math.min(t + 1, 280);
        }
        // A pass over the window at every tick takes in about 250 bars; continued, a tick takes in about two.
        assertThat(running.barsTakenIn()).as("bars taken in, against %d for a pass at every tick", fresh).isLessThan(fresh / 10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ema(20)", "rsi(14)", "atr(14)", "macd_signal(12,26,9)", "sma(50)"})
    void aRevisedOrIncompleteBarIsNeverCoveredByAKeptState(String metric) throws Exception {
        RunningIndicators running = new RunningIndicators();
        List<DailyBar> bars = new ArrayList<>(BARS.subList(0, 400));
        for (int t = 300; t < 400; t++) {
            if (t == 350) {
                DailyBar old = bars.get(340);
                bars.set(340, new DailyBar(old.date(), old.open(), old.high().add(BigDecimal.TEN), old.low(), old.close().add(BigDecimal.ONE), old.volume()));
            }
            if (t == 370) {
                DailyBar old = bars.get(365);
                bars.set(365, new DailyBar(old.date(), old.open(), null, null, old.close(), old.volume()));
            }
            DailyBar today = bars.get(t);
            Instant close = today.date().atTime(16, 0).atZone(NY).toInstant();
            MarketSnapshot s = snapshot(bars.subList(0, t + 1), today.close(), close);
            assertSame(value(metric, s, running), value(metric, s, null), metric + " after the close of " + today.date());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ema(20)", "rsi(14)", "atr(14)", "macd_signal(12,26,9)", "sma(50)"})
    void equalBarsFetchedAgainContinueTheKeptState(String metric) throws Exception {
        RunningIndicators running = new RunningIndicators();
        long pass = 0;
        for (int t = 300; t < 400; t++) {
            // A live provider's answer every tick: the same history as new objects.
            List<DailyBar> fetched = new ArrayList<>();
            for (DailyBar b : BARS.subList(t - 279, t + 1)) {
                fetched.add(new DailyBar(b.date(), b.open(), b.high(), b.low(), b.close(), b.volume()));
            }
            DailyBar today = fetched.get(fetched.size() - 1);
            MarketSnapshot s = snapshot(fetched, today.close(), today.date().atTime(16, 0).atZone(NY).toInstant());
            assertSame(value(metric, s, running), value(metric, s, null), metric + " after the close of " + today.date());
            pass += 280;
        }
        assertThat(running.barsTakenIn()).as("bars taken in, against %d for a pass at every tick", pass).isLessThan(pass / 10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sma(3)", "sma(20)", "ema(12)", "rsi(14)"})
    void closesOfEveryScaleKeepTheFreshScale(String metric) throws Exception {
        // Closes with 0 to 8 decimals (and some with trailing zeros), as providers send them: a sum that drops a close
        // must still have the scale of the closes left in it.
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        List<DailyBar> bars = new ArrayList<>();
        for (DailyBar b : BARS.subList(0, 400)) {
            int scale = random.nextInt(0, 9);
            BigDecimal close = b.close().setScale(scale, RoundingMode.HALF_EVEN);
            if (close.signum() <= 0) {
                close = BigDecimal.ONE;
            }
            bars.add(new DailyBar(b.date(), b.open(), b.high(), b.low(), close, b.volume()));
        }
        RunningIndicators running = new RunningIndicators();
        for (int t = 0; t < bars.size(); t++) {
            DailyBar today = bars.get(t);
            MarketSnapshot s = snapshot(bars.subList(Math.max(0, t - 249), t + 1), today.close(), today.date().atTime(16, 0).atZone(NY).toInstant());
            assertSame(value(metric, s, running), value(metric, s, null), metric + " after the close of " + today.date());
        }
    }
}
