package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Holds the job's cheap path, {@link Condition#check} with the crossings' values, to the full {@link Condition#evaluate}:
 * the same decision and the same crossing values (value, scale and order), on a context that has computed nothing yet
 * and on one that keeps the indicators the first check computed.
 */
final class CheckAgreement {
    /** Left in the caller's array by an earlier check; the cheap path must overwrite or clear every entry. */
    private static final BigDecimal LEFT_OVER = new BigDecimal("-987.654");

    private CheckAgreement() {
    }

    /** {@code condition.evaluate(context, previous)}, after asserting that every cheap path agrees with it. */
    static Evaluation evaluated(Condition condition, MetricContext context, Map<String, BigDecimal> previous) {
        MetricContext untouched = new MetricContext(context.snapshot(), context.calendar(), context.now(), context.lastEarnings());
        BigDecimal[] generalRules = leftOver(condition);
        TriState first = condition.check(untouched, previous, generalRules);
        BigDecimal[] keptValues = leftOver(condition);
        TriState second = condition.check(untouched, previous, keptValues);

        Evaluation e = condition.evaluate(context, previous);

        String what = condition.text() + " with " + previous;
        assertThat(first).as("check of %s on a new context", what).isEqualTo(e.result());
        assertThat(second).as("check of %s on a context keeping its indicators", what).isEqualTo(e.result());
        assertThat(condition.check(context, previous)).as("check of %s without crossing values", what).isEqualTo(e.result());
        assertThat(entries(condition.crossingValues(generalRules))).as("crossing values of %s on a new context", what)
                .isEqualTo(entries(e.crossingValues()));
        assertThat(entries(condition.crossingValues(keptValues))).as("crossing values of %s on a context keeping its indicators", what)
                .isEqualTo(entries(e.crossingValues()));
        assertThat(condition.evaluate(untouched, previous)).as("evaluation of %s on the checked context", what).isEqualTo(e);
        return e;
    }

    private static BigDecimal[] leftOver(Condition condition) {
        BigDecimal[] values = new BigDecimal[condition.crossingKeys().size() + 1];
        Arrays.fill(values, LEFT_OVER);
        return values;
    }

    /** The entries in order, compared with BigDecimal's equals (value and scale). */
    private static List<Map.Entry<String, BigDecimal>> entries(Map<String, BigDecimal> values) {
        return new ArrayList<>(values.entrySet());
    }
}
