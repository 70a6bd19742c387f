package dev.marketalerts.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.EarningsCalendarCache;
import dev.marketalerts.core.job.HealthState;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import dev.marketalerts.core.json.Jackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

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
 * Crash safety: every file is written to {@code NAME.tmp}, forced to disk, then renamed over the old one
 * (atomic on POSIX), so a killed process leaves either the old or the new file, never half of one; a
 * left-over {@code .tmp} is ignored and cleared by the next writer. A file that does not parse, or has a field of
 * another JSON type than the writer writes (integers are integral numbers, booleans true/false, dates, instants and
 * crossing values strings), is reported with its path and left untouched: never coerced, never silently reset.
 */
public final class FileAlertStateStore implements AlertStateStore {
    /** History entries older than this (relative to the newest entry) are deleted, like the DynamoDB TTL. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(90);

    private static final ObjectMapper JSON = Jackson.json();
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter HISTORY_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String TMP = ".tmp";
    private static final String CALENDAR_FILE = "earnings-calendar.json";
    private static final int FORMAT = 1;

    private final Path dir;
    private final Path rules;
    private final Path pending;
    private final Path sent;
    private final Path earnings;
    private final Path health;
    private final Path history;
    private final Path lockFile;
    private final ReentrantLock jvmLock;
    private final boolean fsync;
    private final WriteHook writeHook;
    /** Guarded by the store's lock; null until the first append. */
    private NavigableSet<String> historyNames;

    /** Test seam: runs between writing half of a temp file and the rest, to simulate a process dying mid-write. */
    interface WriteHook {
        WriteHook NONE = target -> {
        };

        void halfWritten(Path target) throws IOException;
    }

    private FileAlertStateStore(Path dir, boolean fsync, WriteHook writeHook) {
        this.dir = dir.toAbsolutePath().normalize();
        this.rules = this.dir.resolve("rules");
        this.pending = this.dir.resolve("claims").resolve("pending");
        this.sent = this.dir.resolve("claims").resolve("sent");
        this.earnings = this.dir.resolve("earnings");
        this.health = this.dir.resolve("health");
        this.history = this.dir.resolve("history");
        this.lockFile = this.dir.resolve(".lock");
        this.jvmLock = JVM_LOCKS.computeIfAbsent(this.dir, d -> new ReentrantLock());
        this.fsync = fsync;
        this.writeHook = writeHook;
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
        FileAlertStateStore store = new FileAlertStateStore(dir, fsync, hook);
        store.init();
        return store;
    }

    public Path directory() {
        return dir;
    }

