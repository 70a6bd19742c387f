package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The store contract held in the process's memory, for runs that have nothing to survive (a backtest) and as the
 * base of tests' store doubles: every call is
 * a map operation, nothing is written anywhere, and the history is pruned to {@link #HISTORY_RETENTION} behind its
 * newest entry as the file and DynamoDB stores prune theirs.
 */
public final class MemoryAlertStateStore implements AlertStateStore {
    /** As long as the file store and DynamoDB's TTL keep theirs. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(90);

    private final Map<RuleKey, RuleState> rules = new HashMap<>();
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    /**
     * The ids of the claims not recorded as sent, in the claims' order: what {@link #dueClaims} looks through, so a tick
     * costs what is owed, not every alert a long backtest has sent.
     */
    private final Set<String> unsent = new LinkedHashSet<>();
    private final Map<String, EarningsSnapshot> earnings = new HashMap<>();
    /**
     * Health and the earnings calendar are kept as they read back from their stored JSON form, as the file and DynamoDB
     * stores give them: the round trip is made once when they are saved, not at every read (a backtest's report-day
     * watch reads the calendar every 5 minutes). Both are immutable values, so a caller cannot change them afterwards.
     */
    private final Map<String, HealthState> health = new HashMap<>();
    /**
     * Per job, the last health saved without its last tick and that read back: most ticks change only the last tick,
     * whose instant reads back as it was written, so the round trip is made again only when something else changed.
     */
    private final Map<String, HealthState[]> healthReadBack = new HashMap<>();
    private EarningsCalendarCache calendar;
    /**
     * The pages of the last calendar saved, each with its value read back: a save makes the round trip only for the pages
     * that changed (a routine run refetches a few dates of a window of weeks).
     */
    private Map<EarningsCalendarCache.Page, EarningsCalendarCache.Page> pagesReadBack = Map.of();
    private final NavigableMap<HistoryKey, Alert> history = new TreeMap<>();
    private long appended;

    /** Orders the history by send time, then by append order (the later appended is the newer). */
    private record HistoryKey(Instant sentAt, long sequence) implements Comparable<HistoryKey> {
        private static final Comparator<HistoryKey> ORDER = Comparator.comparing(HistoryKey::sentAt).thenComparingLong(HistoryKey::sequence);

        @Override
        public int compareTo(HistoryKey o) {
            return ORDER.compare(this, o);
        }
    }

    private record Claim(Alert alert, String token, Instant claimedAt, Instant leaseUntil, int attempts, String lastOutcome,
                         String messageId) {
    }

    @Override
    public synchronized Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys) {
        Map<RuleKey, RuleState> out = new LinkedHashMap<>();
        for (RuleKey k : keys) {
            RuleState s = rules.get(k);
            if (s != null) {
                out.put(k, s);
            }
        }
        return out;
    }

    @Override
    public synchronized void saveRuleState(RuleKey key, RuleState state) {
        rules.put(key, state);
    }

    @Override
    public synchronized ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
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
        unsent.add(alert.id());
        return new ClaimOutcome.Claimed(token, attempt);
    }

    @Override
    public synchronized void recordSent(String alertId, String token, String messageId, Instant at) {
        Claim c = held(alertId, token);
        claims.put(alertId, new Claim(c.alert, token, c.claimedAt, c.leaseUntil, c.attempts, c.lastOutcome, messageId));
        unsent.remove(alertId);
    }

    @Override
    public synchronized void retryLater(String alertId, String token, Instant dueAt, String outcome) {
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
        if (unsent.isEmpty()) {
            return List.of();
        }
        List<Claim> due = new ArrayList<>();
        for (String id : unsent) {
            Claim c = claims.get(id);
            if (!now.isBefore(c.leaseUntil)) {
                due.add(c);
            }
        }
        due.sort(Comparator.comparing(Claim::claimedAt));
        return due.stream().map(c -> new PendingAlert(c.alert, c.claimedAt, c.attempts, c.lastOutcome)).toList();
    }

    @Override
    public synchronized Optional<HealthState> healthState(String job) {
        return Optional.ofNullable(health.get(job));
    }

    @Override
    public synchronized void saveHealthState(String job, HealthState state) {
        HealthState rest = new HealthState(null, state.missing(), state.publishFailures(), state.dataIncident(), state.deliveryIncident());
        HealthState[] kept = healthReadBack.get(job);
        if (kept == null || !kept[0].equals(rest)) {
            kept = new HealthState[] {rest, HealthState.fromJson(rest.toJson())};
            healthReadBack.put(job, kept);
        }
        HealthState back = kept[1];
        health.put(job, new HealthState(state.lastTick(), back.missing(), back.publishFailures(), back.dataIncident(), back.deliveryIncident()));
    }

    @Override
    public synchronized Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
        return Optional.ofNullable(earnings.get(symbol));
    }

    @Override
    public synchronized void saveEarningsSnapshot(EarningsSnapshot snapshot) {
        earnings.put(snapshot.symbol(), snapshot);
    }

    @Override
    public synchronized Optional<EarningsCalendarCache> earningsCalendar() {
        return Optional.ofNullable(calendar);
    }

    @Override
    public synchronized void saveEarningsCalendar(EarningsCalendarCache calendar) {
        // The document's fields are read back each on its own, so the round trip of the whole is that of its parts.
        Map<EarningsCalendarCache.Page, EarningsCalendarCache.Page> readBack = new HashMap<>();
        Map<LocalDate, EarningsCalendarCache.Page> pages = new HashMap<>();
        calendar.pages().forEach((date, page) -> {
            EarningsCalendarCache.Page back = pagesReadBack.get(page);
            if (back == null) {
                back = EarningsCalendarCache.fromJson(new EarningsCalendarCache(Set.of(), Map.of(date, page)).toJson()).pages().get(date);
            }
            readBack.put(page, back);
            pages.put(date, back);
        });
        Set<String> symbols = this.calendar != null && this.calendar.symbols().equals(calendar.symbols()) ? this.calendar.symbols()
                : EarningsCalendarCache.fromJson(new EarningsCalendarCache(calendar.symbols(), Map.of()).toJson()).symbols();
        pagesReadBack = readBack;
        this.calendar = new EarningsCalendarCache(symbols, pages);
    }

    @Override
    public synchronized void appendHistory(Alert alert, String messageId, Instant sentAt) {
        history.put(new HistoryKey(sentAt, appended++), alert);
        Instant cutoff = history.lastKey().sentAt().minus(HISTORY_RETENTION);
        history.headMap(new HistoryKey(cutoff, Long.MIN_VALUE)).clear();
    }

    @Override
    public synchronized List<Alert> history(int limit) {
        List<Alert> out = new ArrayList<>(Math.min(Math.max(limit, 0), history.size()));
        for (Alert a : history.descendingMap().values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(a);
        }
        return out;
    }
}
