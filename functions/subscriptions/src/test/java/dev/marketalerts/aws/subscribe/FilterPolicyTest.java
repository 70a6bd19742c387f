package dev.marketalerts.aws.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterPolicyTest {
    private static final List<String> NONE = List.of();

    private static FilterPolicy policy(List<String> symbols, List<String> kinds, String severity, List<String> rules) {
        return FilterPolicy.forAlerts(symbols, kinds, Optional.ofNullable(severity), rules);
    }

    private static List<String> symbols(int n) {
        return IntStream.range(0, n).mapToObj(i -> "S" + i).toList();
    }

    @Test
    void symbolsAndKindsMakeThePolicyOfTheDesign() {
        FilterPolicy p = policy(List.of("NVDA", "IREN"), List.of("earnings-reminder"), null, NONE);

        assertThat(p.json()).contains("{\"symbol\":[\"NVDA\",\"IREN\"],\"kind\":[\"earnings-reminder\"]}");
        assertThat(p.keys()).isEqualTo(2);
        assertThat(p.combinations()).isEqualTo(2);
    }

    @ParameterizedTest(name = "--severity {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "warning  | [\"warning\",\"critical\"]",
            "critical | [\"critical\"]",
    })
    void severityMeansThatSeverityOrLouder(String severity, String expected) {
        assertThat(policy(NONE, NONE, severity, NONE).json()).contains("{\"severity\":" + expected + "}");
    }

    @Test
    void severityInfoSelectsEveryAlertSoAddsNoCondition() {
        assertThat(policy(List.of("NVDA"), NONE, "info", NONE).json()).contains("{\"symbol\":[\"NVDA\"]}");
        assertThat(policy(NONE, NONE, "info", NONE).isEmpty()).isTrue();
    }

    @Test
    void noFiltersMeansNoPolicy() {
        FilterPolicy p = policy(NONE, NONE, null, NONE);

        assertThat(p.isEmpty()).isTrue();
        assertThat(p.json()).isEmpty();
        assertThat(p).isEqualTo(FilterPolicy.none());
    }

    @Test
    void everyAttributeInTheDesignOrderWithRepeatsCountedOnce() throws Exception {
        FilterPolicy p = policy(List.of("nvda", " IREN ", "NVDA"), List.of("price", "earnings-surprise", "price"), "warning",
                List.of("iren-ytd"));

        assertThat(p.json()).contains("{\"symbol\":[\"NVDA\",\"IREN\"],\"kind\":[\"price\",\"earnings-surprise\"],"
                + "\"rule\":[\"iren-ytd\"],\"severity\":[\"warning\",\"critical\"]}");
        assertThat(new ObjectMapper().readTree(p.json().orElseThrow()).size()).isEqualTo(4);
        assertThat(p.combinations()).isEqualTo(2 * 2 * 1 * 2);
    }

    @Test
    void symbolsMayHoldTheCharactersOfRealTickers() {
        assertThat(policy(List.of("BTC-USD", "^GSPC", "BRK.B", "ES=F", "A1234567890123456789"), NONE, null, NONE).values().get("symbol"))
                .containsExactly("BTC-USD", "^GSPC", "BRK.B", "ES=F", "A1234567890123456789");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "symbol with a space  | NV DA | | | | --symbols: 'NV DA' is not a symbol: expected 1 to 20 of A-Z 0-9 . ^ = - (such as NVDA, BTC-USD, ^GSPC)",
            "empty symbol         | \"\"  | | | | --symbols: '' is not a symbol: expected 1 to 20 of A-Z 0-9 . ^ = - (such as NVDA, BTC-USD, ^GSPC)",
            "symbol too long      | A12345678901234567890 | | | | --symbols: 'A12345678901234567890' is not a symbol: expected 1 to 20 of A-Z 0-9 . ^ = - (such as NVDA, BTC-USD, ^GSPC)",
            "symbol with a slash  | BTC/USD | | | | --symbols: 'BTC/USD' is not a symbol: expected 1 to 20 of A-Z 0-9 . ^ = - (such as NVDA, BTC-USD, ^GSPC)",
            "unknown kind         | | earnings | | | --kinds: 'earnings' is not an alert kind: expected one of price, earnings-reminder, earnings-date-change, earnings-surprise, health",
            "kind in upper case   | | PRICE | | | --kinds: 'PRICE' is not an alert kind: expected one of price, earnings-reminder, earnings-date-change, earnings-surprise, health",
            "unknown severity     | | | loud | | --severity: 'loud' is not a severity: expected one of info, warning, critical (each means that severity or louder)",
            "severity in capitals | | | WARNING | | --severity: 'WARNING' is not a severity: expected one of info, warning, critical (each means that severity or louder)",
            "rule id in capitals  | | | | Iren-YTD | --rules: 'Iren-YTD' is not a rule id: expected 1 to 64 of a-z 0-9 - (the ids in alerts.yaml)",
    })
    void badValuesAreRefusedSayingWhatWasExpected(String name, String symbol, String kind, String severity, String rule, String message) {
        assertThatThrownBy(() -> policy(symbol == null ? NONE : List.of(symbol), kind == null ? NONE : List.of(kind), severity,
                rule == null ? NONE : List.of(rule)))
                .isInstanceOfSatisfying(SubscriptionInputException.class, e -> assertThat(e.problems()).containsExactly(message));
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        assertThatThrownBy(() -> policy(List.of("NVDA", "B@D"), List.of("price", "dividend"), "loud", NONE))
                .isInstanceOfSatisfying(SubscriptionInputException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.substring(0, p.indexOf(':'))).containsExactly("--symbols", "--kinds", "--severity"));
    }

    @Test
    void overOneHundredFiftyValueCombinationsIsRefusedWithTheArithmeticAndWhatToDo() {
        assertThatThrownBy(() -> policy(symbols(20), FilterPolicy.kindNames(), "warning", NONE))
                .isInstanceOfSatisfying(SubscriptionInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "the filter policy would have 200 value combinations (20 symbols \u00d7 5 kinds \u00d7 2 severities); SNS allows at most 150: "
                                + "split it into several subscriptions (for example by --symbols) or drop --severity"));
    }

    @Test
    void exactlyOneHundredFiftyCombinationsIsAllowed() {
        FilterPolicy p = policy(symbols(75), List.of("price", "earnings-surprise"), null, NONE);

        assertThat(p.combinations()).isEqualTo(FilterPolicy.MAX_COMBINATIONS);
    }

    @Test
    void tooManyCombinationsWithoutSeverityOnlyAdvisesSplitting() {
        assertThatThrownBy(() -> policy(symbols(151), NONE, null, NONE))
                .isInstanceOfSatisfying(SubscriptionInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "the filter policy would have 151 value combinations (151 symbols); SNS allows at most 150: "
                                + "split it into several subscriptions (for example by --symbols)"));
    }

    @Test
    void moreThanFiveKeysIsRefused() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (String key : List.of("symbol", "kind", "rule", "severity", "exchange", "currency")) {
            attributes.put(key, List.of("x"));
        }

        assertThatThrownBy(() -> FilterPolicy.of(attributes))
                .isInstanceOfSatisfying(SubscriptionInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "the filter policy would have 6 keys (symbol, kind, rule, severity, exchange, currency); SNS allows at most 5: "
                                + "drop some of the conditions"));
    }

    @Test
    void fiveKeysAreAllowedAndEmptyListsAreNoCondition() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (String key : List.of("symbol", "kind", "rule", "severity", "exchange")) {
            attributes.put(key, new ArrayList<>(List.of("x")));
        }
        attributes.put("currency", List.of());

        FilterPolicy p = FilterPolicy.of(attributes);

        assertThat(p.keys()).isEqualTo(FilterPolicy.MAX_KEYS);
        assertThat(p.values()).doesNotContainKey("currency");
    }
}
