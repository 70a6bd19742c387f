package dev.marketalerts.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.aws.testing.ProcessTest;
import dev.marketalerts.cli.faults.ChildJvm.Run;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delivery guarantee of {@code alerts run} on the file store, per alert id: nothing lost, exactly one copy when no
 * outcome is ambiguous, at most two when an answer was lost. Real processes are killed with SIGKILL at each step of the
 * delivery, run concurrently on one state directory, and given an outbox, a console or a store that fails; later ticks
 * run in fresh processes. Each scenario adds a row to the table in README.md (rewritten with -DupdateDocs=true).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@ProcessTest
class FileStoreFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path README = REPO.resolve("README.md");
    private static final String BEGIN = "<!-- generated: delivery-guarantees-file -->";
    private static final String END = "<!-- end: delivery-guarantees-file -->";

    /** IREN's closes in the fixture: on 2026-01-05 up 50% since the last close of 2025 and 46% on the day; 10% on 01-06. */
    private static final NavigableMap<LocalDate, BigDecimal> CLOSES = new TreeMap<>(Map.of(
            LocalDate.parse("2025-12-30"), new BigDecimal("39.50"),
            LocalDate.parse("2025-12-31"), new BigDecimal("40.00"),
            LocalDate.parse("2026-01-02"), new BigDecimal("41.00"),
            LocalDate.parse("2026-01-05"), new BigDecimal("60.00"),
            LocalDate.parse("2026-01-06"), new BigDecimal("66.00")));
    private static final String CONFIG = """
            timezone: America/New_York
            watchlist:
              - { symbol: IREN }
            rules:
              - id: iren-ytd
                symbol: IREN
                when: change_since(2026-01-01) >= 40%
              - id: iren-day
                symbol: IREN
                when: abs(change(1d)) >= 8%
                trigger: daily
            """;
    /** The first tick (16:05 New York time, after the close of 2026-01-05) and four later ones, 5 minutes apart. */
    private static final List<Instant> TICKS = Stream.of("21:05", "21:10", "21:15", "21:20", "21:25")
            .map(t -> Instant.parse("2026-01-05T" + t + ":00Z")).toList();
    private static final LocalDate DAY0 = LocalDate.parse("2026-01-05");
    private static final LocalDate DAY1 = LocalDate.parse("2026-01-06");
    private static final List<String> FIRED = fired(DAY0, List.of());
    private static final String YTD = FIRED.get(0);
    private static final String DAY = FIRED.get(1);

    private static final Map<Integer, Row> ROWS = new TreeMap<>();

    @TempDir
    Path dir;

    /** One line of the README table. */
    private record Row(String scenario, String copies, String exitCodes, String operatorSees) {
    }

    /**
     * The alert ids the fixture's rules fire at the 16:05 tick of {@code day}, after ticks on {@code earlier} days, from the
     * closes and the rules: iren-ytd is on-change (its first episode when it first holds), iren-day is daily.
     */
    private static List<String> fired(LocalDate day, List<LocalDate> earlier) {
        List<String> ids = new ArrayList<>();
        if (ytdHolds(day) && earlier.stream().noneMatch(FileStoreFaultsTest::ytdHolds)) {
            ids.add("iren-ytd:IREN:price:n1");
        }
        if (change(CLOSES.get(day), CLOSES.lowerEntry(day).getValue()).abs().compareTo(new BigDecimal("0.08")) >= 0) {
            ids.add("iren-day:IREN:price:" + day);
        }
        return List.copyOf(ids);
    }

    private static boolean ytdHolds(LocalDate day) {
        return change(CLOSES.get(day), CLOSES.lowerEntry(LocalDate.parse("2026-01-01")).getValue()).compareTo(new BigDecimal("0.40")) >= 0;
    }

    private static BigDecimal change(BigDecimal to, BigDecimal from) {
        return to.divide(from, MathContext.DECIMAL64).subtract(BigDecimal.ONE);
    }

    private void writeFixture() throws IOException {
        Files.writeString(dir.resolve("alerts.yaml"), CONFIG);
        StringBuilder csv = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        CLOSES.forEach((day, c) -> csv.append(day).append(',').append(c).append(',').append(c).append(',').append(c).append(',')
                .append(c).append(',').append(c).append(",1000000\n"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/IREN.csv"), csv);
    }

    private static List<String> run(Instant at, String outbox) {
        return List.of("run", "--config", "alerts.yaml", "--data", "data", "--job", "price", "--at", at.toString(),
                "--state", "state", "--outbox", outbox);
    }

    private static List<List<String>> runs(List<Instant> ticks, String outbox) {
        return ticks.stream().map(t -> run(t, outbox)).toList();
    }

    private static List<String> gated(String step, String alertId, Instant at) {
        return List.of(step, alertId, "alerts.yaml", "data", "state", "outbox.jsonl", at.toString());
    }

    /**
     * The tick is killed when it has done {@code step} for iren-ytd, the first of its two alerts (claims, then one publish
     * of both, then record and history of each, then the rule states). Which claims are pending or sent and how many
     * outbox lines there are at that moment, then the copies per id after four later ticks.
     */
    @Order(1)
    @ParameterizedTest(name = "kill -9 {0} of iren-ytd: copies {4} and {5}")
    @CsvSource(delimiter = '|', value = {
            "after-claim      | iren-ytd          |                   | 0 | 1 | 1",
            "after-publish    | iren-ytd iren-day |                   | 2 | 2 | 2",
            "after-record     | iren-day          | iren-ytd          | 2 | 1 | 2",
            "after-history    | iren-day          | iren-ytd          | 2 | 1 | 2",
            "after-state-save |                   | iren-ytd iren-day | 2 | 1 | 1"})
    void aTickKilledAtAnyStepLosesNothingAndDuplicatesOnlyWhatItPublishedWithoutRecording(String step, String pendingAtKill,
            String sentAtKill, int linesAtKill, int ytdCopies, int dayCopies) throws Exception {
        writeFixture();
        int killed;
        List<String> pending;
        List<String> sent;
        try (ChildJvm.Gated tick = new ChildJvm.Gated(dir, gated(step, YTD, TICKS.get(0)))) {
            tick.awaitLine("STEP " + step + " alert=" + YTD);
            killed = tick.kill9();
            pending = claims("pending");
            sent = claims("sent");
        }
        Outbox atKill = outbox("outbox.jsonl");
        List<Run> later = ChildJvm.runAlerts(dir, runs(TICKS.subList(1, 5), "outbox.jsonl"));

        assertThat(killed).as("exit code of a process killed by SIGKILL").isEqualTo(137);
        assertThat(pending).as("pending claims at the kill").containsExactlyInAnyOrderElementsOf(ids(pendingAtKill));
        assertThat(sent).as("sent claims at the kill").containsExactlyInAnyOrderElementsOf(ids(sentAtKill));
        assertThat(atKill.whole().values().stream().mapToInt(Integer::intValue).sum()).as("outbox lines at the kill").isEqualTo(linesAtKill);
        assertWholeCopies("outbox.jsonl", Map.of(YTD, ytdCopies, DAY, dayCopies));
        assertSettled();
        assertThat(later).extracting(Run::exitCode).containsOnly(0);
        assertThat(later.get(0).err()).isEmpty();
        assertThat(later.subList(1, 4)).allSatisfy(r -> assertThat(r.outLines()).singleElement().asString().startsWith("Nothing new to send"));
        ROWS.put(GatedTick.STEPS.indexOf(step), new Row(
                "`kill -9` at 21:05Z " + step + " of iren-ytd (claimed, not sent: " + names(pendingAtKill) + "; sent: "
                        + names(sentAtKill) + "; outbox lines: " + linesAtKill + "); ticks at 21:10Z–21:25Z",
                copies(outbox("outbox.jsonl")),
                "137, " + exitCodes(later),
                "21:10Z: " + code(summaryLine(later.get(0)))));
    }

    /** The fixture's alert ids of the rules named in {@code rules} (blank: none). */
    private static List<String> ids(String rules) {
        return rules == null ? List.of() : Stream.of(rules.split(" ")).map(r -> r.equals("iren-ytd") ? YTD : DAY).toList();
    }

    private static String names(String rules) {
        return rules == null ? "none" : String.join(", ", rules.split(" "));
    }

    /** Nothing owed, both alerts recorded as sent, both rules remember that they fired. */
    private void assertSettled() throws IOException {
        assertThat(claims("pending")).isEmpty();
        assertThat(claims("sent")).containsExactlyInAnyOrder(YTD, DAY);
        JsonNode ytd = ruleState("iren-ytd");
        assertThat(ytd.get("episodes").asInt()).isEqualTo(1);
        assertThat(ytd.get("lastResult").asBoolean()).isTrue();
        assertThat(ruleState("iren-day").get("lastFiredDay").asText()).isEqualTo("2026-01-05");
    }

    @Order(2)
    @Test
    void aSecondCopyOfATickLeavesTheAlertToTheClaimHolderWhoseFailedPublishIsDeliveredOnceByTheNextTick() throws Exception {
        Path demo = REPO.resolve("demo/data");
        Instant at = Instant.parse("2026-01-23T21:05:00Z");
        List<Instant> later = Stream.of("21:10", "21:15", "21:20", "21:25").map(t -> Instant.parse("2026-01-23T" + t + ":00Z")).toList();
        List<String> expected = demoPriceAlertsAt(demo, LocalDate.parse("2026-01-23"));
        assertThat(expected).containsExactly("iren-ytd:IREN:price:n1");
        String id = expected.get(0);
        Function<Instant, List<String>> run = t -> List.of("run", "--config", REPO.resolve("alerts.yaml").toString(), "--data",
                demo.toString(), "--job", "price", "--at", t.toString(), "--state", "state", "--outbox", "outbox.jsonl");

        int holderExit;
        String holderErr;
        Run copy;
        try (ChildJvm.Gated holder = new ChildJvm.Gated(dir, List.of("after-claim", id, REPO.resolve("alerts.yaml").toString(),
                demo.toString(), "state", "outbox.jsonl", at.toString()))) {
            holder.awaitLine("STEP after-claim alert=" + id);
            copy = ChildJvm.runAlerts(dir, List.of(run.apply(at))).get(0);

            assertThat(dir.resolve("outbox.jsonl")).doesNotExist();
            assertThat(dir.resolve("state/rules/iren-ytd@IREN.json")).doesNotExist();
            Files.createDirectory(dir.resolve("outbox.jsonl"));
            holderExit = holder.release();
            holderErr = holder.stderr();
        }
        assertThat(claims("pending")).containsExactly(id);
        JsonNode owed = claimFiles("pending").get(id);
        Files.delete(dir.resolve("outbox.jsonl"));
        List<Run> next = ChildJvm.runAlerts(dir, later.stream().map(run).toList());

        String deferred = "claimed by another run (in progress or crashed); delivered after its lease ends at 2026-01-23T21:07:00Z";
        assertThat(copy.exitCode()).isZero();
        assertThat(copy.out() + copy.err()).contains(deferred).doesNotContain("had been sent already");
        assertThat(holderExit).isEqualTo(1);
        assertThat(holderErr).contains("publishing " + id + ": cannot append to outbox");
        assertThat(owed.get("attempts").asInt()).isEqualTo(1);
        assertThat(owed.get("lastOutcome").asText()).contains("cannot append to outbox");
        assertWholeCopies("outbox.jsonl", Map.of(id, 1));
        assertThat(claims("pending")).isEmpty();
        assertThat(claims("sent")).containsExactly(id);
        assertThat(ruleState("iren-ytd").get("episodes").asInt()).isEqualTo(1);
        assertThat(next).extracting(Run::exitCode).containsOnly(0);
        ROWS.put(10, new Row(
                "The reported loss of `" + id + "` (shipped rules, demo data, 2026-01-23 21:05Z): run A stops after its claim, run B"
                        + " of the same tick on the same `--state` runs to the end, then A's outbox append fails (the outbox path is a"
                        + " directory); ticks at 21:10Z–21:25Z",
                copies(outbox("outbox.jsonl")),
                "B " + copy.exitCode() + ", A " + holderExit + ", " + exitCodes(next),
                "B: " + code(line(copy, deferred)) + "<br>A: " + code(relative(holderErr.lines().filter(l -> l.contains("publishing " + id))
                        .findFirst().orElseThrow()))
                        + "<br>21:10Z: " + code(summaryLine(next.get(0)))));
    }

    /** The price alerts the shipped rules fire on the demo data on {@code day}, for a state that has seen nothing yet. */
    private static List<String> demoPriceAlertsAt(Path demo, LocalDate day) throws IOException {
        List<String> ids = new ArrayList<>();
        NavigableMap<LocalDate, BigDecimal> iren = closes(demo.resolve("IREN.csv"));
        if (change(iren.get(day), iren.lowerEntry(LocalDate.parse("2026-01-01")).getValue()).compareTo(new BigDecimal("0.40")) >= 0) {
            ids.add("iren-ytd:IREN:price:n1");
        }
        BigDecimal nvdaHigh20 = column(demo.resolve("NVDA.csv"), 2).headMap(day, false).descendingMap().values().stream().limit(20)
                .max(BigDecimal::compareTo).orElseThrow();
        if (closes(demo.resolve("NVDA.csv")).get(day).compareTo(nvdaHigh20) > 0) {
            ids.add("nvda-20d-high:NVDA:price:n1");
        }
        for (String miner : List.of("IREN", "HUT", "CIFR")) {
            NavigableMap<LocalDate, BigDecimal> c = closes(demo.resolve(miner + ".csv"));
            if (change(c.get(day), c.lowerEntry(day).getValue()).abs().compareTo(new BigDecimal("0.08")) >= 0) {
                ids.add("miners-big-day:" + miner + ":price:" + day);
            }
        }
        // btc-80k needs a previous evaluation at or above 80000 to cross below it: never on a state's first tick
        return ids;
    }

    private static NavigableMap<LocalDate, BigDecimal> closes(Path csv) throws IOException {
        return column(csv, 4);
    }

    private static NavigableMap<LocalDate, BigDecimal> column(Path csv, int index) throws IOException {
        NavigableMap<LocalDate, BigDecimal> out = new TreeMap<>();
        for (String line : Files.readAllLines(csv)) {
            if (!line.startsWith("#") && !line.startsWith("Date")) {
                String[] f = line.split(",");
                out.put(LocalDate.parse(f[0]), new BigDecimal(f[index]));
            }
        }
        return out;
    }

    @Order(3)
    @Test
    void anUnwritableOutboxFailsTheRunAndKeepsTheAlertsOwedUntilItWorksAgain() throws Exception {
        writeFixture();
        Files.writeString(dir.resolve("blocked"), "a file where the outbox's directory should be\n");

        Run failed = ChildJvm.runAlerts(dir, List.of(run(TICKS.get(0), "blocked/outbox.jsonl"))).get(0);
        List<String> owed = claims("pending");
        Files.delete(dir.resolve("blocked"));
        List<Run> later = ChildJvm.runAlerts(dir, runs(TICKS.subList(1, 5), "blocked/outbox.jsonl"));

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.errLines()).anySatisfy(l -> assertThat(l).startsWith("error: publishing " + YTD + ": cannot append to outbox"));
        assertThat(owed).containsExactlyInAnyOrder(YTD, DAY);
        assertWholeCopies("blocked/outbox.jsonl", Map.of(YTD, 1, DAY, 1));
        assertSettled();
        assertThat(later).extracting(Run::exitCode).containsOnly(0);
        ROWS.put(20, new Row(
                "`--outbox` cannot be written at 21:05Z (its directory is a file), works again from 21:10Z",
                copies(outbox("blocked/outbox.jsonl")),
                failed.exitCode() + ", " + exitCodes(later),
                "21:05Z: " + code(relative(line(failed, "error: publishing " + YTD)))
                        + "<br>21:10Z: " + code(summaryLine(later.get(0)))));
    }

    @Order(4)
    @Test
    void anOutboxLineCutPartwayIsFollowedByOneWholeCopyOnALineOfItsOwn() throws Exception {
        writeFixture();
        List<String> fresh = fired(DAY1, List.of(DAY0));
        assertThat(fresh).hasSize(1);
        String cutId = fresh.get(0);
        List<Instant> ticks = Stream.of("21:05", "21:10", "21:15", "21:20", "21:25").map(t -> Instant.parse(DAY1 + "T" + t + ":00Z")).toList();

        Run before = ChildJvm.runAlerts(dir, List.of(run(TICKS.get(0), "outbox.jsonl"))).get(0);
        long limit = Files.size(dir.resolve("outbox.jsonl")) + 400;
        Run cut = ChildJvm.runAlerts(dir, null, List.of("prlimit", "--fsize=" + limit, "--"), List.of(run(ticks.get(0), "outbox.jsonl")))
                .get(0);
        long cutAt = Files.size(dir.resolve("outbox.jsonl"));
        List<Run> later = ChildJvm.runAlerts(dir, runs(ticks.subList(1, 5), "outbox.jsonl"));

        assertThat(before.exitCode()).isZero();
        assertThat(cutAt).as("outbox size when the write stopped").isEqualTo(limit);
        assertThat(cut.exitCode()).isEqualTo(1);
        assertThat(cut.errLines()).anySatisfy(l -> assertThat(l).startsWith("error: publishing " + cutId + ": cannot append to outbox"));
        Outbox out = outbox("outbox.jsonl");
        assertThat(out.whole()).containsExactlyInAnyOrderEntriesOf(Map.of(YTD, 1, DAY, 1, cutId, 1));
        assertThat(out.cut()).containsExactlyEntriesOf(Map.of(cutId, 1));
        assertThat(claims("pending")).isEmpty();
        assertThat(claims("sent")).containsExactlyInAnyOrder(YTD, DAY, cutId);
        assertThat(later).extracting(Run::exitCode).containsOnly(0);
        ROWS.put(25, new Row(
                "The outbox append of 2026-01-06 21:05Z stops partway (a file size limit 400 bytes past the outbox's end); "
                        + "no limit from 21:10Z",
                copies(out),
                before.exitCode() + ", " + cut.exitCode() + ", " + exitCodes(later),
                "21:05Z: " + code(relative(line(cut, "error: publishing " + cutId)))
                        + "<br>21:10Z: " + code(summaryLine(later.get(0)))));
    }

    @Order(5)
    @ParameterizedTest(name = "stdout {0}")
    @ValueSource(strings = {"/dev/full", "a closed pipe"})
    void aConsoleThatCannotBeWrittenNeverDuplicatesTheOutbox(String console) throws Exception {
        writeFixture();
        ProcessBuilder.Redirect stdout = console.equals("/dev/full") ? ProcessBuilder.Redirect.to(new File("/dev/full"))
                : ProcessBuilder.Redirect.PIPE;

        List<Run> four = ChildJvm.runAlerts(dir, stdout, List.of(), runs(TICKS.subList(0, 4), "outbox.jsonl"));

        assertWholeCopies("outbox.jsonl", Map.of(YTD, 1, DAY, 1));
        assertSettled();
        assertThat(four).extracting(Run::exitCode).containsOnly(0);
        assertThat(four.get(0).errLines()).singleElement().asString()
                .startsWith("warning: the console missed 2 alert(s) delivered to outbox").contains(YTD, DAY);
        ROWS.put(30 + (console.equals("/dev/full") ? 0 : 1), new Row(
                "Console (stdout) is " + (console.equals("/dev/full") ? "`/dev/full`" : "a pipe closed by its reader")
                        + ", outbox works; ticks at 21:05Z–21:20Z",
                copies(outbox("outbox.jsonl")),
                exitCodes(four),
                "21:05Z: " + code(relative(four.get(0).errLines().get(0)))));
    }

    @Order(6)
    @Test
    void aCorruptFieldInTheStoreStopsTheRunAndIsNeitherCoercedNorOverwritten() throws Exception {
        writeFixture();
        Path ruleFile = Files.createDirectories(dir.resolve("state/rules")).resolve("iren-ytd@IREN.json");
        String corrupt = """
                {
                  "format" : 1,
                  "rule" : "iren-ytd",
                  "symbol" : "IREN",
                  "lastResult" : false,
                  "armed" : true,
                  "episodes" : "1",
                  "lastFiredAt" : null,
                  "lastFiredDay" : null,
                  "crossingValues" : { },
                  "lastEvaluatedAt" : "2026-01-05T21:00:00Z"
                }""";
        Files.writeString(ruleFile, corrupt);

        Run r = ChildJvm.runAlerts(dir, List.of(run(TICKS.get(0), "outbox.jsonl"))).get(0);

        assertThat(r.exitCode()).isNotZero();
        assertThat(relative(r.err())).contains("state file state/rules/iren-ytd@IREN.json is corrupt: field 'episodes'");
        assertThat(dir.resolve("outbox.jsonl")).doesNotExist();
        assertThat(claims("pending")).isEmpty();
        assertThat(claims("sent")).isEmpty();
        assertThat(Files.readString(ruleFile)).isEqualTo(corrupt);
        ROWS.put(40, new Row(
                "A rule state file holds `\"episodes\": \"1\"` (a string) at 21:05Z",
                "nothing sent",
                String.valueOf(r.exitCode()),
                code(relative(r.errLines().get(0)))));
    }

    @Order(100)
    @Test
    void theReadmeTableIsTheOneTheseScenariosMeasured() throws IOException {
        assertThat(ROWS).as("rows of the scenarios above (run the whole class to check the table)").hasSize(11);
        List<String> table = new ArrayList<>(List.of(
                "| Scenario | Copies per alert id (outbox lines) | Exit codes, run by run | What the operator sees |",
                "|---|---|---|---|"));
        ROWS.values().forEach(r -> table.add("| " + r.scenario() + " | " + r.copies() + " | " + r.exitCodes() + " | " + r.operatorSees() + " |"));

        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the markers %s and %s", BEGIN, END).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        List<String> current = readme.substring(begin + BEGIN.length(), end).strip().lines().toList();
        if (Boolean.getBoolean("updateDocs")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + "\n" + String.join("\n", table) + "\n"
                    + readme.substring(end), StandardCharsets.UTF_8);
            return;
        }
        if (!current.equals(table)) {
            fail("README.md's table between " + BEGIN + " and " + END + " is not what the scenarios measured.\n"
                    + diff(current, table)
                    + "\nRegenerate it: ./mvnw -B -ntp -pl functions/cli verify -Dit.test=FileStoreFaultsTest -DupdateDocs=true");
        }
    }

    private static String diff(List<String> readme, List<String> measured) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.max(readme.size(), measured.size()); i++) {
            String a = i < readme.size() ? readme.get(i) : null;
            String m = i < measured.size() ? measured.get(i) : null;
            if (a == null || !a.equals(m)) {
                if (a != null) {
                    b.append("- README   ").append(a).append('\n');
                }
                if (m != null) {
                    b.append("+ measured ").append(m).append('\n');
                }
            }
        }
        return b.toString();
    }

    // ---- what the runs left ----

    /** An outbox's lines per alert id: whole lines (a JSON alert), and lines cut partway (not JSON, naming the id). */
    private record Outbox(Map<String, Integer> whole, Map<String, Integer> cut) {
    }

    private Outbox outbox(String outbox) throws IOException {
        Path file = dir.resolve(outbox);
        Outbox out = new Outbox(new TreeMap<>(), new TreeMap<>());
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(line);
                if (!id.find()) {
                    fail("outbox line that names no alert: " + line);
                }
                out.cut().merge(id.group(1), 1, Integer::sum);
                continue;
            }
            if (n == null || !n.hasNonNull("id")) {
                fail("outbox line without an alert id: " + line);
            }
            out.whole().merge(n.get("id").asText(), 1, Integer::sum);
        }
        return out;
    }

    private void assertWholeCopies(String outbox, Map<String, Integer> expected) throws IOException {
        Outbox out = outbox(outbox);
        assertThat(out.whole()).as("whole outbox lines per alert id").containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(out.cut()).as("outbox lines cut partway").isEmpty();
    }

    /** The alert ids of the claims under state/claims/{@code kind} (pending or sent). */
    private List<String> claims(String kind) throws IOException {
        return List.copyOf(claimFiles(kind).keySet());
    }

    private Map<String, JsonNode> claimFiles(String kind) throws IOException {
        Path d = dir.resolve("state/claims").resolve(kind);
        Map<String, JsonNode> out = new TreeMap<>();
        if (Files.isDirectory(d)) {
            try (Stream<Path> files = Files.list(d)) {
                files.filter(p -> p.toString().endsWith(".json")).map(FileStoreFaultsTest::read).forEach(n -> out.put(n.get("id").asText(), n));
            }
        }
        return out;
    }

    private JsonNode ruleState(String rule) {
        return read(dir.resolve("state/rules/" + rule + "@IREN.json"));
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- table cells ----

    private static String copies(Outbox outbox) {
        TreeMap<String, Integer> ids = new TreeMap<>(outbox.whole());
        outbox.cut().keySet().forEach(id -> ids.putIfAbsent(id, 0));
        return ids.entrySet().stream()
                .map(e -> code(e.getKey()) + " " + e.getValue() + (outbox.cut().containsKey(e.getKey())
                        ? " + " + outbox.cut().get(e.getKey()) + " cut partway" : ""))
                .collect(Collectors.joining(", "));
    }

    private static String exitCodes(List<Run> runs) {
        return runs.stream().map(r -> String.valueOf(r.exitCode())).collect(Collectors.joining(", "));
    }

    private static String summaryLine(Run r) {
        return r.outLines().stream().filter(l -> l.startsWith("Sent ") || l.startsWith("Nothing new")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in " + r));
    }

    private static String line(Run r, String containing) {
        return Stream.concat(r.outLines().stream(), r.errLines().stream()).filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + containing + "' in " + r));
    }

    /** A line with the paths in this test's directory made relative to it, as the runs were started there. */
    private String relative(String line) throws IOException {
        return line.replace(dir.toRealPath() + "/", "").replace(dir.toAbsolutePath() + "/", "");
    }

    private static String code(String text) {
        return "`" + text.replace("|", "\\|") + "`";
    }
}
