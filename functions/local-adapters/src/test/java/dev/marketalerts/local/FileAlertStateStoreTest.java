package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.aws.testing.AlertStateStoreContractTest;
import dev.marketalerts.aws.testing.ProcessTest;
import dev.marketalerts.aws.testing.TestAlerts;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileAlertStateStoreTest extends AlertStateStoreContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleKey KEY = new RuleKey("btc-80k", "BTC-USD");
    private static final RuleState BEFORE = new RuleState(true, true, 1, null, null, Map.of(), T0);
    private static final RuleState AFTER = new RuleState(false, true, 2, null, null, Map.of(), T0.plusSeconds(60));

    @TempDir
    Path dir;

    @Override
    protected AlertStateStore newStore() {
        return FileAlertStateStore.open(dir.resolve("state"));
    }

    @Override
    protected AlertStateStore reopen() {
        return FileAlertStateStore.open(dir.resolve("state"));
    }

    private Path state() {
        return dir.resolve("state");
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(state())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aWriteInterruptedHalfWayLeavesTheStoreIntact() throws IOException {
        store.saveRuleState(KEY, BEFORE);
        FileAlertStateStore dying = FileAlertStateStore.open(state(), true, target -> {
            throw new IOException("process killed (simulated) while writing " + target.getFileName());
        });

        assertThatThrownBy(() -> dying.saveRuleState(KEY, AFTER)).isInstanceOf(StateStoreException.class);

        assertThat(tempFiles()).as("the half-written temp file").hasSize(1);
        assertThat(store.ruleStates(List.of(KEY))).containsEntry(KEY, BEFORE);
        FileAlertStateStore next = FileAlertStateStore.open(state());
        assertThat(tempFiles()).as("cleared by the next process to open the store").isEmpty();
        next.saveRuleState(KEY, AFTER);
        assertThat(next.ruleStates(List.of(KEY))).containsEntry(KEY, AFTER);
    }

    @Test
    void aClaimInterruptedHalfWayIsNeitherHeldNorLost() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        FileAlertStateStore dying = FileAlertStateStore.open(state(), true, target -> {
            throw new IOException("process killed (simulated)");
        });

        assertThatThrownBy(() -> dying.claim(alert, T0, LEASE)).isInstanceOf(StateStoreException.class);

        assertThat(FileAlertStateStore.open(state()).claim(alert, T0, LEASE)).isInstanceOf(ClaimOutcome.Claimed.class);
    }

    @Test
    void aLeftoverTruncatedTempFileIsIgnoredAndCleared() throws IOException {
        store.saveRuleState(KEY, BEFORE);
        Path ruleFile;
        try (Stream<Path> files = Files.list(state().resolve("rules"))) {
            ruleFile = files.findFirst().orElseThrow();
        }
        String full = Files.readString(ruleFile);
        Path tmp = ruleFile.resolveSibling(ruleFile.getFileName() + ".tmp");
        Files.writeString(tmp, full.substring(0, full.length() / 2));

        assertThat(store.ruleStates(List.of(KEY))).containsEntry(KEY, BEFORE);
        AlertStateStore reopened = FileAlertStateStore.open(state());
        assertThat(tmp).doesNotExist();
        assertThat(reopened.ruleStates(List.of(KEY))).containsEntry(KEY, BEFORE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"format\":1,\"rule\":\"btc-80k\",\"sym", "", "not json at all", "[1,2,3]", "{\"format\":99}",
            "{\"format\":1,\"armed\":\"yes\",\"lastResult\":null,\"episodes\":1,\"crossingValues\":{}}"})
    void aCorruptRecordFileIsReportedWithItsPathAndLeftUntouched(String content) throws IOException {
        store.saveRuleState(KEY, BEFORE);
        Path ruleFile;
        try (Stream<Path> files = Files.list(state().resolve("rules"))) {
            ruleFile = files.findFirst().orElseThrow();
        }
        Files.writeString(ruleFile, content);

        assertThatThrownBy(() -> store.ruleStates(List.of(KEY)))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(ruleFile.toString())
                .hasMessageContaining("corrupt");
        assertThatThrownBy(() -> FileAlertStateStore.open(state()).ruleStates(List.of(KEY)))
                .isInstanceOf(StateStoreException.class);
        assertThat(Files.readString(ruleFile)).isEqualTo(content);
    }

    @Test
    void aCorruptClaimStopsTheClaimInsteadOfSendingAgain() throws IOException {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        store.claim(alert, T0, LEASE);
        Path claimFile;
        try (Stream<Path> files = Files.list(state().resolve("claims").resolve("pending"))) {
            claimFile = files.findFirst().orElseThrow();
        }
        Files.writeString(claimFile, "{\"format\":1,\"tok");

        assertThatThrownBy(() -> store.claim(alert, T0.plus(Duration.ofDays(1)), LEASE))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(claimFile.toString());
        assertThatThrownBy(() -> store.dueClaims(T0.plus(Duration.ofDays(1))))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(claimFile.toString());
    }

    /** A record the store wrote, one field then changed by hand, and the read that must refuse it. */
    record Corrupted(String name, Consumer<AlertStateStore> write, String dir, String field, String json,
                     Consumer<AlertStateStore> read, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Alert OWED = TestAlerts.price("iren-ytd", "IREN", "1");
    private static final RuleState FULL = new RuleState(true, false, 3, T0, LocalDate.of(2026, 1, 22),
            Map.of("price", new BigDecimal("80000.50")), T0);

    static Stream<Corrupted> corruptedFiles() {
        Consumer<AlertStateStore> rule = s -> s.saveRuleState(KEY, FULL);
        Consumer<AlertStateStore> readRule = s -> s.ruleStates(List.of(KEY));
        Consumer<AlertStateStore> claim = s -> s.claim(OWED, T0, LEASE);
        Consumer<AlertStateStore> sent = s -> s.recordSent(OWED.id(), ((ClaimOutcome.Claimed) s.claim(OWED, T0, LEASE)).token(), "msg-1", T0);
        Consumer<AlertStateStore> readDue = s -> s.dueClaims(T0.plus(Duration.ofDays(1)));
        Consumer<AlertStateStore> takeOver = s -> s.claim(OWED, T0.plus(Duration.ofDays(1)), LEASE);
        Consumer<AlertStateStore> snapshot = s -> s.saveEarningsSnapshot(new EarningsSnapshot("NVDA", LocalDate.of(2026, 2, 25), true, "nasdaq",
                LocalDate.of(2025, 11, 19)));
        Consumer<AlertStateStore> readSnapshot = s -> s.earningsSnapshot("NVDA");
        String pendingDir = "claims/pending";
        return Stream.of(
                new Corrupted("episodes as a string", rule, "rules", "episodes", "\"1\"", readRule, "field 'episodes' is not an integer"),
                new Corrupted("episodes not whole", rule, "rules", "episodes", "1.5", readRule, "field 'episodes' is not an integer"),
                new Corrupted("episodes beyond an int", rule, "rules", "episodes", "3000000000", readRule, "field 'episodes' is not an integer"),
                new Corrupted("episodes null", rule, "rules", "episodes", "null", readRule, "field 'episodes' is not an integer"),
                new Corrupted("armed as a string", rule, "rules", "armed", "\"true\"", readRule, "field 'armed' is not true/false"),
                new Corrupted("armed as a number", rule, "rules", "armed", "1", readRule, "field 'armed' is not true/false"),
                new Corrupted("armed missing", rule, "rules", "armed", null, readRule, "field 'armed' is missing"),
                new Corrupted("lastResult as a string", rule, "rules", "lastResult", "\"false\"", readRule, "field 'lastResult' is not true/false"),
                new Corrupted("lastFiredAt as a number", rule, "rules", "lastFiredAt", "1769202300", readRule, "field 'lastFiredAt' is not a string"),
                new Corrupted("lastEvaluatedAt not an instant", rule, "rules", "lastEvaluatedAt", "\"yesterday\"", readRule,
                        "field 'lastEvaluatedAt' is not an instant"),
                new Corrupted("lastFiredDay not a date", rule, "rules", "lastFiredDay", "\"2026-13-01\"", readRule,
                        "field 'lastFiredDay' is not a date"),
                new Corrupted("a crossing value as a number", rule, "rules", "crossingValues", "{\"price\":80000.5}", readRule,
                        "field 'crossingValues.price' is not a string"),
                new Corrupted("a crossing value that is no number", rule, "rules", "crossingValues", "{\"price\":\"lots\"}", readRule,
                        "field 'crossingValues.price' is not a decimal number"),
                new Corrupted("crossing values as a list", rule, "rules", "crossingValues", "[]", readRule,
                        "field 'crossingValues' is not an object"),
                new Corrupted("the format as a string", rule, "rules", "format", "\"1\"", readRule, "unknown format"),
                new Corrupted("attempts as a string", claim, pendingDir, "attempts", "\"1\"", readDue, "field 'attempts' is not an integer"),
                new Corrupted("attempts zero", claim, pendingDir, "attempts", "0", takeOver, "field 'attempts' is 0, not at least 1"),
                new Corrupted("leaseUntil as a number", claim, pendingDir, "leaseUntil", "1769202600000", takeOver,
                        "field 'leaseUntil' is not a string"),
                new Corrupted("leaseUntil missing", claim, pendingDir, "leaseUntil", null, readDue, "field 'leaseUntil' is missing"),
                new Corrupted("claimedAt not an instant", claim, pendingDir, "claimedAt", "\"soon\"", readDue,
                        "field 'claimedAt' is not an instant"),
                new Corrupted("the token as a number", claim, pendingDir, "token", "7", takeOver, "field 'token' is not a string"),
                new Corrupted("lastOutcome as a boolean", claim, pendingDir, "lastOutcome", "false", readDue,
                        "field 'lastOutcome' is not a string"),
                new Corrupted("the stored alert as a string", claim, pendingDir, "alert", "\"{}\"", readDue, "field 'alert' is not an object"),
                new Corrupted("a stored alert that is not one", claim, pendingDir, "alert", "{}", takeOver, "field 'alert' is not an alert"),
                new Corrupted("a message id as a number", sent, "claims/sent", "messageId", "42", takeOver, "field 'messageId' is not a string"),
                new Corrupted("confirmed as a string", snapshot, "earnings", "confirmed", "\"true\"", readSnapshot,
                        "field 'confirmed' is not true/false"),
                new Corrupted("the earnings date as a number", snapshot, "earnings", "date", "20260225", readSnapshot,
                        "field 'date' is not a string"),
                new Corrupted("lastReported not a date", snapshot, "earnings", "lastReported", "\"2025-11-xx\"", readSnapshot,
                        "field 'lastReported' is not a date"),
                new Corrupted("the provider as a number", snapshot, "earnings", "provider", "1", readSnapshot, "field 'provider' is not a string"),
                new Corrupted("the symbol missing", snapshot, "earnings", "symbol", null, readSnapshot, "field 'symbol' is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptedFiles")
    void aFieldOfTheWrongTypeIsACorruptFileNeverCoerced(Corrupted c) throws IOException {
        c.write().accept(store);
        Path file;
        try (Stream<Path> files = Files.list(state().resolve(c.dir()))) {
            file = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
        if (c.json() == null) {
            n.remove(c.field());
        } else {
            n.set(c.field(), JSON.readTree(c.json()));
        }
        String corrupted = JSON.writeValueAsString(n);
        Files.writeString(file, corrupted);

        assertThatThrownBy(() -> c.read().accept(store))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("state file " + file + " is corrupt: " + c.error());
        assertThat(Files.readString(file)).isEqualTo(corrupted);
    }

    @Test
    void aClaimWrittenBeforeAttemptsWereCountedIsDueAsItsFirstAttempt() throws IOException {
        Path claims = Files.createDirectories(state().resolve("claims").resolve("pending"));
        ObjectNode n = JSON.createObjectNode();
        n.put("format", 1);
        n.put("id", OWED.id());
        n.put("token", "token-from-an-older-version");
        n.put("claimedAt", T0.toString());
        n.put("leaseUntil", T0.plus(LEASE).toString());
        n.set("alert", AlertJson.toNode(OWED));
        Files.writeString(claims.resolve(FileAlertStateStore.fileName(OWED.id()) + ".json"), JSON.writeValueAsString(n));

        assertThat(store.dueClaims(T0.plus(LEASE))).containsExactly(new PendingAlert(OWED, T0, 1, null));
        assertThat(store.claim(OWED, T0.plus(LEASE), LEASE)).isInstanceOfSatisfying(ClaimOutcome.Claimed.class,
                c -> assertThat(c.attempt()).isEqualTo(2));
    }

    @Test
    void aRecordInterruptedBetweenItsTwoFilesCountsAsSentAndIsNotRedelivered() throws IOException {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();
        Path pendingFile;
        try (Stream<Path> files = Files.list(state().resolve("claims").resolve("pending"))) {
            pendingFile = files.findFirst().orElseThrow();
        }
        String pendingContent = Files.readString(pendingFile);
        store.recordSent(alert.id(), token, "msg-1", T0);
        Files.writeString(pendingFile, pendingContent); // as if the process died before removing it

        assertThat(store.dueClaims(T0.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(store.claim(alert, T0.plus(Duration.ofDays(1)), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
        assertThat(pendingFile).doesNotExist();
    }

    @Test
    void aStateDirectoryThatIsAFileIsReported() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> FileAlertStateStore.open(file))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void idsWithAnyCharactersAndGreatLengthGetDistinctPortableFileNames() {
        String longId = "rule:" + "X".repeat(300) + ":price:1";
        List<String> ids = List.of("a:b/c", "a:b\\c", "a:b%2Fc", ".hidden", "é:ü", longId, longId.replace(":1", ":2"));
        List<String> names = ids.stream().map(FileAlertStateStore::fileName).toList();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).allSatisfy(n -> assertThat(n).matches("[A-Za-z0-9._%~-]{1,160}").doesNotStartWith("."));
        for (String id : ids) {
            Alert alert = TestAlerts.price("r", "S", "x");
            Alert withId = new Alert(alert.version(), id, alert.rule(), alert.symbol(), alert.kind(), alert.severity(),
                    alert.title(), alert.text(), alert.triggeredAt(), alert.observed(), alert.source());
            assertThat(store.claim(withId, T0, LEASE)).isInstanceOf(ClaimOutcome.Claimed.class);
        }
        assertThat(store.dueClaims(T0.plus(LEASE))).hasSize(ids.size());
    }

    @Test
    void historyOlderThan90DaysBeforeTheNewestEntryIsPruned() {
        Alert old = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert recent = TestAlerts.price("iren-ytd", "IREN", "2");
        store.appendHistory(old, "msg-1", T0);

        store.appendHistory(recent, "msg-2", T0.plus(Duration.ofDays(91)));

        assertThat(store.history(10)).containsExactly(recent);
    }

    @Test
    void historyAnEarlierInstanceWroteIsPrunedByTheNextAppend() {
        Alert old = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert recent = TestAlerts.price("iren-ytd", "IREN", "2");
        store.appendHistory(old, "msg-1", T0);
        AlertStateStore later = FileAlertStateStore.open(state());

        later.appendHistory(recent, "msg-2", T0.plus(Duration.ofDays(91)));

        assertThat(FileAlertStateStore.open(state()).history(10)).containsExactly(recent);
    }

    @Test
    void writesWithoutFsyncAreStillReadBack() {
        AlertStateStore fast = FileAlertStateStore.open(dir.resolve("fast"), false);

        fast.saveRuleState(KEY, BEFORE);

        assertThat(FileAlertStateStore.open(dir.resolve("fast")).ruleStates(List.of(KEY))).containsEntry(KEY, BEFORE);
    }

    @Test
    @ProcessTest
    void separateProcessesClaimingTheSameAlertHaveExactlyOneWinner() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path signals = Files.createDirectories(dir.resolve("signals"));
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    ClaimInAnotherProcess.class.getName(), state().toString(), signals.toString(), Integer.toString(i))
                    .redirectErrorStream(true)
                    .start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (countFiles(signals) < processes.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Files.writeString(signals.resolve("go"), "go");
        List<String> outcomes = new ArrayList<>();
        for (Process p : processes) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            outcomes.add(out.lines().reduce((a, b) -> b).orElse(""));
        }

        assertThat(outcomes).filteredOn("Claimed"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("InProgress"::equals).hasSize(2);
    }

    private static long countFiles(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.count();
        }
    }

    /** Runs in a separate JVM: opens the store, says it is ready, waits for "go", claims one alert, prints the outcome. */
    public static final class ClaimInAnotherProcess {
        public static void main(String[] args) throws Exception {
            AlertStateStore store = FileAlertStateStore.open(Paths.get(args[0]));
            Path signals = Paths.get(args[1]);
            Files.writeString(signals.resolve("ready-" + args[2]), "ready");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(signals.resolve("go")) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            ClaimOutcome outcome = store.claim(TestAlerts.price("btc-80k", "BTC-USD", "9"), T0, LEASE);
            System.out.println(outcome.getClass().getSimpleName());
        }
    }
}
