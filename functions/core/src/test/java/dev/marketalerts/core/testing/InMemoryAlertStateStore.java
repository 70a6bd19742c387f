package dev.marketalerts.core.testing;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsCalendarCache;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.HealthState;
import dev.marketalerts.core.job.MemoryAlertStateStore;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test double: the in-memory store, with a switch that makes every call fail like an unreachable database. */
public final class InMemoryAlertStateStore extends ForwardingAlertStateStore {
    private volatile boolean down;

    public InMemoryAlertStateStore() {
        super(new MemoryAlertStateStore());
    }

    public void goDown() {
        down = true;
    }

    private void check() {
        if (down) {
            throw new StateStoreException("state store unavailable (test)");
        }
    }

    /** Whether an alert id is claimed but not recorded. */
    public boolean isPending(String alertId) {
        return delegate.dueClaims(Instant.MAX).stream().anyMatch(p -> p.alert().id().equals(alertId));
    }

    @Override
    public Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys) {
        check();
        return super.ruleStates(keys);
    }

    @Override
    public void saveRuleState(RuleKey key, RuleState state) {
        check();
        super.saveRuleState(key, state);
    }

    @Override
    public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
        check();
        return super.claim(alert, now, lease);
    }

    @Override
    public void recordSent(String alertId, String token, String messageId, Instant at) {
        check();
        super.recordSent(alertId, token, messageId, at);
    }

    @Override
    public void retryLater(String alertId, String token, Instant dueAt, String outcome) {
        check();
        super.retryLater(alertId, token, dueAt, outcome);
    }

    @Override
    public List<PendingAlert> dueClaims(Instant now) {
        check();
        return super.dueClaims(now);
    }

    @Override
    public Optional<HealthState> healthState(String job) {
        check();
        return super.healthState(job);
    }

    @Override
    public void saveHealthState(String job, HealthState state) {
        check();
        super.saveHealthState(job, state);
    }

    @Override
    public Optional<EarningsCalendarCache> earningsCalendar() {
        check();
        return super.earningsCalendar();
    }

    @Override
    public void saveEarningsCalendar(EarningsCalendarCache calendar) {
        check();
        super.saveEarningsCalendar(calendar);
    }

    @Override
    public Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
        check();
        return super.earningsSnapshot(symbol);
    }

    @Override
    public void saveEarningsSnapshot(EarningsSnapshot snapshot) {
        check();
        super.saveEarningsSnapshot(snapshot);
    }

    @Override
    public void appendHistory(Alert alert, String messageId, Instant sentAt) {
        check();
        super.appendHistory(alert, messageId, sentAt);
    }

    @Override
    public List<Alert> history(int limit) {
        check();
        return super.history(limit);
    }
}
