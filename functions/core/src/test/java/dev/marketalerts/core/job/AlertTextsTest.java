package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.ConditionSyntaxException;
import dev.marketalerts.core.market.Market;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertTextsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            price > high(20d)               | high(20d) | 45.87 | 47.24 | HUT at a new 20-session high (47.24, above 45.87)
            price > high(52w) or gap >= 5%  | high(52w) | 52.10 | 53    | HUT at a new 52-week high (53, above 52.1)
            price < low(ytd)                | low(ytd)  | 41.5  | 40    | HUT at a new year-to-date low (40, below 41.5)
            price < 0.99 * low(3m)          | low(3m)   | 41.5  | 40    | HUT at a new 3-month low (40, below 41.5)
            price >= high(3m)               | high(3m)  | 47.24 | 47.24 | HUT: price >= high(3m) (price 47.24)
            price > high(52w) or gap >= 5%  | high(52w) | 60    | 53    | HUT: price > high(52w) or gap >= 5% (price 53)
            price crosses above high(20d)   | high(20d) | 45.87 | 47.24 | HUT crossed above high(20d) (47.24)
            """)
    void aPriceBeyondAHighOrLowIsTitledAsANewHighOrLow(String condition, String metric, String extreme, String price, String title)
            throws ConditionSyntaxException {
        Map<String, BigDecimal> observed = new LinkedHashMap<>();
        observed.put("price", new BigDecimal(price));
        observed.put(metric, new BigDecimal(extreme));

        assertThat(AlertTexts.priceTitle(Instrument.equity("HUT"), ConditionParser.parse(condition), observed)).isEqualTo(title);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            change(1d) >= 8%                     | change(1d)                  | 0.0904  | HUT up 9.0% over 1 session
            change(5d) <= -10%                   | change(5d)                  | -0.125  | HUT down 12.5% over 5 sessions
            change(1w) > 5%                      | change(1w)                  | 0.06    | HUT up 6.0% over 1 week
            change(3m) > 5%                      | change(3m)                  | 0.06    | HUT up 6.0% over 3 months
            change(ytd) >= 40%                   | change(ytd)                 | 0.471   | HUT up 47.1% over the year to date
            change_since(2026-01-01) >= 40%      | change_since(2026-01-01)    | 0.4712  | HUT up 47.1% since 2026-01-01
            change_since(last_earnings) <= -10%  | change_since(last_earnings) | -0.1504 | HUT down 15.0% since last earnings
            abs(gap) >= 5%                       | abs(gap)                    | 0.06    | HUT: abs(gap) >= 5% (price 40)
            """)
    void aChangeIsTitledByItsDirectionSizeAndSpan(String condition, String metric, String value, String title)
            throws ConditionSyntaxException {
        Map<String, BigDecimal> observed = new LinkedHashMap<>();
        observed.put(metric, new BigDecimal(value));
        observed.put("price", new BigDecimal("40"));

        assertThat(AlertTexts.priceTitle(Instrument.equity("HUT"), ConditionParser.parse(condition), observed)).isEqualTo(title);
    }

    @Test
    void theTextShowsChangesAndGapsAsPercentagesAndOtherValuesAsAmounts() throws ConditionSyntaxException {
        Map<String, BigDecimal> observed = new LinkedHashMap<>();
        observed.put("abs(change(1d))", new BigDecimal("0.0904"));
        observed.put("change(1d)", new BigDecimal("-0.0904"));
        observed.put("price", new BigDecimal("40.50"));
        observed.put("gap", new BigDecimal("0.031"));
        observed.put("sma(50)", new BigDecimal("38.125"));

        String text = AlertTexts.priceText("hut-move", new Instrument("HUT", Market.US_EQUITY, "Hut 8"),
                ConditionParser.parse("abs(change(1d)) >= 8% and price > 10 and (gap > 3% or price > sma(50))"), observed,
                "yahoo", Instant.parse("2026-01-23T21:00:00Z"), ZoneId.of("America/New_York"));

        assertThat(text).isEqualTo("Hut 8 (HUT): rule hut-move [abs(change(1d)) >= 8% and price > 10 and (gap > 3% or price > sma(50))]"
                + " holds. Observed: abs(change(1d)) +9.0%, change(1d) -9.0%, price 40.5, gap +3.1%, sma(50) 38.125."
                + " Data: yahoo as of 2026-01-23 16:00 EST.");
    }
}
