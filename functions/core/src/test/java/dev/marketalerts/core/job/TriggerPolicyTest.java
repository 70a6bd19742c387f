package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.rules.Rearm;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.rules.Condition;
import dev.marketalerts.core.rules.Evaluation;
import dev.marketalerts.core.rules.MetricContext;
import dev.marketalerts.core.rules.Rearm;
import dev.marketalerts.core.rules.TriState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriggerPolicyTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Instant T0 = Instant.parse("2026-01-05T21:05:00Z");

    /** A condition whose results the test scripts; the policy only reads its Evaluation. */
    private static final Condition SCRIPTED = new Condition() {
        public String text() {
            return "price < 85000";
        }

        public Evaluation evaluate(MetricContext c, Map<String, BigDecimal> p) {
            throw new UnsupportedOperationException();
        }

        public TriState check(MetricContext c, Map<String, BigDecimal> p) {
            throw new UnsupportedOperationException();
        }

        public boolean remembersCrossings() {
            return false;
        }

        public TriState holdsLoosened(MetricContext c, Rearm r) {
            throw new UnsupportedOperationException();
        }

        public int barsNeeded() {
            return 1;
        }
    };

    private static RuleConfig rule(Trigger trigger, Rearm rearm, Duration cooldown, LocalDate expires) {
        return new RuleConfig("r", List.of("X"), SCRIPTED, null, trigger, rearm, cooldown, Severity.INFO, expires);
    }

    /**
     * Runs a script of ticks, one a day at the same time: each step is "T", "F" or "U" (condition),
     * optionally with "/L?" giving the loosened result (rearm), and returns the fire pattern ("1" fired, "." not).
     */
    private static String run(RuleConfig rule, String... steps) {
        RuleState state = RuleState.INITIAL;
        StringBuilder fired = new StringBuilder();
        List<String> occurrences = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            String[] parts = steps[i].split("/");
            TriState result = parse(parts[0]);
            TriState loosened = parts.length > 1 ? parse(parts[1]) : result;
            Instant now = T0.plus(Duration.ofHours(i));
            Evaluation e = new Evaluation(result, Map.of(), Map.of(), now);
            TriggerPolicy.Decision d = TriggerPolicy.decide(rule, state, e, () -> loosened, now,
                    LocalDate.of(2026, 1, 5).plusDays(i / 24), NY);
            fired.append(d.fire() ? "1" : ".");
            if (d.fire()) {
                occurrences.add(d.occurrence());
            }
            state = d.next();
        }
        return fired.toString();
    }

    private static TriState parse(String s) {
        return switch (s) {
            case "T" -> TriState.TRUE;
            case "F" -> TriState.FALSE;
            default -> TriState.UNKNOWN;
        };
    }

    static Stream<Arguments> scripts() {
        Rearm twoPercent = new Rearm(new BigDecimal("0.02"), true);
        return Stream.of(
                Arguments.of("on-change fires on the first true evaluation", rule(Trigger.ON_CHANGE, null, null, null),
                        new String[] {"T", "T", "T"}, "1.."),
                Arguments.of("on-change re-arms when false again", rule(Trigger.ON_CHANGE, null, null, null),
                        new String[] {"F", "T", "F", "T"}, ".1.1"),
                Arguments.of("unknown never fires and never re-arms", rule(Trigger.ON_CHANGE, null, null, null),
                        new String[] {"T", "U", "T", "U", "F", "T"}, "1....1"),
                Arguments.of("rearm band: false but inside the band does not re-arm", rule(Trigger.ON_CHANGE, twoPercent, null, null),
                        new String[] {"T", "F/T", "T", "F/F", "T"}, "1...1"),
                Arguments.of("rearm band: unknown loosened result does not re-arm", rule(Trigger.ON_CHANGE, twoPercent, null, null),
                        new String[] {"T", "F/U", "T"}, "1.."),
                Arguments.of("once fires once ever", rule(Trigger.ONCE, null, null, null),
                        new String[] {"T", "F", "T", "T"}, "1..."),
                Arguments.of("always fires on every true evaluation", rule(Trigger.ALWAYS, null, null, null),
                        new String[] {"T", "T", "F", "T"}, "11.1"),
                Arguments.of("cooldown holds back always until it has passed", rule(Trigger.ALWAYS, null, Duration.ofHours(2), null),
                        new String[] {"T", "T", "T", "T", "T"}, "1.1.1"),
                Arguments.of("cooldown boundary: exactly cooldown later may fire", rule(Trigger.ALWAYS, null, Duration.ofHours(1), null),
                        new String[] {"T", "T", "T"}, "111"),
                Arguments.of("on-change stays armed through a cooldown and fires after it", rule(Trigger.ON_CHANGE, null, Duration.ofHours(3), null),
                        new String[] {"T", "F", "T", "T", "T"}, "1..1."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void triggerScripts(String name, RuleConfig rule, String[] steps, String expected) {
        assertThat(run(rule, steps)).isEqualTo(expected);
    }

    @Test
    void dailyFiresAtMostOncePerExchangeDay() {
        RuleConfig rule = rule(Trigger.DAILY, null, null, null);
        String[] steps = new String[50];
        java.util.Arrays.fill(steps, "T");
        // 50 hourly ticks span three exchange days (i / 24): one firing each.
        assertThat(run(rule, steps).replace(".", "")).isEqualTo("111");
        assertThat(run(rule, steps).indexOf('1', 1)).isEqualTo(24);
    }

    @Test
    void nothingFiresAfterTheEndOfTheExpiryDayInTheRuleZone() {
        RuleConfig rule = rule(Trigger.ALWAYS, null, null, LocalDate.of(2026, 1, 5));
        Evaluation e = new Evaluation(TriState.TRUE, Map.of(), Map.of(), T0);
        Instant lastMinute = LocalDate.of(2026, 1, 5).atTime(23, 59, 59).atZone(NY).toInstant();
        Instant midnight = LocalDate.of(2026, 1, 6).atStartOfDay(NY).toInstant();
        assertThat(TriggerPolicy.decide(rule, RuleState.INITIAL, e, () -> TriState.TRUE, lastMinute, LocalDate.of(2026, 1, 5), NY).fire()).isTrue();
        assertThat(TriggerPolicy.decide(rule, RuleState.INITIAL, e, () -> TriState.TRUE, midnight, LocalDate.of(2026, 1, 6), NY).fire()).isFalse();
        // Midnight in New York is 05:00 UTC: a UTC reading of expiry would still fire at 04:59 UTC on the 6th.
        assertThat(TriggerPolicy.expired(rule, Instant.parse("2026-01-06T04:59:59Z"), NY)).isFalse();
        assertThat(TriggerPolicy.expired(rule, Instant.parse("2026-01-06T05:00:00Z"), NY)).isTrue();
    }

    @Test
    void expiryOnTheDaySummerTimeStartsEndsAtMidnightEdt() {
        RuleConfig rule = rule(Trigger.ALWAYS, null, null, LocalDate.of(2026, 3, 8));
        // 2026-03-08 is 23 hours long in New York; its end is 04:00 UTC (EDT), not 05:00 UTC.
        assertThat(TriggerPolicy.expired(rule, Instant.parse("2026-03-09T03:59:59Z"), NY)).isFalse();
        assertThat(TriggerPolicy.expired(rule, Instant.parse("2026-03-09T04:00:00Z"), NY)).isTrue();
    }

    @Test
    void unknownLeavesStateExactlyAsItWas() {
        RuleState previous = new RuleState(true, false, 3, T0, LocalDate.of(2026, 1, 5), Map.of("#1", BigDecimal.ONE), T0);
        Evaluation unknown = new Evaluation(TriState.UNKNOWN, Map.of(), Map.of(), T0);
        TriggerPolicy.Decision d = TriggerPolicy.decide(rule(Trigger.ON_CHANGE, null, null, null), previous, unknown,
                () -> TriState.FALSE, T0.plusSeconds(60), LocalDate.of(2026, 1, 5), NY);
        assertThat(d.fire()).isFalse();
        assertThat(d.next()).isSameAs(previous);
    }

    @Test
    void unknownResultStillRemembersACrossingValueThatWasKnown() {
        // First sight of a crossing: its result is unknown (no previous value) but its value must be kept,
        // or the crossing could never be evaluated.
        RuleState previous = new RuleState(null, false, 3, T0, null, Map.of(), null);
        Evaluation unknown = new Evaluation(TriState.UNKNOWN, Map.of(), Map.of("#1", BigDecimal.TEN), T0);
        TriggerPolicy.Decision d = TriggerPolicy.decide(rule(Trigger.ON_CHANGE, null, null, null), previous, unknown,
                () -> TriState.FALSE, T0.plusSeconds(60), LocalDate.of(2026, 1, 5), NY);
        assertThat(d.fire()).isFalse();
        assertThat(d.next().crossingValues()).containsEntry("#1", BigDecimal.TEN);
        assertThat(d.next().armed()).isFalse();
        assertThat(d.next().episodes()).isEqualTo(3);
        assertThat(d.next().lastResult()).isNull();
    }

    @Test
    void knownEvaluationRemembersTheCrossingValues() {
        Evaluation e = new Evaluation(TriState.FALSE, Map.of(), Map.of("#1", new BigDecimal("-5")), T0);
        TriggerPolicy.Decision d = TriggerPolicy.decide(rule(Trigger.ON_CHANGE, null, null, null), RuleState.INITIAL, e,
                () -> TriState.FALSE, T0, LocalDate.of(2026, 1, 5), NY);
        assertThat(d.next().crossingValues()).containsEntry("#1", new BigDecimal("-5"));
        assertThat(d.next().lastResult()).isFalse();
    }

    @Test
    void occurrenceNamesTheEpisode() {
        Evaluation e = new Evaluation(TriState.TRUE, Map.of(), Map.of(), T0);
        LocalDate day = LocalDate.of(2026, 1, 5);
        RuleState fired2 = new RuleState(false, true, 2, null, null, Map.of(), null);
        assertThat(TriggerPolicy.decide(rule(Trigger.ON_CHANGE, null, null, null), fired2, e, () -> TriState.TRUE, T0, day, NY).occurrence())
                .isEqualTo("n3");
        assertThat(TriggerPolicy.decide(rule(Trigger.ONCE, null, null, null), RuleState.INITIAL, e, () -> TriState.TRUE, T0, day, NY).occurrence())
                .isEqualTo("once");
        assertThat(TriggerPolicy.decide(rule(Trigger.DAILY, null, null, null), RuleState.INITIAL, e, () -> TriState.TRUE, T0, day, NY).occurrence())
                .isEqualTo("2026-01-05");
        assertThat(TriggerPolicy.decide(rule(Trigger.ALWAYS, null, null, null), RuleState.INITIAL, e, () -> TriState.TRUE, T0, day, NY).occurrence())
                .isEqualTo(T0.toString());
    }
}
