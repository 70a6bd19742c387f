package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.aws.testing.AlertStateStoreContractTest;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileAlertStateStoreTest extends AlertStateStoreContractTest {
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
        assertThatThrownBy(() -> store.expiredClaims(T0.plus(Duration.ofDays(1)), LEASE))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(claimFile.toString());
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

        assertThat(store.expiredClaims(T0.plus(Duration.ofDays(1)), LEASE)).isEmpty();
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
        assertThat(store.expiredClaims(T0.plus(LEASE), LEASE)).hasSize(ids.size());
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
    void writesWithoutFsyncAreStillReadBack() {
        AlertStateStore fast = FileAlertStateStore.open(dir.resolve("fast"), false);

        fast.saveRuleState(KEY, BEFORE);

        assertThat(FileAlertStateStore.open(dir.resolve("fast")).ruleStates(List.of(KEY))).containsEntry(KEY, BEFORE);
    }

    @Test
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
