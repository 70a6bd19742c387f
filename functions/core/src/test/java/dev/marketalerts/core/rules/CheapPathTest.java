package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The job's cheap path against the full evaluation for every metric, session after session of a long made-up history,
 * every rule of a session sharing one context as the job's do, crossings remembering what the evaluations before
 * reported; with a fresh closing print (the fast paths) and with one read two hours later (stale by the clock but still
 * current while the market is closed, which only the full rules decide).
 */
class CheapPathTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final List<DailyBar> BARS = IndicatorTest.randomWalk(320, 11);
    private static final List<String> CONDITIONS = List.of(
            "price > 100",
            "100 >= price",
            "price crosses above 100",
            "price crosses below 101.5",
            "price crosses above 100 or price crosses below 90",
            "price > sma(20)",
            "sma(20) <= price",
            "sma(5) > sma(20)",
            "price crosses above sma(20)",
            "sma(5) crosses below sma(20)",
            "ema(12) > ema(26)",
            "price < ema(20)",
            "rsi(14) > 50",
            "rsi(14) crosses below 40",
            "macd(12,26) > macd_signal(12,26,9)",
            "macd_hist(12,26,9) crosses above 0",
            "price > bb_upper(20,2) or price < bb_lower(20,2)",
            "price < bb_lower(20,1)",
            "atr(14) > 2% * price",
            "atr(14) crosses above 2",
            "price > high(20d)",
            "price < low(4w)",
            "price >= high(52w)",
            "low(ytd) < price",
            "volume > 1.5 * avg_volume(20)",
            "avg_volume(10) > 1000000",
            "change(1d) > 1%",
            "abs(change(1w)) > 3%",
            "change(ytd) < 0",
            "change(3m) crosses above 0",
            "change_since(2025-06-02) > 0",
            "gap > 0.5%",
            "open < price",
            "volume >= 1000000",
            "not (price > sma(50)) and rsi(14) < 60",
            "price > 95 and price crosses above sma(10)");

    private static MetricContext context(int last, Duration afterClose) {
        DailyBar today = BARS.get(last);
        Instant close = today.date().atTime(16, 0).atZone(NY).toInstant();
        Instant now = close.plus(afterClose);
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity("NVDA"), BARS.subList(0, last + 1),
                new Quote(today.close(), close, "test"), "test", now);
        return new MetricContext(snapshot, NyseCalendar.INSTANCE, now, null);
    }

    @ParameterizedTest(name = "read {0} minutes after the close")
    @CsvSource({"5", "120"})
    void theCheapPathDecidesAndRemembersWhatTheFullEvaluationDoes(int minutesAfterClose) throws ConditionSyntaxException {
        List<Condition> conditions = new ArrayList<>();
        for (String text : CONDITIONS) {
            conditions.add(ConditionParser.parse(text));
        }
        List<Map<String, BigDecimal>> remembered = new ArrayList<>();
        conditions.forEach(c -> remembered.add(new HashMap<>()));
        Map<TriState, Integer> results = new EnumMap<>(TriState.class);
        for (int last = 1; last < BARS.size(); last++) {
            MetricContext context = context(last, Duration.ofMinutes(minutesAfterClose));
            for (int i = 0; i < conditions.size(); i++) {
                Evaluation e = CheckAgreement.evaluated(conditions.get(i), context, Map.copyOf(remembered.get(i)));
                remembered.get(i).putAll(e.crossingValues());
                results.merge(e.result(), 1, Integer::sum);
            }
        }
        assertThat(results).as("the history exercises every outcome").containsOnlyKeys(TriState.values());
    }
}
