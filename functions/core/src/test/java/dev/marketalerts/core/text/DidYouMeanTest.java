package dev.marketalerts.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({
        "prise, price, 1",
        "price, price, 0",
        "chnage, change, 2",
        "ema, sma, 1",
        "'', abs, 3",
    })
    void distanceCountsEdits(String a, String b, int distance) {
        assertThat(DidYouMean.distance(a, b)).isEqualTo(distance);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "symbl, symbol",
        "SYMBOL, symbol",
        "crosess, crosses",
        "avg_volum, avg_volume",
        "ia, id",
        "i, id",
        "america/new_yrok, America/New_York",
    })
    void aWordAtMostTwoEditsAwayGetsTheCandidateAsSpelled(String word, String suggestion) {
        assertThat(DidYouMean.closest(word, List.of("symbol", "crosses", "avg_volume", "id", "America/New_York")))
                .contains(suggestion);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // three edits
        "chg",
        // as many edits as letters: the whole word rewritten
        "xy",
        "x",
    })
    void aHintNeverRewritesTheWholeWordNorTakesMoreThanTwoEdits(String word) {
        assertThat(DidYouMean.closest(word, List.of("change", "id", "or"))).isEmpty();
    }

    @Test
    void equallyCloseCandidatesGiveTheFirst() {
        assertThat(DidYouMean.hint("sma", List.of("ema", "smaa"))).isEqualTo(" (did you mean 'ema'?)");
        assertThat(DidYouMean.hint("zzz", List.of("ema"))).isEmpty();
    }
}
