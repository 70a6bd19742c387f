package dev.marketalerts.core.testing;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.EarningsCalendarCache;
import dev.marketalerts.core.job.HealthState;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/** Test support: passes every call to a real store; fault and gate doubles override the calls they break or watch. */
public class ForwardingAlertStateStore implements AlertStateStore {
    protected final AlertStateStore delegate;

    public ForwardingAlertStateStore(AlertStateStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys) {
        return delegate.ruleStates(keys);
    }

    @Override
    public void saveRuleState(RuleKey key, RuleState state) {
        delegate.saveRuleState(key, state);
    }

    @Override
    public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
        return delegate.claim(alert, now, lease);
    }

    @Override
    public void recordSent(String alertId, String token, String messageId, Instant at) {
        delegate.recordSent(alertId, token, messageId, at);
    }

    @Override
    public void retryLater(String alertId, String token, Instant dueAt, String outcome) {
        delegate.retryLater(alertId, token, dueAt, outcome);
    }

    @Override
    public List<PendingAlert> dueClaims(Instant now) {
        return delegate.dueClaims(now);
    }

    @Override
    public Optional<EarningsCalendarCache> earningsCalendar() {
        return delegate.earningsCalendar();
    }

    @Override
    public void saveEarningsCalendar(EarningsCalendarCache calendar) {
        delegate.saveEarningsCalendar(calendar);
    }

    @Override
    public Optional<HealthState> healthState(String job) {
        return delegate.healthState(job);
    }

    @Override
    public void saveHealthState(String job, HealthState state) {
        delegate.saveHealthState(job, state);
    }

    @Override
    public Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
        return delegate.earningsSnapshot(symbol);
    }

    @Override
    public void saveEarningsSnapshot(EarningsSnapshot snapshot) {
        delegate.saveEarningsSnapshot(snapshot);
    }

    @Override
    public void appendHistory(Alert alert, String messageId, Instant sentAt) {
        delegate.appendHistory(alert, messageId, sentAt);
    }

    @Override
    public List<Alert> history(int limit) {
        return delegate.history(limit);
    }
}
