package dev.marketalerts.core.job;

import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.rules.Evaluation;
import dev.marketalerts.core.rules.TriState;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides whether a price rule fires on one evaluation and what it remembers next (the README's triggers):
 * on-change fires when the condition becomes true and re-arms when it is false again
 * (past the rearm band when one is set), once fires once ever, daily at most once per exchange day,
 * always on every true evaluation; cooldown and expiry gate them all. UNKNOWN changes nothing.
 */
public final class TriggerPolicy {

    /** The outcome: fire or not, the next state, and the episode name for the alert id (null when not firing). */
    public record Decision(boolean fire, RuleState next, String occurrence) {
    }

    private TriggerPolicy() {
    }

    /**
     * @param loosened evaluated lazily: the condition with rearm-loosened thresholds (only asked when disarmed with a rearm band)
     * @param exchangeDay the exchange date of the data the evaluation used
     * @param ruleZone the zone of alerts.yaml, in which {@code expires} ends at midnight
     */
    public static Decision decide(RuleConfig rule, RuleState previous, Evaluation evaluation, Supplier<TriState> loosened,
                                  Instant now, LocalDate exchangeDay, ZoneId ruleZone) {
        if (evaluation.result() == TriState.UNKNOWN) {
            // A crossing whose own value is known still remembers it (else a crossing could never become known);
            // everything else, armed state included, stays exactly as it was.
            if (evaluation.crossingValues().isEmpty()) {
                return new Decision(false, previous, null);
            }
            Map<String, BigDecimal> crossings = new LinkedHashMap<>(previous.crossingValues());
            crossings.putAll(evaluation.crossingValues());
            return new Decision(false, new RuleState(previous.lastResult(), previous.armed(), previous.episodes(), previous.lastFiredAt(),
                    previous.lastFiredDay(), crossings, previous.lastEvaluatedAt()), null);
        }
        boolean holds = evaluation.result() == TriState.TRUE;
        boolean gated = rule.trigger() == Trigger.ON_CHANGE || rule.rearm() != null;
        boolean armed = previous.armed();
        if (!armed) {
            armed = rule.rearm() != null ? loosened.get() == TriState.FALSE : !holds;
        }
        boolean fire = holds && !expired(rule, now, ruleZone) && cooledDown(rule, previous, now) && (!gated || armed) && switch (rule.trigger()) {
            case ON_CHANGE, ALWAYS -> true;
            case ONCE -> previous.episodes() == 0;
            case DAILY -> !exchangeDay.equals(previous.lastFiredDay());
        };
        Map<String, BigDecimal> crossings = new LinkedHashMap<>(previous.crossingValues());
        crossings.putAll(evaluation.crossingValues());
        RuleState next = new RuleState(
                holds,
                fire && gated ? false : armed,
                previous.episodes() + (fire ? 1 : 0),
                fire ? now : previous.lastFiredAt(),
                fire ? exchangeDay : previous.lastFiredDay(),
                crossings,
                now);
        return new Decision(fire, next, fire ? occurrence(rule.trigger(), previous, evaluation, exchangeDay) : null);
    }

    private static String occurrence(Trigger trigger, RuleState previous, Evaluation evaluation, LocalDate exchangeDay) {
        return switch (trigger) {
            case ON_CHANGE -> "n" + (previous.episodes() + 1);
            case ONCE -> "once";
            case DAILY -> exchangeDay.toString();
            case ALWAYS -> evaluation.dataAsOf().toString();
        };
    }

    /** Nothing fires after the end of the {@code expires} day in the rule's zone. */
    public static boolean expired(RuleConfig rule, Instant now, ZoneId ruleZone) {
        return rule.expires() != null && !now.isBefore(rule.expires().plusDays(1).atStartOfDay(ruleZone).toInstant());
    }

    private static boolean cooledDown(RuleConfig rule, RuleState previous, Instant now) {
        return rule.cooldown() == null || previous.lastFiredAt() == null
                || !now.isBefore(previous.lastFiredAt().plus(rule.cooldown()));
    }
}
