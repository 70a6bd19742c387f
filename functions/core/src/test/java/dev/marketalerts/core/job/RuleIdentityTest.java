package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RuleKey and RuleState write their equals and hashCode out: they must agree with what a record of the same components
 * generates (the twins below), so that maps and sets keyed by them behave, and iterate, as before.
 */
class RuleIdentityTest {
    private record KeyTwin(String ruleId, String symbol) {
    }

    private record StateTwin(Boolean lastResult, boolean armed, int episodes, Instant lastFiredAt, LocalDate lastFiredDay,
                             Map<String, BigDecimal> crossingValues, Instant lastEvaluatedAt) {
    }

    private static final String[] IDS = {"btc-80k", "iren-ytd", "", "a"};
    private static final String[] SYMBOLS = {"BTC-USD", "IREN", "NVDA", ""};

    @Test
    void ruleKeysAreEqualAndHashLikeTheRecordTheyWere() {
        for (String id : IDS) {
            for (String symbol : SYMBOLS) {
                RuleKey key = new RuleKey(id, symbol);
                assertThat(key.hashCode()).isEqualTo(new KeyTwin(id, symbol).hashCode());
                assertThat(key).isEqualTo(new RuleKey(id, symbol)).isNotEqualTo(new RuleKey(id + "x", symbol))
                        .isNotEqualTo(new RuleKey(id, symbol + "x")).isNotEqualTo(new KeyTwin(id, symbol)).isNotEqualTo(null);
            }
        }
        RuleKey withNulls = new RuleKey(null, null);
        assertThat(withNulls).isEqualTo(new RuleKey(null, null)).isNotEqualTo(new RuleKey(null, "NVDA"));
        assertThat(withNulls.hashCode()).isEqualTo(new KeyTwin(null, null).hashCode());
    }

    @Test
    void ruleKeysIterateInAHashSetAsTheRecordsDid() {
        List<String> ours = new ArrayList<>();
        List<String> twins = new ArrayList<>();
        HashSet<RuleKey> keys = new HashSet<>();
        HashSet<KeyTwin> twinKeys = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            keys.add(new RuleKey("rule-" + i, "SYM" + (i % 17)));
            twinKeys.add(new KeyTwin("rule-" + i, "SYM" + (i % 17)));
        }
        keys.forEach(k -> ours.add(k.ruleId() + "/" + k.symbol()));
        twinKeys.forEach(k -> twins.add(k.ruleId() + "/" + k.symbol()));
        assertThat(ours).isEqualTo(twins);
    }

    @Test
    void ruleStatesAreEqualAndHashLikeTheRecordTheyWere() {
        Instant fired = Instant.parse("2026-01-20T21:05:00Z");
        LocalDate day = LocalDate.parse("2026-01-20");
        Map<String, BigDecimal> crossings = new LinkedHashMap<>();
        crossings.put("price - 80000", new BigDecimal("-587.45"));
        List<Object[]> cases = List.of(
                new Object[] {null, true, 0, null, null, Map.of(), null},
                new Object[] {Boolean.TRUE, false, 3, fired, day, crossings, fired.plusSeconds(900)},
                new Object[] {Boolean.FALSE, true, 1, null, day, crossings, null});
        for (Object[] c : cases) {
            RuleState state = state(c);
            StateTwin twin = new StateTwin((Boolean) c[0], (boolean) c[1], (int) c[2], (Instant) c[3], (LocalDate) c[4],
                    map(c[5]), (Instant) c[6]);
            assertThat(state.hashCode()).isEqualTo(twin.hashCode());
            assertThat(state).isEqualTo(state(c)).isNotEqualTo(twin).isNotEqualTo(null);
            for (int field = 0; field < c.length; field++) {
                Object[] changed = c.clone();
                changed[field] = other(field, c[field]);
                assertThat(state).as("field %d changed", field).isNotEqualTo(state(changed));
            }
        }
        assertThat(RuleState.INITIAL).isEqualTo(state(cases.get(0)));
    }

    private static RuleState state(Object[] c) {
        return new RuleState((Boolean) c[0], (boolean) c[1], (int) c[2], (Instant) c[3], (LocalDate) c[4], map(c[5]), (Instant) c[6]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, BigDecimal> map(Object o) {
        return (Map<String, BigDecimal>) o;
    }

    private static Object other(int field, Object value) {
        return switch (field) {
            case 0 -> value == null ? Boolean.TRUE : null;
            case 1 -> !(boolean) value;
            case 2 -> (int) value + 1;
            case 3, 6 -> value == null ? Instant.EPOCH : null;
            case 4 -> value == null ? LocalDate.EPOCH : null;
            default -> ((Map<?, ?>) value).isEmpty() ? Map.of("price - 1", BigDecimal.ONE) : Map.of();
        };
    }
}
