package dev.marketalerts.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "N/A", "n/a", "NA", "None", "null", "-", "--"})
    void absentMarkersAreAbsentNeverZero(String text) {
        assertThat(Values.isAbsent(text)).isTrue();
        assertThat(Values.decimal(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "($0.09)    | -0.09",
        "$1,234.50  | 1234.50",
        "$1.74      | 1.74",
        "-$0.24     | -0.24",
        "-0.5852%   | -0.5852",
        "112.1300   | 112.1300",
        "$4,465,201,458 | 4465201458",
        "(0.31)     | -0.31",
        "6.98       | 6.98",
        "+2.5       | 2.5",
    })
    void providerMoneyFormatsParseExactly(String text, String expected) {
        assertThat(Values.decimal(text)).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"about $1", "1.2.3", "$", "12abc", "1e5"})
    void garbageIsAnErrorThatQuotesTheText(String text) {
        assertThatThrownBy(() -> Values.decimal(text)).isInstanceOf(NumberFormatException.class).hasMessageContaining("\"" + text + "\"");
    }

    @Test
    void jsonNullMissingAndAbsentStringsAreAbsent() throws Exception {
        var node = new ObjectMapper().readTree("{\"a\":null,\"b\":\"None\",\"c\":1.50,\"d\":\"($2.00)\"}");

        assertThat(Values.decimal(node.get("a"))).isNull();
        assertThat(Values.decimal(node.get("b"))).isNull();
        assertThat(Values.decimal(node.path("zz"))).isNull();
        assertThat(Values.decimal(node.get("c"))).isEqualByComparingTo("1.5");
        assertThat(Values.decimal(node.get("d"))).isEqualByComparingTo("-2");
        assertThat(Values.text(node.get("b"))).isEmpty();
    }
}
