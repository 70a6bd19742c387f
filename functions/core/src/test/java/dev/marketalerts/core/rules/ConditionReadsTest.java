package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionReadsTest {
    @Test
    void priceLevelsAreTheNumbersPriceIsComparedWithOrCrossesEitherWayRound() throws ConditionSyntaxException {
        Condition c = ConditionParser.parse("price crosses below 80000 or (not 95000 < price and sma(50) > 10)");

        assertThat(c.priceLevels()).containsExactly(new BigDecimal("80000"), new BigDecimal("95000"));
    }

    @Test
    void comparisonsOfOtherValuesGiveNoPriceLevel() throws ConditionSyntaxException {
        assertThat(ConditionParser.parse("abs(change(1d)) >= 8%").priceLevels()).isEmpty();
        assertThat(ConditionParser.parse("price > high(20d)").priceLevels()).isEmpty();
    }

    @Test
    void observedNamesAreTheValuesReadInOrderOfAppearance() throws ConditionSyntaxException {
        Condition c = ConditionParser.parse("price crosses below bb_lower(20, 2) and rsi(14) < 40 and ema(9) > sma(50)");

        assertThat(c.observedNames()).containsExactly("price", "bb_lower(20,2)", "rsi(14)", "ema(9)", "sma(50)");
    }

    @Test
    void observedMetricsSayWhatEachValueIs() throws ConditionSyntaxException {
        Condition c = ConditionParser.parse(
                "change(5d) <= -10% or change_since(2026-01-01) >= 40% or price > high(52w) or abs(gap) > 3% or sma(50) < low(ytd)");

        assertThat(c.observedMetrics()).containsExactly(
                new ObservedMetric.Change("change(5d)", new Window(Window.Unit.DAYS, 5)),
                new ObservedMetric.ChangeSince("change_since(2026-01-01)", LocalDate.of(2026, 1, 1)),
                new ObservedMetric.Other("price", false),
                new ObservedMetric.Extreme("high(52w)", new Window(Window.Unit.WEEKS, 52), true),
                new ObservedMetric.Other("abs(gap)", true),
                new ObservedMetric.Other("gap", true),
                new ObservedMetric.Other("sma(50)", false),
                new ObservedMetric.Extreme("low(ytd)", Window.YTD, false));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            abs(change(1d)) >= 8%         | true
            abs(-2 * change(1w)) >= 8%    | true
            abs(price) > 5                | false
            abs(-2 * sma(20)) > 5         | false
            """)
    void anAbsIsAFractionWhenItReadsAChangeOrAGap(String condition, boolean fraction) throws ConditionSyntaxException {
        assertThat(ConditionParser.parse(condition).observedMetrics().get(0).fraction()).isEqualTo(fraction);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            change_since(last_earnings) <= -10%                    | true
            price > 5 and abs(2 * change_since(last_earnings)) > 1 | true
            change_since(2026-01-01) > 0                           | false
            price > 100                                            | false
            """)
    void aConditionNeedsTheLastEarningsDateOnlyWhenAMetricReadsIt(String condition, boolean needed)
            throws ConditionSyntaxException {
        assertThat(ConditionParser.parse(condition).needsLastEarnings()).isEqualTo(needed);
    }
}
