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
import dev.marketalerts.core.job.StateStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Test fake: the store contract in memory, with a switch that makes every call fail like an unreachable database. */
public final class InMemoryAlertStateStore implements AlertStateStore {
    private final Map<RuleKey, RuleState> rules = new HashMap<>();
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private final Map<String, EarningsSnapshot> earnings = new HashMap<>();
    /** Kept in their stored JSON form, so the codec is exercised as the real stores exercise it. */
    private final Map<String, String> health = new HashMap<>();
    private String calendar;
    private final List<Sent> history = new ArrayList<>();
    private volatile boolean down;

    private record Sent(Alert alert, Instant sentAt) {
    }

    private record Claim(Alert alert, String token, Instant claimedAt, Instant leaseUntil, int attempts, String lastOutcome,
                         String messageId) {
    }

    public void goDown() {
        down = true;
    }

    private void check() {
        if (down) {
            throw new StateStoreException("state store unavailable (test)");
        }
    }

    @Override
    public synchronized Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys) {
        check();
        Map<RuleKey, RuleState> out = new HashMap<>();
        keys.forEach(k -> {
            if (rules.containsKey(k)) {
                out.put(k, rules.get(k));
            }
        });
        return out;
    }

    @Override
    public synchronized void saveRuleState(RuleKey key, RuleState state) {
        check();
        rules.put(key, state);
    }

    @Override
    public synchronized ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
        check();
        Claim c = claims.get(alert.id());
        if (c != null) {
            if (c.messageId != null) {
                return new ClaimOutcome.AlreadySent(c.messageId);
            }
            if (now.isBefore(c.leaseUntil)) {
                return new ClaimOutcome.InProgress(c.leaseUntil);
            }
        }
        String token = UUID.randomUUID().toString();
        int attempt = c == null ? 1 : c.attempts + 1;
        claims.put(alert.id(), new Claim(c == null ? alert : c.alert, token, now, now.plus(lease), attempt,
                c == null ? null : c.lastOutcome, null));
        return new ClaimOutcome.Claimed(token, attempt);
    }

    @Override
    public synchronized void recordSent(String alertId, String token, String messageId, Instant at) {
        check();
        Claim c = held(alertId, token);
        claims.put(alertId, new Claim(c.alert, token, c.claimedAt, c.leaseUntil, c.attempts, c.lastOutcome, messageId));
    }

    @Override
    public synchronized void retryLater(String alertId, String token, Instant dueAt, String outcome) {
        check();
        Claim c = held(alertId, token);
        if (c.messageId != null) {
            throw new StateStoreException("claim of " + alertId + " is recorded as sent");
        }
        claims.put(alertId, new Claim(c.alert, token, c.claimedAt, dueAt, c.attempts, outcome, null));
    }

    private Claim held(String alertId, String token) {
        Claim c = claims.get(alertId);
        if (c == null || !c.token.equals(token)) {
            throw new StateStoreException("claim of " + alertId + " is not held by this token");
        }
        return c;
    }

    @Override
    public synchronized List<PendingAlert> dueClaims(Instant now) {
        check();
        return claims.values().stream()
                .filter(c -> c.messageId == null && !now.isBefore(c.leaseUntil))
                .sorted(Comparator.comparing(Claim::claimedAt))
                .map(c -> new PendingAlert(c.alert, c.claimedAt, c.attempts, c.lastOutcome))
                .toList();
    }

    @Override
    public synchronized Optional<EarningsCalendarCache> earningsCalendar() {
        check();
        return Optional.ofNullable(calendar).map(EarningsCalendarCache::fromJson);
    }

    @Override
    public synchronized void saveEarningsCalendar(EarningsCalendarCache calendar) {
        check();
        this.calendar = calendar.toJson();
    }

    @Override
    public synchronized Optional<HealthState> healthState(String job) {
        check();
        return Optional.ofNullable(health.get(job)).map(HealthState::fromJson);
    }

    @Override
    public synchronized void saveHealthState(String job, HealthState state) {
        check();
        health.put(job, state.toJson());
    }

    @Override
    public synchronized Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
        check();
        return Optional.ofNullable(earnings.get(symbol));
    }

    @Override
    public synchronized void saveEarningsSnapshot(EarningsSnapshot snapshot) {
        check();
        earnings.put(snapshot.symbol(), snapshot);
    }

    @Override
    public synchronized void appendHistory(Alert alert, String messageId, Instant sentAt) {
        check();
        history.add(new Sent(alert, sentAt));
    }

    @Override
    public synchronized List<Alert> history(int limit) {
        check();
        List<Sent> newestFirst = new ArrayList<>(history);
        Collections.reverse(newestFirst);
        // by the time it was sent, like the real stores; entries of the same instant newest appended first
        newestFirst.sort(Comparator.comparing(Sent::sentAt).reversed());
        return newestFirst.stream().limit(limit).map(Sent::alert).toList();
    }

    /** Test helper: whether an alert id is claimed but not recorded. */
    public synchronized boolean isPending(String alertId) {
        Claim c = claims.get(alertId);
        return c != null && c.messageId == null;
    }
}
