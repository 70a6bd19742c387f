package dev.marketalerts.local;

import static dev.marketalerts.local.JsonDirectory.corrupt;
import static dev.marketalerts.local.JsonDirectory.deleteQuietly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsCalendarCache;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.HealthState;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import dev.marketalerts.local.JsonDirectory.WriteHook;
import dev.marketalerts.local.StateCodec.Claim;
import dev.marketalerts.local.StateCodec.Sent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The embedded state store of the {@code alerts} CLI and of local Lambda invocation: one small JSON file per
 * record under a directory, with the same conditional-claim semantics as the DynamoDB store.
 *
 * <pre>
 * DIR/.lock                          exclusive lock (FileChannel.lock) held by every writer
 * DIR/rules/RULE@SYMBOL.json         rule state
 * DIR/claims/pending/ID.json         a claim not yet recorded as sent (id, token, claimedAt, leaseUntil, attempts,
 *                                    lastOutcome, alert)
 * DIR/claims/sent/ID.json            a sent alert (the claim's fields, messageId, sentAt)
 * DIR/earnings/SYMBOL.json           earnings snapshot
 * DIR/health/JOB.json                a job's health (HealthState)
 * DIR/earnings-calendar.json         the kept earnings calendar (EarningsCalendarCache)
 * DIR/history/SENTAT-ID.json         history entry, pruned after 90 days
 * </pre>
 *
 * Crash safety comes from {@link JsonDirectory} (write to a temp file, force, rename, under an exclusive lock): a killed
 * process leaves either the old or the new file, never half of one. A file that does not parse, or that
 * {@link StateCodec} finds a field of another type in, is reported with its path and left untouched: never coerced,
 * never silently reset.
 */
public final class FileAlertStateStore implements AlertStateStore {
    /** History entries older than this (relative to the newest entry) are deleted, like the DynamoDB TTL. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(90);

    private static final DateTimeFormatter HISTORY_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String CALENDAR_FILE = "earnings-calendar.json";

    private final JsonDirectory files;
    private final Path dir;
    private final Path rules;
    private final Path pending;
    private final Path sent;
    private final Path earnings;
    private final Path health;
    private final Path history;
    private final Path calendar;
    /** Guarded by the store's lock; null until the first append. */
    private NavigableSet<String> historyNames;

    private FileAlertStateStore(JsonDirectory files) {
        this.files = files;
        this.dir = files.path();
        this.rules = dir.resolve("rules");
        this.pending = dir.resolve("claims").resolve("pending");
        this.sent = dir.resolve("claims").resolve("sent");
        this.earnings = dir.resolve("earnings");
        this.health = dir.resolve("health");
        this.history = dir.resolve("history");
        this.calendar = dir.resolve(CALENDAR_FILE);
    }

    /** Opens (creating if needed) a durable store: every write is forced to disk before it is renamed into place. */
    public static FileAlertStateStore open(Path dir) {
        return open(dir, true);
    }

    /**
     * Opens a store; with {@code fsync == false} writes are still atomic renames (safe against a killed
     * process) but not forced to disk (not safe against power loss) — for backtests that write a lot.
     */
    public static FileAlertStateStore open(Path dir, boolean fsync) {
        return open(dir, fsync, WriteHook.NONE);
    }

    static FileAlertStateStore open(Path dir, boolean fsync, WriteHook hook) {
        FileAlertStateStore store = new FileAlertStateStore(new JsonDirectory(dir, fsync, hook));
        store.files.open(List.of(store.rules, store.pending, store.sent, store.earnings, store.health, store.history),
                List.of(store.calendar));
        return store;
    }

    public Path directory() {
        return dir;
    }

    // ---- rule state ----

    @Override
    public Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys) {
        Map<RuleKey, RuleState> out = new LinkedHashMap<>();
        for (RuleKey key : keys) {
            Path file = ruleFile(key);
            Optional<JsonNode> n = files.read(file);
            if (n.isPresent()) {
                out.put(key, StateCodec.readRuleState(file, n.get()));
            }
        }
        return out;
    }

    @Override
    public void saveRuleState(RuleKey key, RuleState state) {
        ObjectNode n = StateCodec.ruleStateDocument(key, state);
        try (JsonDirectory.Held ignored = files.hold()) {
            files.write(ruleFile(key), n);
        }
    }

    // ---- claims ----

    private Optional<Sent> readSent(String alertId) {
        Path file = claimFile(sent, alertId);
        Optional<JsonNode> n = files.read(file);
        return n.isPresent() ? Optional.of(StateCodec.readSent(file, n.get())) : Optional.empty();
    }

    @Override
    public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
        try (JsonDirectory.Held ignored = files.hold()) {
            Path pendingFile = claimFile(pending, alert.id());
            Optional<Sent> done = readSent(alert.id());
            if (done.isPresent()) {
                // a process that died between writing the sent record and removing the pending one left both
                deleteQuietly(pendingFile);
                return new ClaimOutcome.AlreadySent(done.get().messageId());
            }
            Optional<JsonNode> held = files.read(pendingFile);
            String token = UUID.randomUUID().toString();
            Claim next;
            if (held.isPresent()) {
                Claim c = StateCodec.readClaim(pendingFile, held.get());
                if (!c.id().equals(alert.id())) {
                    throw corrupt(pendingFile, "field 'id' is '" + c.id() + "', not the id its file name stands for (" + alert.id() + ")");
                }
                if (now.isBefore(c.leaseUntil())) {
                    return new ClaimOutcome.InProgress(c.leaseUntil());
                }
                next = new Claim(c.id(), token, now, now.plus(lease), c.attempts() + 1, c.lastOutcome(), c.alert());
            } else {
                next = new Claim(alert.id(), token, now, now.plus(lease), 1, null, alert);
            }
            files.write(pendingFile, StateCodec.claimDocument(next));
            return new ClaimOutcome.Claimed(token, next.attempts());
        }
    }

    @Override
    public void recordSent(String alertId, String token, String messageId, Instant at) {
        try (JsonDirectory.Held ignored = files.hold()) {
            Path pendingFile = claimFile(pending, alertId);
            Optional<Sent> done = readSent(alertId);
            if (done.isPresent()) {
                if (!done.get().token().equals(token)) {
                    throw new StateStoreException("cannot record alert " + alertId + " as sent: another run recorded it (message id "
                            + done.get().messageId() + ")");
                }
                deleteQuietly(pendingFile);
                return; // recorded already by this very claim: a repeated call
            }
            Claim c = heldClaim(pendingFile, alertId, token, "record alert " + alertId + " as sent");
            files.write(claimFile(sent, alertId), StateCodec.sentDocument(c, messageId, at));
            files.delete(pendingFile);
        }
    }

    @Override
    public void retryLater(String alertId, String token, Instant dueAt, String outcome) {
        try (JsonDirectory.Held ignored = files.hold()) {
            Path pendingFile = claimFile(pending, alertId);
            Optional<Sent> done = readSent(alertId);
            if (done.isPresent()) {
                throw new StateStoreException("cannot keep alert " + alertId + " owed: it is recorded as sent already (message id "
                        + done.get().messageId() + ")");
            }
            Claim c = heldClaim(pendingFile, alertId, token, "keep alert " + alertId + " owed");
            files.write(pendingFile, StateCodec.claimDocument(
                    new Claim(c.id(), c.token(), c.claimedAt(), dueAt, c.attempts(), outcome, c.alert())));
        }
    }

    private Claim heldClaim(Path pendingFile, String alertId, String token, String what) {
        Optional<JsonNode> held = files.read(pendingFile);
        if (held.isEmpty()) {
            throw new StateStoreException("cannot " + what + ": no claim of it exists");
        }
        Claim c = StateCodec.readClaim(pendingFile, held.get());
        if (!c.token().equals(token)) {
            throw new StateStoreException("cannot " + what + ": this run's claim is no longer held (its lease ended and another run took it over)");
        }
        return c;
    }

    @Override
    public List<PendingAlert> dueClaims(Instant now) {
        List<Claim> due = new ArrayList<>();
        for (Path file : files.list(pending, ".json")) {
            Optional<JsonNode> n = files.read(file);
            if (n.isEmpty()) {
                continue; // recorded since the listing
            }
            Claim c = StateCodec.readClaim(file, n.get());
            if (!now.isBefore(c.leaseUntil()) && readSent(c.id()).isEmpty()) {
                due.add(c);
            }
        }
        if (due.isEmpty()) {
            return List.of(); // the usual case: a comparator and a stream would only cost a cold start their classes
        }
        due.sort(Comparator.comparing(Claim::claimedAt).thenComparing(Claim::id));
        return due.stream().map(c -> new PendingAlert(c.alert(), c.claimedAt(), c.attempts(), c.lastOutcome())).toList();
    }

    // ---- health ----

    @Override
    public Optional<HealthState> healthState(String job) {
        Path file = health.resolve(fileName(job) + ".json");
        Optional<JsonNode> n = files.read(file);
        return n.isPresent() ? Optional.of(StateCodec.readHealth(file, n.get())) : Optional.empty();
    }

    @Override
    public void saveHealthState(String job, HealthState state) {
        ObjectNode n = StateCodec.healthDocument(job, state);
        try (JsonDirectory.Held ignored = files.hold()) {
            files.write(health.resolve(fileName(job) + ".json"), n);
        }
    }

    // ---- the kept earnings calendar ----

    @Override
    public Optional<EarningsCalendarCache> earningsCalendar() {
        return files.read(calendar).map(n -> StateCodec.readCalendar(calendar, n));
    }

    @Override
    public void saveEarningsCalendar(EarningsCalendarCache cache) {
        ObjectNode n = StateCodec.calendarDocument(cache);
        try (JsonDirectory.Held ignored = files.hold()) {
            files.write(calendar, n);
        }
    }

    // ---- earnings snapshots ----

    @Override
    public Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
        Path file = earnings.resolve(fileName(symbol) + ".json");
        return files.read(file).map(n -> StateCodec.readSnapshot(file, n));
    }

    @Override
    public void saveEarningsSnapshot(EarningsSnapshot snapshot) {
        ObjectNode n = StateCodec.snapshotDocument(snapshot);
        try (JsonDirectory.Held ignored = files.hold()) {
            files.write(earnings.resolve(fileName(snapshot.symbol()) + ".json"), n);
        }
    }

    // ---- history ----

    @Override
    public void appendHistory(Alert alert, String messageId, Instant sentAt) {
        ObjectNode n = StateCodec.historyDocument(alert, messageId, sentAt);
        try (JsonDirectory.Held ignored = files.hold()) {
            String name = HISTORY_STAMP.format(sentAt) + "-" + fileName(alert.id()) + ".json";
            files.write(history.resolve(name), n);
            NavigableSet<String> names = historyNames();
            names.add(name);
            String cutoff = HISTORY_STAMP.format(stamp(names.last()).minus(HISTORY_RETENTION));
            for (Iterator<String> old = names.headSet(cutoff, false).iterator(); old.hasNext(); ) {
                deleteQuietly(history.resolve(old.next()));
                old.remove();
            }
        }
    }

    /**
     * The history entries by name (so by send time), listed once per store instance and then kept up to date, so an
     * append costs a write and the deletion of what fell out of retention, not a listing of the directory. Entries
     * another process appends meanwhile are pruned by that process, or by the next instance opened here.
     */
    private NavigableSet<String> historyNames() {
        if (historyNames == null) {
            NavigableSet<String> names = new TreeSet<>();
            for (Path p : files.list(history, ".json")) {
                String name = p.getFileName().toString();
                if (stamp(name) != null) {
                    names.add(name);
                }
            }
            historyNames = names;
        }
        return historyNames;
    }

    /** The send time at the start of a history file's name, or null when the name is not one of ours. */
    private static Instant stamp(String name) {
        try {
            return Instant.from(HISTORY_STAMP.parse(name.substring(0, Math.min(name.length(), 19))));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public List<Alert> history(int limit) {
        List<Path> entries = files.list(history, ".json");
        entries.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        List<Alert> out = new ArrayList<>();
        for (Path file : entries) {
            if (out.size() >= limit) {
                break;
            }
            files.read(file).ifPresent(n -> out.add(StateCodec.readHistoryAlert(file, n)));
        }
        return out;
    }

    // ---- file names ----

    private Path ruleFile(RuleKey key) {
        return rules.resolve(fileName(key.ruleId()) + "@" + fileName(key.symbol()) + ".json");
    }

    private static Path claimFile(Path dir, String alertId) {
        return dir.resolve(fileName(alertId) + ".json");
    }

    /**
     * A portable file name for a key: [A-Za-z0-9._-] kept, every other UTF-8 byte as %XX; very long keys
     * keep a readable prefix plus a hash (the key itself is stored inside the file).
     */
    static String fileName(String key) {
        StringBuilder b = new StringBuilder();
        for (byte c : key.getBytes(StandardCharsets.UTF_8)) {
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || (c == '.' && b.length() > 0);
            if (plain) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xFF));
            }
        }
        if (b.length() <= 160) {
            return b.toString();
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return b.substring(0, 100) + "~" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "FileAlertStateStore[" + dir + "]";
    }
}
