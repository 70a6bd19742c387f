package dev.marketalerts.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.marketdata.http.Headers;
import dev.marketalerts.marketdata.http.ProviderHttp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

    @ParameterizedTest
    @ValueSource(strings = {"34.647", "243.0", "1.50", "0.0", "100", "-0.8571163", "95219.0234375", "1.6446899669484214e-05",
        "2058811028682.1257", "18565664997"})
    void providerJsonNumbersKeepEveryDigitAndTheirScale(String number) throws Exception {
        ProviderHttp http = ProviderFixtures.http("test", ProviderFixtures.clockAt("2026-01-01T00:00:00Z"));
        JsonNode node = Json.parse(http, "x", new ProviderHttp.Response(200, Headers.EMPTY,
                ("{\"v\":" + number + "}").getBytes(StandardCharsets.UTF_8)));

        assertThat(Values.decimal(node.get("v"))).isEqualTo(new BigDecimal(number));
    }

    @ParameterizedTest
    @CsvSource({"12655000, 12655000", "\"4053093\", 4053093", "1.0e3, 1000", "0, 0"})
    void wholeNumbersAreReadExactly(String json, long expected) throws Exception {
        assertThat(Values.wholeNumber(new ObjectMapper().readTree(json))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234.5", "\"0.25\"", "1e20"})
    void aVolumeWithAFractionOrBeyondALongIsAnErrorNotCutToFit(String json) {
        assertThatThrownBy(() -> Values.wholeNumber(new ObjectMapper().readTree(json)))
                .isInstanceOf(NumberFormatException.class).hasMessageStartingWith("not a whole number: ");
    }
}
