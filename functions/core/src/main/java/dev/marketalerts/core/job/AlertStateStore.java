package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: durable state of the job. Rule state per (rule, symbol); alert claims (the exactly-once
 * protocol: claim the id with a conditional write, publish, record the message id or keep it owed);
 * earnings snapshots and the kept earnings calendar; alert history. Every method either does what it says or throws
 * {@link StateStoreException}: a store that cannot be read or written must stop the tick.
 */
public interface AlertStateStore {

    /** States of the given keys; absent keys have never been saved. */
    Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys);

    void saveRuleState(RuleKey key, RuleState state);

    /**
     * Claims {@code alert.id()} for one publish attempt, keeping the whole alert in the claim so that a delivery
     * that does not finish can be completed by a later tick ({@link #dueClaims}). The answer is
     * <ul>
     * <li>{@code Claimed(token, 1)} when nobody has claimed the id;</li>
     * <li>{@code Claimed(token, n + 1)} when an unrecorded claim with {@code n} attempts has a lease that ended at or
     * before {@code now}: it is taken over and its stored alert is kept;</li>
     * <li>{@code Claimed} with this call's own token when the claim already holds it (the store's client retried a
     * request whose first answer was lost: the claim is ours, not another run's);</li>
     * <li>{@code AlreadySent(messageId)} when it is recorded as sent;</li>
     * <li>{@code InProgress(leaseUntil)} when another run holds a live lease.</li>
     * </ul>
     * A new or taken-over claim's lease ends at {@code now + lease}.
     */
    ClaimOutcome claim(Alert alert, Instant now, Duration lease);

    /**
     * Marks a claimed alert as published. Repeating it with the same token is harmless; it fails if {@code token} no
     * longer holds the claim.
     */
    void recordSent(String alertId, String token, String messageId, Instant at);

    /**
     * The attempt made under {@code token} did not publish, or may not have: the claim stays unrecorded (the alert is
     * still owed), its lease now ends at {@code dueAt}, from when any run may take it over, and {@code outcome} is kept
     * as its last attempt's outcome. Fails if {@code token} no longer holds the claim.
     */
    void retryLater(String alertId, String token, Instant dueAt, String outcome);

    /** Unrecorded claims whose lease ended at or before {@code now}, oldest claim first. */
    List<PendingAlert> dueClaims(Instant now);

    /** The health a job ({@code price}, {@code earnings}, {@code all}) remembers; empty before its first tick. */
    Optional<HealthState> healthState(String job);

    void saveHealthState(String job, HealthState state);

    Optional<EarningsSnapshot> earningsSnapshot(String symbol);

    void saveEarningsSnapshot(EarningsSnapshot snapshot);

    /** The earnings calendar the earnings job keeps between runs; empty before its first run. */
    Optional<EarningsCalendarCache> earningsCalendar();

    void saveEarningsCalendar(EarningsCalendarCache calendar);

    /** Appends a sent alert to the history (kept for a limited time). */
    void appendHistory(Alert alert, String messageId, Instant sentAt);

    /** The most recent history entries, newest first. */
    List<Alert> history(int limit);
}
