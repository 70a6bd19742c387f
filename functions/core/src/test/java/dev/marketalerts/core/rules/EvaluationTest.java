package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An evaluation keeps unmodifiable copies of its maps, in the given order, whatever their size. */
class EvaluationTest {
    private static final Instant AS_OF = Instant.parse("2026-01-23T21:00:00Z");

    private static Map<String, BigDecimal> values(int n) {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        for (int i = n; i > 0; i--) {
            m.put("metric" + i, BigDecimal.valueOf(i));
        }
        return m;
    }

    @ParameterizedTest(name = "{0} entries")
    @ValueSource(ints = {0, 1, 2, 5})
    void mapsAreCopiedInOrderAndCannotBeChanged(int n) {
        Map<String, BigDecimal> observed = values(n);
        Map<String, BigDecimal> crossings = values(n);

        Evaluation e = new Evaluation(TriState.TRUE, observed, crossings, AS_OF);
        observed.put("later", BigDecimal.TEN);
        crossings.clear();

        assertThat(e.observed()).isEqualTo(values(n));
        assertThat(List.copyOf(e.observed().keySet())).isEqualTo(List.copyOf(values(n).keySet()));
        assertThat(e.crossingValues()).isEqualTo(values(n));
        assertThatThrownBy(() -> e.observed().put("x", BigDecimal.ONE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> e.crossingValues().put("x", BigDecimal.ONE)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.observed().get(null)).isNull();
    }

    @ParameterizedTest(name = "{0} entries")
    @ValueSource(ints = {0, 1, 3})
    void equalEvaluationsWhateverTheMapTypeGiven(int n) {
        Evaluation ordered = new Evaluation(TriState.FALSE, values(n), Map.of(), AS_OF);
        Evaluation hashed = new Evaluation(TriState.FALSE, new HashMap<>(values(n)), new HashMap<>(), AS_OF);

        assertThat(hashed).isEqualTo(ordered).hasSameHashCodeAs(ordered);
    }
}
