package dev.marketalerts.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
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
import java.util.Optional;
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
 * DIR/claims/pending/ID.json         a claim not yet recorded as sent (token, claimedAt, alert)
 * DIR/claims/sent/ID.json            a sent alert (token, messageId, sentAt, alert)
 * DIR/earnings/SYMBOL.json           earnings snapshot
 * DIR/history/SENTAT-ID.json         history entry, pruned after 90 days
 * </pre>
 *
 * Crash safety: every file is written to {@code NAME.tmp}, forced to disk, then renamed over the old one
 * (atomic on POSIX), so a killed process leaves either the old or the new file, never half of one; a
 * left-over {@code .tmp} is ignored and cleared by the next writer. A file that does not parse is reported
 * with its path and left untouched: the store is never silently reset.
 */
public final class FileAlertStateStore implements AlertStateStore {
    /** History entries older than this (relative to the newest entry) are deleted, like the DynamoDB TTL. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(90);

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter HISTORY_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String TMP = ".tmp";
    private static final int FORMAT = 1;

    private final Path dir;
    private final Path rules;
    private final Path pending;
    private final Path sent;
    private final Path earnings;
    private final Path history;
    private final Path lockFile;
    private final ReentrantLock jvmLock;
    private final boolean fsync;
    private final WriteHook writeHook;

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
            for (Path d : List.of(rules, pending, sent, earnings, history)) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot create state directory " + dir + ": " + e, e);
        }
        locked(() -> {
            // Only the lock holder writes temp files, so any found now were left by a process that died.
            for (Path d : List.of(rules, pending, sent, earnings, history)) {
                for (Path tmp : list(d, TMP)) {
                    deleteQuietly(tmp);
                }
            }
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
            for (Iterator<Map.Entry<String, JsonNode>> it = required(n, "crossingValues").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                crossings.put(e.getKey(), new BigDecimal(e.getValue().asText()));
            }
            JsonNode last = required(n, "lastResult");
            return new RuleState(
                    last.isNull() ? null : bool(last, "lastResult"),
                    bool(required(n, "armed"), "armed"),
                    required(n, "episodes").intValue(),
                    instant(n, "lastFiredAt"),
                    date(n, "lastFiredDay"),
                    crossings,
                    instant(n, "lastEvaluatedAt"));
        });
    }

    // ---- claims ----

    @Override
    public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
        return locked(() -> {
            Path sentFile = claimFile(sent, alert.id());
            Optional<JsonNode> done = read(sentFile);
            Path pendingFile = claimFile(pending, alert.id());
            if (done.isPresent()) {
                // a process that died between writing the sent record and removing the pending one left both
                deleteQuietly(pendingFile);
                return new ClaimOutcome.AlreadySent(parse(sentFile, () -> text(done.get(), "messageId")));
            }
            Optional<JsonNode> held = read(pendingFile);
            if (held.isPresent()) {
                Instant claimedAt = parse(pendingFile, () -> instant(held.get(), "claimedAt"));
                if (claimedAt == null) {
                    throw corrupt(pendingFile, "field 'claimedAt' is missing");
                }
                if (now.isBefore(claimedAt.plus(lease))) {
                    return new ClaimOutcome.InProgress();
                }
            }
            String token = UUID.randomUUID().toString();
            ObjectNode n = record();
            n.put("id", alert.id());
            n.put("token", token);
            n.put("claimedAt", now.toString());
            n.put("leaseUntil", now.plus(lease).toString());
            n.set("alert", AlertJson.toNode(alert));
            write(pendingFile, n);
            return new ClaimOutcome.Claimed(token);
        });
    }

    @Override
    public void recordSent(String alertId, String token, String messageId, Instant at) {
        locked(() -> {
            Path pendingFile = claimFile(pending, alertId);
            Path sentFile = claimFile(sent, alertId);
            Optional<JsonNode> held = read(pendingFile);
            if (held.isEmpty()) {
                Optional<JsonNode> done = read(sentFile);
                if (done.isPresent() && token.equals(done.get().path("token").asText())) {
                    return null; // recorded already by this very claim: a retried call
                }
                throw new StateStoreException("cannot record alert " + alertId + " as sent: this tick's claim is no longer held");
            }
            if (!token.equals(held.get().path("token").asText())) {
                throw new StateStoreException("cannot record alert " + alertId
                        + " as sent: its lease expired and another tick claimed it");
            }
            ObjectNode n = (ObjectNode) held.get().deepCopy();
            n.put("messageId", messageId);
            n.put("sentAt", at.toString());
            write(sentFile, n);
            delete(pendingFile);
            return null;
        });
    }

    @Override
    public void release(String alertId, String token) {
        locked(() -> {
            Path pendingFile = claimFile(pending, alertId);
            Optional<JsonNode> held = read(pendingFile);
            // Not ours any more (expired and re-claimed, or gone): nothing of ours to give up.
            if (held.isPresent() && token.equals(held.get().path("token").asText())) {
                delete(pendingFile);
            }
            return null;
        });
    }

    @Override
    public List<PendingAlert> expiredClaims(Instant now, Duration lease) {
        List<PendingAlert> out = new ArrayList<>();
        for (Path file : list(pending, ".json")) {
            Optional<JsonNode> n = read(file);
            if (n.isEmpty()) {
                continue; // recorded or released since the listing
            }
            PendingAlert p = parse(file, () -> new PendingAlert(
                    AlertJson.read(required(n.get(), "alert").toString()), instant(n.get(), "claimedAt")));
            if (p.claimedAt() == null) {
                throw corrupt(file, "field 'claimedAt' is missing");
            }
            if (!now.isBefore(p.claimedAt().plus(lease)) && read(claimFile(sent, p.alert().id())).isEmpty()) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(PendingAlert::claimedAt).thenComparing(p -> p.alert().id()));
        return out;
    }

    // ---- earnings snapshots ----

    @Override
    public Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
        Path file = earnings.resolve(fileName(symbol) + ".json");
        return read(file).map(n -> parse(file, () -> new EarningsSnapshot(
                text(n, "symbol"),
                date(n, "date"),
                bool(required(n, "confirmed"), "confirmed"),
                n.hasNonNull("provider") ? n.get("provider").asText() : null,
                date(n, "lastReported"))));
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
            write(history.resolve(HISTORY_STAMP.format(sentAt) + "-" + fileName(alert.id()) + ".json"), n);
            String cutoff = HISTORY_STAMP.format(newestHistoryStamp(sentAt).minus(HISTORY_RETENTION));
            for (Path old : list(history, ".json")) {
                if (old.getFileName().toString().compareTo(cutoff) < 0) {
                    deleteQuietly(old);
                }
            }
            return null;
        });
    }

    private Instant newestHistoryStamp(Instant candidate) {
        Instant newest = candidate;
        for (Path p : list(history, ".json")) {
            String name = p.getFileName().toString();
            try {
                Instant stamp = Instant.from(HISTORY_STAMP.parse(name.substring(0, Math.min(name.length(), 19))));
                newest = stamp.isAfter(newest) ? stamp : newest;
            } catch (DateTimeParseException e) {
                // not one of ours; left alone
            }
        }
        return newest;
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
            read(file).ifPresent(n -> out.add(parse(file, () -> AlertJson.read(required(n, "alert").toString()))));
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
        if (n.path("format").asInt(-1) != FORMAT) {
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

    private static String text(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is not a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode v, String field) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' is not true/false");
        }
        return v.booleanValue();
    }

    private static LocalDate date(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : LocalDate.parse(v.asText());
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }

    @Override
    public String toString() {
        return "FileAlertStateStore[" + dir + "]";
    }
}
