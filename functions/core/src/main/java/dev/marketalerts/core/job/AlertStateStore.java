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
 * protocol of DESIGN §4: claim the id with a conditional write, publish, record the message id);
 * earnings snapshots; alert history. Every method either does what it says or throws
 * {@link StateStoreException}: a store that cannot be read or written must stop the tick.
 */
public interface AlertStateStore {

    /** States of the given keys; absent keys have never been saved. */
    Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys);

    void saveRuleState(RuleKey key, RuleState state);

    /**
     * Claims {@code alert.id()}: succeeds when nobody has claimed it, or when an earlier claim was never
     * recorded and its lease (claimedAt + lease) has passed. The claim keeps the whole alert so an
     * interrupted delivery can be completed by a later tick ({@link #expiredClaims}).
     */
    ClaimOutcome claim(Alert alert, Instant now, Duration lease);

    /** Marks a claimed alert as published. Fails if {@code token} no longer holds the claim. */
    void recordSent(String alertId, String token, String messageId, Instant at);

    /** Gives up a claim we hold (publishing failed) so the next tick may try again. */
    void release(String alertId, String token);

    /** Claims that were never recorded and whose lease has expired at {@code now}, oldest first. */
    List<PendingAlert> expiredClaims(Instant now, Duration lease);

    Optional<EarningsSnapshot> earningsSnapshot(String symbol);

    void saveEarningsSnapshot(EarningsSnapshot snapshot);

    /** Appends a sent alert to the history (kept for a limited time). */
    void appendHistory(Alert alert, String messageId, Instant sentAt);

    /** The most recent history entries, newest first. */
    List<Alert> history(int limit);
}
