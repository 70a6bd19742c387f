package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.market.Instrument;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
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
    void aPriceBeyondAHighOrLowIsTitledAsANewHighOrLow(String condition, String metric, String extreme, String price, String title) {
        Map<String, BigDecimal> observed = new LinkedHashMap<>();
        observed.put("price", new BigDecimal(price));
        observed.put(metric, new BigDecimal(extreme));

        assertThat(AlertTexts.priceTitle(Instrument.equity("HUT"), condition, observed)).isEqualTo(title);
    }
}
