package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.local.FileAlertStateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RunCommandTest {
    @TempDir
    Path dir;

    private Cli.Result runDemo(String... more) {
        String[] base = {"run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(), "--outbox", "outbox.jsonl"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(dir, args);
    }

    private List<Alert> outbox() throws IOException {
        Path file = dir.resolve("outbox.jsonl");
        return Files.exists(file) ? Files.readAllLines(file).stream().map(AlertJson::read).toList() : List.of();
    }

    @Test
    void earningsRunOnReportDayEveningSendsTheReminderAndTheSurprise() throws IOException {
        Cli.Result r = runDemo("--job", "earnings", "--at", "2026-02-25T23:00:00Z");

        assertThat(r.exitCode()).isZero();
        assertThat(outbox()).extracting(Alert::id).containsExactly(
                "big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d",
                "big-tech-earnings:NVDA:earnings-surprise:2026-02-25");
        assertThat(outbox()).allSatisfy(a -> assertThat(a.triggeredAt()).isEqualTo(Instant.parse("2026-02-25T23:00:00Z")));
        assertThat(r.out()).contains("NVDA reports earnings today (2026-02-25, after the close)")
                .contains("NVDA beat the EPS estimate by 6.6% (1.62 vs 1.52)")
                .contains("Sent 2 alerts");
        assertThat(dir.resolve(".alerts")).isDirectory();
    }

    @Test
    void theSameRunTwiceSendsNothingTheSecondTime() throws IOException {
        Cli.Result first = runDemo("--job", "earnings", "--at", "2026-02-25T23:00:00Z");
        List<String> afterFirst = Files.readAllLines(dir.resolve("outbox.jsonl"));

        Cli.Result second = runDemo("--job", "earnings", "--at", "2026-02-25T23:00:00Z");

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).isZero();
        assertThat(Files.readAllLines(dir.resolve("outbox.jsonl"))).isEqualTo(afterFirst);
        assertThat(second.outLines()).hasSize(1);
        assertThat(second.out()).contains("Nothing new to send").contains("2 alerts had been sent already");
    }

    @Test
    void aConsoleThatCannotBeWrittenIsAWarningAndEachAlertIsInTheOutboxOnceAcrossRuns() throws IOException {
        PrintStream closedPipe = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, true, StandardCharsets.UTF_8);
        List<Integer> exitCodes = new ArrayList<>();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        for (int run = 0; run < 4; run++) {
            CliEnvironment env = new CliEnvironment(dir, closedPipe, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
                    Clock.fixed(Instant.parse("2026-02-27T12:00:00Z"), ZoneOffset.UTC));
            exitCodes.add(AlertsCommand.execute(env, "run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(),
                    "--outbox", "outbox.jsonl", "--job", "earnings", "--at", "2026-02-25T23:00:00Z"));
        }

        assertThat(exitCodes).containsOnly(0);
        assertThat(outbox()).extracting(Alert::id).containsExactly(
                "big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d",
                "big-tech-earnings:NVDA:earnings-surprise:2026-02-25");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("warning: the console missed 2 alert(s) delivered to outbox");
    }

    @Test
    void anAlertClaimedByAnotherRunIsDeferredUntilItsLeaseEndsAndThenDelivered() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Cli.run(elsewhere, "run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(), "--outbox", "outbox.jsonl",
                "--job", "earnings", "--at", "2026-02-25T23:00:00Z");
        Alert surprise = Files.readAllLines(elsewhere.resolve("outbox.jsonl")).stream().map(AlertJson::read)
                .filter(a -> a.kind() == AlertKind.EARNINGS_SURPRISE).findFirst().orElseThrow();
        // another run claimed the surprise a minute ago and has not recorded it
        FileAlertStateStore.open(dir.resolve(".alerts")).claim(surprise, Instant.parse("2026-02-25T22:59:00Z"), Duration.ofMinutes(2));

        Cli.Result during = runDemo("--job", "earnings", "--at", "2026-02-25T23:00:00Z");
        List<Alert> afterDuring = outbox();
        Cli.Result after = runDemo("--job", "earnings", "--at", "2026-02-25T23:05:00Z");

        assertThat(during.exitCode()).isZero();
        assertThat(during.out()).contains("Sent 1 alert")
                .contains("1 alert claimed by another run (in progress or crashed); delivered after its lease ends at 2026-02-25T23:01:00Z.")
                .doesNotContain("sent already");
        assertThat(afterDuring).extracting(Alert::kind).containsExactly(AlertKind.EARNINGS_REMINDER);
        assertThat(after.exitCode()).isZero();
        assertThat(outbox()).extracting(Alert::id).containsExactly(
                "big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d",
                "big-tech-earnings:NVDA:earnings-surprise:2026-02-25");
    }

    @Test
    void localTimeIsReadAsNewYorkTime() throws IOException {
        Cli.Result r = runDemo("--job", "earnings", "--at", "2026-02-18T07:00");

        assertThat(r.exitCode()).isZero();
        assertThat(outbox()).extracting(Alert::id, Alert::triggeredAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("big-tech-earnings:NVDA:earnings-reminder:2026-02-25:7d",
                        Instant.parse("2026-02-18T12:00:00Z")));
    }

    @Test
    void priceRunSeesTheReplayAsOfItsTime() throws IOException {
        Cli.Result r = runDemo("--job", "price", "--at", "2026-01-23T21:05:00Z");

        assertThat(r.exitCode()).isZero();
        assertThat(outbox()).extracting(Alert::id).contains("iren-ytd:IREN:price:n1");
        assertThat(outbox()).filteredOn(a -> a.rule().equals("iren-ytd")).singleElement()
                .satisfies(a -> assertThat(a.title()).isEqualTo("IREN up 47.1% since 2026-01-01"));
        assertThat(outbox()).allSatisfy(a -> assertThat(a.kind().wireName()).isEqualTo("price"));
    }

    @ParameterizedTest
    @CsvSource({
            "--at, yesterday, is not a time",
            "--at, 2026-02-30T10:00:00Z, is not a time",
            "--job, weekly, is not a job"})
    void badOptionValuesAreUsageErrors(String option, String value, String message) throws IOException {
        Cli.Result r = runDemo(option, value);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(outbox()).isEmpty();
        assertThat(dir.resolve(".alerts")).doesNotExist();
    }

    @Test
    void malformedReplayFileIsAUsageErrorNamingFileAndLine() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("IREN.csv"), """
                Date,Open,High,Low,Close,Adj Close,Volume
                2026-01-21,40.1,41.0,39.8,40.5,40.5,1000
                2026-01-22,40.5,41.5,40.0,forty,41.2,1000
                """);

        Cli.Result r = Cli.run(dir, "run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", "data", "--at", "2026-01-23T21:05:00Z");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("IREN.csv:3");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2026-01-22,40.5,41.5,40.0,1e999999999,41.2,1000  | Close \"1e999999999\" is out of range, expected a price below 1e12",
            "2026-01-22,40.5,41.5,40.0,41.0,41.2,1e999999999  | Volume \"1e999999999\" is out of range, expected a volume below 1e15",
            "2026-01-22,40.5,41.5,1e-999999999,41.0,41.2,1000 | Low \"1e-999999999\" is out of range, expected a price below 1e12",
    })
    void absurdReplayNumberIsAUsageErrorNamingFileAndLine(String row, String message) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("IREN.csv"), "Date,Open,High,Low,Close,Adj Close,Volume\n"
                + "2026-01-21,40.1,41.0,39.8,40.5,40.5,1000\n" + row + "\n");

        Cli.Result r = Cli.run(dir, "run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", "data", "--at", "2026-01-23T21:05:00Z");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().endsWith("IREN.csv:3: " + message + " with at most 12 decimal places");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void replayFileOverSixtyFourMebibytesIsAUsageErrorWithItsSize() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        String rows = "Date,Open,High,Low,Close,Adj Close,Volume\n2026-01-21,40.1,41.0,39.8,40.5,40.5,1000\n";
        long bytes = (64L << 20) + 1;
        Files.writeString(data.resolve("IREN.csv"), rows + "#" + "x".repeat((int) bytes - rows.length() - 2) + "\n");

        Cli.Result r = Cli.run(dir, "run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", "data", "--at", "2026-01-23T21:05:00Z");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly(data.resolve("IREN.csv") + ": the file is " + bytes
                + " bytes, more than the 64 MiB (67108864 bytes) a replay file may have");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingSymbolFileIsAProviderFailureWithExit1AndTheRestIsDone() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.copy(Cli.DEMO_DATA.resolve("IREN.csv"), data.resolve("IREN.csv"));

        Cli.Result r = Cli.run(dir, "run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", "data", "--job", "price",
                "--at", "2026-01-23T21:05:00Z", "--outbox", "outbox.jsonl");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("HUT");
        assertThat(outbox()).extracting(Alert::id).contains("iren-ytd:IREN:price:n1");
    }

    static Stream<Arguments> runsWhereSomethingFailed() {
        String price = "--job price --at 2026-01-23T21:05:00Z";
        return Stream.of(
                Arguments.of("four symbols without data, IREN sent", "--data only-iren " + price,
                        "4 errors above. Sent 1 alert (price job as of 2026-01-23T21:05:00Z)."),
                Arguments.of("no symbol with data", "--data empty " + price,
                        "5 errors above. Nothing was sent (price job as of 2026-01-23T21:05:00Z)."),
                Arguments.of("the topic cannot be reached", "--data " + Cli.DEMO_DATA + " --job earnings --at 2026-02-25T18:00 --topic-arn "
                                + "arn:aws:sns:us-east-1:000000000000:alerts",
                        "2 errors above. Nothing was sent (earnings job as of 2026-02-25T23:00:00Z)."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runsWhereSomethingFailed")
    void whenSomethingFailedTheErrorsComeFirstAndTheSummarySaysSo(String what, String args, String summary) throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Files.createDirectories(dir.resolve("only-iren"));
        Files.copy(Cli.DEMO_DATA.resolve("IREN.csv"), dir.resolve("only-iren/IREN.csv"));
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:" + closedPort(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
        List<String> command = new ArrayList<>(List.of("run", "--config", Cli.SHIPPED_CONFIG.toString()));
        command.addAll(List.of(args.split(" ")));

        Cli.Result r = Cli.runOneStream(dir, env, Clock.fixed(Instant.parse("2026-02-27T12:00:00Z"), ZoneOffset.UTC), command.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        List<String> lines = r.outLines();
        assertThat(lines.get(lines.size() - 1)).as("the summary, last").isEqualTo(summary);
        int errors = Integer.parseInt(summary.substring(0, summary.indexOf(' ')));
        assertThat(lines.subList(0, lines.size() - 1)).as("before the summary").filteredOn(l -> l.startsWith("error: ")).hasSize(errors);
        assertThat(r.out()).doesNotContain("Nothing new to send");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void outboxAndTopicTogetherAreAUsageError() {
        Cli.Result r = runDemo("--topic-arn", "arn:aws:sns:us-east-1:123456789012:alerts");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--outbox and --topic-arn");
    }
}