    private void init() {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new StateStoreException("state directory " + dir + " is a file, not a directory");
            }
            for (Path d : List.of(rules, pending, sent, earnings, health, history)) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot create state directory " + dir + ": " + e, e);
        }
        locked(() -> {
            // Only the lock holder writes temp files, so any found now were left by a process that died.
            for (Path d : List.of(rules, pending, sent, earnings, health, history)) {
                for (Path tmp : list(d, TMP)) {
                    deleteQuietly(tmp);
                }
            }
            deleteQuietly(dir.resolve(CALENDAR_FILE + TMP));
            return null;
        });
    }

    // ---- rule state ----

    @Override
    public Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys) {
        Map<RuleKey, RuleState> out = new LinkedHashMap<>();
        for (RuleKey key : keys) {
            read(ruleFile(key)).ifPresent(n -> out.put(key, readRuleState(ruleFile(key), n)));
        }
        return out;
    }

    @Override
    public void saveRuleState(RuleKey key, RuleState state) {
        ObjectNode n = record();
        n.put("rule", key.ruleId());
        n.put("symbol", key.symbol());
        if (state.lastResult() == null) {
            n.putNull("lastResult");
        } else {
            n.put("lastResult", state.lastResult());
        }
        n.put("armed", state.armed());
        n.put("episodes", state.episodes());
        putNullable(n, "lastFiredAt", state.lastFiredAt());
        putNullable(n, "lastFiredDay", state.lastFiredDay());
        ObjectNode crossings = n.putObject("crossingValues");
        state.crossingValues().forEach((k, v) -> crossings.put(k, v.toPlainString()));
        putNullable(n, "lastEvaluatedAt", state.lastEvaluatedAt());
        locked(() -> write(ruleFile(key), n));
    }

    private RuleState readRuleState(Path file, JsonNode n) {
        return parse(file, () -> {
            Map<String, BigDecimal> crossings = new LinkedHashMap<>();
            JsonNode values = required(n, "crossingValues");
            if (!values.isObject()) {
                throw new IllegalArgumentException("field 'crossingValues' is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                crossings.put(e.getKey(), decimal(e.getValue(), "crossingValues." + e.getKey()));
            }
            return new RuleState(
                    optionalBool(n, "lastResult"),
                    bool(n, "armed"),
                    integer(n, "episodes"),
                    optionalInstant(n, "lastFiredAt"),
                    optionalDate(n, "lastFiredDay"),
                    crossings,
                    optionalInstant(n, "lastEvaluatedAt"));
        });
    }

    // ---- claims ----

    /** An unrecorded claim as its pending file holds it. */
    private record Claim(String id, String token, Instant claimedAt, Instant leaseUntil, int attempts, String lastOutcome, Alert alert) {
        ObjectNode toNode() {
            ObjectNode n = record();
            n.put("id", id);
            n.put("token", token);
            n.put("claimedAt", claimedAt.toString());
            n.put("leaseUntil", leaseUntil.toString());
            n.put("attempts", attempts);
            n.put("lastOutcome", lastOutcome);
            n.set("alert", AlertJson.toNode(alert));
            return n;
        }
    }

    /** A recorded claim: who recorded it, and the message id. */
    private record Sent(String token, String messageId) {
    }

    private Claim readClaim(Path file, JsonNode n) {
        return parse(file, () -> {
            // claims written before attempts were counted had made one attempt
            int attempts = n.has("attempts") ? integer(n, "attempts") : 1;
            if (attempts < 1) {
                throw new IllegalArgumentException("field 'attempts' is " + attempts + ", not at least 1");
            }
            return new Claim(text(n, "id"), text(n, "token"), instant(n, "claimedAt"), instant(n, "leaseUntil"), attempts,
                    optionalText(n, "lastOutcome"), alert(n));
        });
    }

    private Optional<Sent> readSent(String alertId) {
        Path file = claimFile(sent, alertId);
        return read(file).map(n -> parse(file, () -> new Sent(text(n, "token"), text(n, "messageId"))));
    }

    @Override
    public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
        return locked(() -> {
            Path pendingFile = claimFile(pending, alert.id());
            Optional<Sent> done = readSent(alert.id());
            if (done.isPresent()) {
                // a process that died between writing the sent record and removing the pending one left both
                deleteQuietly(pendingFile);
                return new ClaimOutcome.AlreadySent(done.get().messageId());
            }
            Optional<JsonNode> held = read(pendingFile);
            String token = UUID.randomUUID().toString();
            Claim next;
            if (held.isPresent()) {
                Claim c = readClaim(pendingFile, held.get());
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
            write(pendingFile, next.toNode());
            return new ClaimOutcome.Claimed(token, next.attempts());
        });
    }

    @Override
    public void recordSent(String alertId, String token, String messageId, Instant at) {
        locked(() -> {
            Path pendingFile = claimFile(pending, alertId);
            Optional<Sent> done = readSent(alertId);
            if (done.isPresent()) {
                if (!done.get().token().equals(token)) {
                    throw new StateStoreException("cannot record alert " + alertId + " as sent: another run recorded it (message id "
                            + done.get().messageId() + ")");
                }
                deleteQuietly(pendingFile);
                return null; // recorded already by this very claim: a repeated call
            }
            Claim c = heldClaim(pendingFile, alertId, token, "record alert " + alertId + " as sent");
            ObjectNode n = c.toNode();
            n.put("messageId", messageId);
            n.put("sentAt", at.toString());
            write(claimFile(sent, alertId), n);
            delete(pendingFile);
            return null;
        });
    }

    @Override
    public void retryLater(String alertId, String token, Instant dueAt, String outcome) {
        locked(() -> {
            Path pendingFile = claimFile(pending, alertId);
            Optional<Sent> done = readSent(alertId);
            if (done.isPresent()) {
                throw new StateStoreException("cannot keep alert " + alertId + " owed: it is recorded as sent already (message id "
                        + done.get().messageId() + ")");
            }
            Claim c = heldClaim(pendingFile, alertId, token, "keep alert " + alertId + " owed");
            write(pendingFile, new Claim(c.id(), c.token(), c.claimedAt(), dueAt, c.attempts(), outcome, c.alert()).toNode());
            return null;
        });
    }

    private Claim heldClaim(Path pendingFile, String alertId, String token, String what) {
        Optional<JsonNode> held = read(pendingFile);
        if (held.isEmpty()) {
            throw new StateStoreException("cannot " + what + ": no claim of it exists");
        }
        Claim c = readClaim(pendingFile, held.get());
        if (!c.token().equals(token)) {
            throw new StateStoreException("cannot " + what + ": this run's claim is no longer held (its lease ended and another run took it over)");
        }
        return c;
    }

    @Override
    public List<PendingAlert> dueClaims(Instant now) {
        List<Claim> due = new ArrayList<>();
        for (Path file : list(pending, ".json")) {
            Optional<JsonNode> n = read(file);
            if (n.isEmpty()) {
                continue; // recorded since the listing
            }
            Claim c = readClaim(file, n.get());
            if (!now.isBefore(c.leaseUntil()) && readSent(c.id()).isEmpty()) {
                due.add(c);
            }
        }
        due.sort(Comparator.comparing(Claim::claimedAt).thenComparing(Claim::id));
        return due.stream().map(c -> new PendingAlert(c.alert(), c.claimedAt(), c.attempts(), c.lastOutcome())).toList();
    }

    // ---- health ----

    @Override
    public Optional<HealthState> healthState(String job) {
        Path file = health.resolve(fileName(job) + ".json");
        return read(file).map(n -> parse(file, () -> HealthState.fromJson(required(n, "state").toString())));
    }

    @Override
    public void saveHealthState(String job, HealthState state) {
        ObjectNode n = record();
        n.put("job", job);
        try {
            n.set("state", JSON.readTree(state.toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        locked(() -> write(health.resolve(fileName(job) + ".json"), n));
    }

    // ---- the kept earnings calendar ----

    @Override
    public Optional<EarningsCalendarCache> earningsCalendar() {
        Path file = dir.resolve(CALENDAR_FILE);
        return read(file).map(n -> parse(file, () -> EarningsCalendarCache.fromJson(required(n, "calendar").toString())));
    }

    @Override
    public void saveEarningsCalendar(EarningsCalendarCache calendar) {
        ObjectNode n = record();
        try {
            n.set("calendar", JSON.readTree(calendar.toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        locked(() -> write(dir.resolve(CALENDAR_FILE), n));
    }

    // ---- earnings snapshots ----

    @Override
    public Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
        Path file = earnings.resolve(fileName(symbol) + ".json");
        return read(file).map(n -> parse(file, () -> new EarningsSnapshot(
                text(n, "symbol"),
                optionalDate(n, "date"),
                bool(n, "confirmed"),
                optionalText(n, "provider"),
                optionalDate(n, "lastReported"))));
    }

    @Override
    public void saveEarningsSnapshot(EarningsSnapshot snapshot) {
        ObjectNode n = record();
        n.put("symbol", snapshot.symbol());
        putNullable(n, "date", snapshot.date());
        n.put("confirmed", snapshot.confirmed());
        n.put("provider", snapshot.provider());
        putNullable(n, "lastReported", snapshot.lastReported());
        locked(() -> write(earnings.resolve(fileName(snapshot.symbol()) + ".json"), n));
    }

    // ---- history ----

    @Override
    public void appendHistory(Alert alert, String messageId, Instant sentAt) {
        ObjectNode n = record();
        n.put("messageId", messageId);
        n.put("sentAt", sentAt.toString());
        n.set("alert", AlertJson.toNode(alert));
        locked(() -> {
            String name = HISTORY_STAMP.format(sentAt) + "-" + fileName(alert.id()) + ".json";
            write(history.resolve(name), n);
            NavigableSet<String> names = historyNames();
            names.add(name);
            String cutoff = HISTORY_STAMP.format(stamp(names.last()).minus(HISTORY_RETENTION));
            for (Iterator<String> old = names.headSet(cutoff, false).iterator(); old.hasNext(); ) {
                deleteQuietly(history.resolve(old.next()));
                old.remove();
            }
            return null;
        });
    }

    /**
     * The history entries by name (so by send time), listed once per store instance and then kept up to date, so an
     * append costs a write and the deletion of what fell out of retention, not a listing of the directory. Entries
     * another process appends meanwhile are pruned by that process, or by the next instance opened here.
     */
    private NavigableSet<String> historyNames() {
        if (historyNames == null) {
            NavigableSet<String> names = new TreeSet<>();
            for (Path p : list(history, ".json")) {
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
        List<Path> files = list(history, ".json");
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        List<Alert> out = new ArrayList<>();
        for (Path file : files) {
            if (out.size() >= limit) {
                break;
            }
            read(file).ifPresent(n -> out.add(parse(file, () -> alert(n))));
        }
        return out;
    }

    // ---- files ----

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

    private Optional<JsonNode> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateStoreException("cannot read state file " + file + ": " + e, e);
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw corrupt(file, "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (n == null || !n.isObject()) {
            throw corrupt(file, "not a JSON object");
        }
        JsonNode format = n.get("format");
        if (format == null || !format.isIntegralNumber() || !format.canConvertToInt() || format.intValue() != FORMAT) {
            throw corrupt(file, "unknown format " + n.path("format") + " (expected " + FORMAT + ")");
        }
        return Optional.of(n);
    }

    private Void write(Path target, ObjectNode content) {
        Path tmp = target.resolveSibling(target.getFileName() + TMP);
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                int half = bytes.length / 2;
                writeFully(ch, ByteBuffer.wrap(bytes, 0, half));
                writeHook.halfWritten(target);
                writeFully(ch, ByteBuffer.wrap(bytes, half, bytes.length - half));
                if (fsync) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StateStoreException("the file system of " + dir + " cannot rename atomically; the state store needs it", e);
            }
            if (fsync) {
                forceDirectory(target.getParent());
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot write state file " + target + ": " + e, e);
        }
        return null;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is then skipped. */
    private static void forceDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort (e.g. Windows)
        }
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StateStoreException("cannot delete state file " + file + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // retried by the next writer
        }
    }

    private List<Path> list(Path d, String suffix) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*" + suffix)) {
            s.forEach(out::add);
        } catch (NoSuchFileException e) {
            throw new StateStoreException("state directory " + d + " is missing (was " + dir + " deleted while in use?)", e);
        } catch (IOException e) {
            throw new StateStoreException("cannot list state directory " + d + ": " + e, e);
        }
        return out;
    }

    /** Runs {@code body} holding both the in-JVM lock and the inter-process file lock of this directory. */
    private <T> T locked(Supplier<T> body) {
        jvmLock.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return body.get();
        } catch (IOException e) {
            throw new StateStoreException("cannot lock state directory " + dir + " (" + lockFile + "): " + e, e);
        } finally {
            jvmLock.unlock();
        }
    }

    // ---- JSON fields ----

    private static ObjectNode record() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        return n;
    }

    private static void putNullable(ObjectNode n, String field, Object value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.toString());
        }
    }

    private static <T> T parse(Path file, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (StateStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    private static StateStoreException corrupt(Path file, String what) {
        return new StateStoreException("state file " + file + " is corrupt: " + what
                + ". It was left as it is; repair or delete that file (deleting it forgets what it recorded).");
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v;
    }

    /** A field the writer may write as null: missing or null is null, anything else must have the type. */
    private static JsonNode optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode n, String field) {
        return textValue(required(n, field), field);
    }

    private static String textValue(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is not a string");
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = optional(n, field);
        return v == null ? null : textValue(v, field);
    }

    private static boolean bool(JsonNode n, String field) {
        return boolValue(required(n, field), field);
    }

    private static boolean boolValue(JsonNode v, String field) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' is not true/false");
        }
        return v.booleanValue();
    }

    private static Boolean optionalBool(JsonNode n, String field) {
        JsonNode v = optional(n, field);
        return v == null ? null : boolValue(v, field);
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' is not an integer (" + v + ")");
        }
        return v.intValue();
    }

    private static BigDecimal decimal(JsonNode v, String field) {
        String s = textValue(v, field);
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' is not a decimal number: '" + s + "'");
        }
    }

    private static Instant instant(JsonNode n, String field) {
        return instantValue(required(n, field), field);
    }

    private static Instant instantValue(JsonNode v, String field) {
        String s = textValue(v, field);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an instant (ISO-8601 UTC): '" + s + "'");
        }
    }

    private static Instant optionalInstant(JsonNode n, String field) {
        JsonNode v = optional(n, field);
        return v == null ? null : instantValue(v, field);
    }

    private static LocalDate optionalDate(JsonNode n, String field) {
        JsonNode v = optional(n, field);
        if (v == null) {
            return null;
        }
        String s = textValue(v, field);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not a date (yyyy-mm-dd): '" + s + "'");
        }
    }

    private static Alert alert(JsonNode n) {
        JsonNode v = required(n, "alert");
        if (!v.isObject()) {
            throw new IllegalArgumentException("field 'alert' is not an object");
        }
        try {
            return AlertJson.read(v.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field 'alert' is not an alert: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FileAlertStateStore[" + dir + "]";
    }
}
