package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Indicators kept in a MetricContext for every rule of the symbol at that tick read exactly what a lone rule computes. */
class SharedIndicatorsTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final List<DailyBar> BARS = IndicatorTest.randomWalk(400, 7);
    private static final List<String> CONDITIONS = List.of(
            "ema(12) > 0",
            "ema(26) > 0",
            "macd(12,26) > macd_signal(12,26,9)",
            "macd_hist(12,26,9) > 0",
            "price crosses above sma(20)",
            "sma(20) crosses above sma(50)",
            "rsi(14) < 30 and atr(14) > 2% * price",
            "price > bb_upper(20, 2) or price < bb_lower(20, 2)",
            "price > bb_upper(20, 1)",
            "price > high(20d) or price < low(20d)",
            "volume > 1.5 * avg_volume(20)");

    private static MetricContext afterClose(List<DailyBar> bars, int last) {
        DailyBar today = bars.get(last);
        Instant close = today.date().atTime(16, 0).atZone(NY).toInstant();
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity("NVDA"), bars.subList(0, last + 1),
                new Quote(today.close(), close, "test"), "test", close.plusSeconds(300));
        return new MetricContext(snapshot, NyseCalendar.INSTANCE, close.plusSeconds(300), null);
    }

    private static Map<String, BigDecimal> observed(String condition, MetricContext context) throws ConditionSyntaxException {
        return ConditionParser.parse(condition).evaluate(context, Map.of()).observed();
    }

    @Test
    void everyRuleOfASharedContextReadsTheValuesALoneRuleComputes() throws ConditionSyntaxException {
        for (int last : new int[] {BARS.size() - 1, BARS.size() - 2, 60}) {
            MetricContext shared = afterClose(BARS, last);
            for (String condition : CONDITIONS) {
                Map<String, BigDecimal> alone = observed(condition, afterClose(BARS, last));

                assertThat(observed(condition, shared)).as(condition + " on session " + BARS.get(last).date()).isEqualTo(alone);
            }
        }
    }

    @Test
    void theContextOfTheNextTickComputesItsOwnValues() throws ConditionSyntaxException {
        int last = BARS.size() - 2;
        MetricContext today = afterClose(BARS, last);
        MetricContext tomorrow = afterClose(BARS, last + 1);
        BigDecimal emaToday = observed("ema(12) > 0", today).get("ema(12)");

        BigDecimal emaTomorrow = observed("ema(12) > 0", tomorrow).get("ema(12)");

        assertThat(emaTomorrow).isNotEqualTo(emaToday).isEqualTo(observed("ema(12) > 0", afterClose(BARS, last + 1)).get("ema(12)"));
    }

    @Test
    void anIndicatorWithTooFewBarsStaysUnknownForTheNextRule() throws ConditionSyntaxException {
        MetricContext context = afterClose(BARS, 30);
        Evaluation first = ConditionParser.parse("price > sma(50)").evaluate(context, Map.of());

        Evaluation second = ConditionParser.parse("price < sma(50)").evaluate(context, Map.of());

        assertThat(first.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(second.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(second.unknownReason()).isEqualTo(first.unknownReason()).isNotNull();
    }
}
