package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

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
}
