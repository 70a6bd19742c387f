package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.marketalerts.core.calendar.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTest {
    @TempDir
    static Path shared;
    static Cli.Result demo;
    static List<Alert> demoAlerts;

    @TempDir
    Path dir;

    /** The README's demo, run once: the shipped alerts.yaml over the shipped replay data. */
    @BeforeAll
    static void runTheDemo() throws IOException {
        demo = Cli.run(shared, "backtest", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(),
                "--from", "2025-11-13", "--to", "2026-02-27", "--outbox", "outbox.jsonl", "--report", "report.html", "--returns", "returns.csv");
        demoAlerts = Files.readAllLines(shared.resolve("outbox.jsonl")).stream().map(AlertJson::read).toList();
    }

    @Test
    void demoSucceeds() {
        assertThat(demo.exitCode()).as(demo.err()).isZero();
    }

    @Test
    void nvidiaGetsItsRemindersOnTheMorningRunsAndTheSurpriseAtTheFirstWatchTickAfterTheClose() {
        assertThat(demoAlerts).filteredOn(a -> a.symbol().equals("NVDA")).extracting(Alert::id, Alert::triggeredAt).containsExactly(
                tuple("big-tech-earnings:NVDA:earnings-reminder:2025-11-19:1d", Instant.parse("2025-11-18T12:00:00Z")),
                tuple("big-tech-earnings:NVDA:earnings-reminder:2025-11-19:0d", Instant.parse("2025-11-19T12:00:00Z")),
                // the real close crossing below sma(20) - 2 population sd of its 20 closes with Wilder's rsi(14) under 40:
                // 170.94 (rsi 35.7) on 2025-12-17 and 174.19 (rsi 36.2) on 2026-02-04, by a textbook computation of the CSV
                tuple("nvda-oversold:NVDA:price:n1", Instant.parse("2025-12-17T21:05:00Z")),
                // the real closes above every high of the 20 sessions before: 189.21 over 188.00, then 190.53 over 189.33
                tuple("nvda-20d-high:NVDA:price:n1", Instant.parse("2025-12-23T21:05:00Z")),
                tuple("nvda-20d-high:NVDA:price:n2", Instant.parse("2025-12-26T21:05:00Z")),
                tuple("nvda-oversold:NVDA:price:n2", Instant.parse("2026-02-04T21:05:00Z")),
                tuple("big-tech-earnings:NVDA:earnings-reminder:2026-02-25:7d", Instant.parse("2026-02-18T12:00:00Z")),
                tuple("big-tech-earnings:NVDA:earnings-reminder:2026-02-25:1d", Instant.parse("2026-02-24T12:00:00Z")),
                tuple("big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d", Instant.parse("2026-02-25T12:00:00Z")),
                tuple("big-tech-earnings:NVDA:earnings-surprise:2026-02-25", Instant.parse("2026-02-25T21:05:00Z")));
    }

    @Test
    void illustrativeSeriesFireTheirDesignedAlertsOnly() {
        assertThat(demoAlerts).filteredOn(a -> !a.symbol().equals("NVDA")).extracting(Alert::id, Alert::triggeredAt).containsExactly(
                tuple("miners-big-day:HUT:price:2025-12-10", Instant.parse("2025-12-10T21:05:00Z")),
                tuple("miners-big-day:CIFR:price:2026-01-08", Instant.parse("2026-01-08T21:05:00Z")),
                tuple("miners-big-day:IREN:price:2026-01-15", Instant.parse("2026-01-15T21:05:00Z")),
                // crosses below 80000 on the bar of Jan 20, seen by the 00:05 UTC run after that day closed
                tuple("btc-80k:BTC-USD:price:n1", Instant.parse("2026-01-21T00:05:00Z")),
                tuple("iren-ytd:IREN:price:n1", Instant.parse("2026-01-23T21:05:00Z")),
                // Jan 23 crossed below again without having been back to 81600 (rearm 2%): nothing; Jan 26 re-armed it
                tuple("miners-big-day:HUT:price:2026-02-05", Instant.parse("2026-02-05T21:05:00Z")),
                tuple("btc-80k:BTC-USD:price:n2", Instant.parse("2026-02-06T00:05:00Z")));
    }

    @Test
    void alertsPrintAsReadableLinesInTimeOrderThenThePerRuleTable() {
        List<String> lines = demo.outLines();
        assertThat(lines).contains(
                "2026-02-18 07:00 EST  NVDA     earnings-reminder     NVDA reports earnings in 7 days (2026-02-25, after the close)",
                "2026-01-20 19:05 EST  BTC-USD  price                 [WARNING] BTC-USD crossed below 80000 (79412.55)",
                "2025-12-23 16:05 EST  NVDA     price                 NVDA at a new 20-session high (189.21, above 188)");
        List<String> alertLines = lines.stream().filter(l -> l.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} E[SD]T  .*")).toList();
        // in time order; alerts of the same minute in the order of their rules
        assertThat(alertLines).hasSize(demoAlerts.size()).isSortedAccordingTo(java.util.Comparator.comparing(l -> l.substring(0, 16)));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("RULE").contains("SYMBOL").contains("FIRED").contains("FIRST"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "btc-80k +BTC-USD +price +2 +2026-01-20 19:05 EST +2026-02-05 19:05 EST"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("big-tech-earnings +MSFT +- +0 +- +-"));
        long watch = watchTicks();
        assertThat(lines).contains(demoAlerts.size() + " alerts from 2025-11-13 to 2026-02-27 (" + (scheduledRuns() + watch) + " scheduled runs, "
                + watch + " of them report-day watch ticks).");
        // The first is the first tick of the range (no calendar kept yet); then NVDA's two report days after the close.
        assertThat(lines).contains("Watch ticks that asked the providers: 2025-11-13 06:00 EST, 2025-11-19 16:05 EST, 2026-02-25 16:05 EST.");
    }

    /** Two earnings runs and one crypto run every day, one equity price run every NYSE trading day. */
    private static long scheduledRuns() {
        LocalDate from = LocalDate.parse("2025-11-13");
        LocalDate to = LocalDate.parse("2026-02-27");
        long days = from.datesUntil(to.plusDays(1)).count();
        return days * 3 + from.datesUntil(to.plusDays(1)).filter(NyseCalendar.INSTANCE::isTradingDay).count();
    }

    @Test
    void theReadmesDemoOutputIsWhatTheCommandPrints() throws IOException {
        String readme = Files.readString(Cli.SHIPPED_CONFIG.resolveSibling("README.md"));
        int start = readme.indexOf("```\n", readme.indexOf("./alerts backtest --data demo/data --from 2025-11-13 --to 2026-02-27")) ;
        start = readme.indexOf("```\n", start + 4) + 4;
        List<String> block = List.of(readme.substring(start, readme.indexOf("```", start)).split("\n"));
        List<String> lines = demo.outLines();

        assertThat(block).containsExactlyElementsOf(lines.subList(0, block.size()));
        assertThat(block.get(block.size() - 2)).contains(" alerts from 2025-11-13 to 2026-02-27 (");
    }

    /** Weekdays, 06:00-09:55 and 16:05-19:55 every 5 minutes. */
    private static long watchTicks() {
        LocalDate from = LocalDate.parse("2025-11-13");
        LocalDate to = LocalDate.parse("2026-02-27");
        long weekdays = from.datesUntil(to.plusDays(1)).filter(d -> d.getDayOfWeek().getValue() <= 5).count();
        return weekdays * (4 * 12 + 4 * 12 - 1);
    }

    @Test
    void noProgressLinesWhenStderrIsNotATerminal() {
        assertThat(demo.err()).doesNotContain("backtest: through");
        assertThat(demo.out()).doesNotContain("backtest: through");
    }

    @Test
    void forwardReturnsAreTheClosesOneFiveAndTwentySessionsAfterTheLastCloseBeforeEachAlert() throws IOException {
        List<String> rows = Files.readAllLines(shared.resolve("returns.csv"));
        assertThat(rows.get(0)).isEqualTo("id,rule,symbol,kind,triggered_at,price,return_1d,return_5d,return_20d");
        assertThat(rows).hasSize(demoAlerts.size() + 1);
        int withReturns = 0;
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",", -1);
            Alert alert = demoAlerts.get(i - 1);
            assertThat(f[0]).isEqualTo(alert.id());
            assertThat(f[4]).isEqualTo(alert.triggeredAt().toString());
            List<String[]> bars = demoBars(f[2]);
            int at = -1;
            for (int b = 0; b < bars.size(); b++) {
                LocalDate day = LocalDate.parse(bars.get(b)[0]);
                Instant closes = f[2].equals("BTC-USD") ? day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                        : day.atTime(16, 0).atZone(java.time.ZoneId.of("America/New_York")).toInstant();
                if (!closes.isAfter(alert.triggeredAt())) {
                    at = b;
                }
            }
            double price = Double.parseDouble(bars.get(at)[4]);
            assertThat(Double.parseDouble(f[5])).as(rows.get(i)).isEqualTo(price);
            int[] horizons = {1, 5, 20};
            for (int h = 0; h < 3; h++) {
                if (at + horizons[h] < bars.size()) {
                    double expected = Double.parseDouble(bars.get(at + horizons[h])[4]) / price - 1;
                    assertThat(Double.parseDouble(f[6 + h])).as(rows.get(i)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
                    withReturns++;
                } else {
                    assertThat(f[6 + h]).as(rows.get(i)).isEmpty();
                }
            }
        }
        assertThat(withReturns).isGreaterThan(20);
    }

    @Test
    void thePerRuleForwardReturnsGiveMeanMedianAndHitRate() {
        // btc-80k: 79412.55 then 79950.09 (+0.68%); 78890.60 then 78144.40 (-0.95%)
        assertThat(demo.outLines()).anySatisfy(l -> assertThat(l).matches("btc-80k +2 +-0\\.1% +-0\\.1% +50% .*"));
        assertThat(demo.outLines()).anySatisfy(l -> assertThat(l).startsWith("RULE").contains("1D MEAN").contains("20D MEAN").contains("HIT"));
    }

    /** The bars of a demo file, oldest first, as fields (Yahoo or Stooq: the close is the fifth field either way). */
    private static List<String[]> demoBars(String symbol) throws IOException {
        return Files.readAllLines(Cli.DEMO_DATA.resolve(symbol + ".csv")).stream()
                .filter(l -> !l.startsWith("#") && !l.startsWith("Date") && !l.isBlank()).map(l -> l.split(","))
                .sorted(java.util.Comparator.comparing(f -> f[0])).toList();
    }

    @Test
    void reportIsOneSelfContainedPageWithAChartPerSymbolWithData() throws IOException {
        String html = Files.readString(shared.resolve("report.html"));
        long symbolsWithData;
        try (Stream<Path> files = Files.list(Cli.DEMO_DATA)) {
            symbolsWithData = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv") && !n.equals("earnings.csv")).count();
        }

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(count(html, "<svg")).isEqualTo(symbolsWithData);
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script").doesNotContain("src=")
                .doesNotContain("href=").doesNotContain("@import").doesNotContain("url(");
        assertThat(count(html, "<circle")).isEqualTo(demoAlerts.stream().filter(a -> a.kind().wireName().equals("price")).count());
        assertThat(html).contains("<title>NVDA earnings 2026-02-25, after the close; EPS estimate 1.52, actual 1.62</title>");
        assertThat(html).contains("ILLUSTRATIVE, NOT REAL PRICES");
        assertThat(html).contains(watchTicks() + " of them report-day watch ticks. Watch ticks that asked the providers: "
                + "2025-11-13 06:00 EST, 2025-11-19 16:05 EST, 2026-02-25 16:05 EST.");
    }

    @Test
    void reportEscapesText() throws IOException {
        String config = Files.readString(Cli.SHIPPED_CONFIG).replace("name: Cipher Mining", "name: \"Cipher <b>Mining</b> & 'Co'\"");
        Files.writeString(dir.resolve("alerts.yaml"), config);

        Cli.Result r = Cli.run(dir, "backtest", "--data", Cli.DEMO_DATA.toString(), "--from", "2026-01-05", "--to", "2026-01-09",
                "--report", "out/r.html");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String html = Files.readString(dir.resolve("out/r.html"));
        assertThat(html).contains("Cipher &lt;b&gt;Mining&lt;/b&gt; &amp; &#39;Co&#39;").doesNotContain("<b>Mining");
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsAUsageError() {
        Cli.Result r = Cli.run(dir, "backtest", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(),
                "--from", "2026-02-01", "--to", "2026-01-01");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--to 2026-01-01 is before --from 2026-02-01");
    }

    @Test
    void dataIsRequired() {
        Cli.Result r = Cli.run(dir, "backtest", "--config", Cli.SHIPPED_CONFIG.toString(), "--from", "2026-01-01", "--to", "2026-01-02");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--data");
    }

    @Test
    void malformedReplayFileIsAUsageErrorNamingFileAndLine() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("earnings.csv"), """
                symbol,date,time,epsEstimate,epsActual
                NVDA,2026-02-25,amc,1.52,1.62
                NVDA,25/02/2026,amc,1.52,1.62
                """);

        Cli.Result r = Cli.run(dir, "backtest", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", "data",
                "--from", "2026-02-01", "--to", "2026-02-27");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("earnings.csv:3");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void outboxIsReplacedByARerunAndAppendedToWithAppend() throws IOException {
        String[] args = {"backtest", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(),
                "--from", "2026-01-19", "--to", "2026-01-23", "--outbox", "o.jsonl"};
        Cli.run(dir, args);
        long once = Files.readAllLines(dir.resolve("o.jsonl")).size();
        Cli.run(dir, args);
        assertThat(Files.readAllLines(dir.resolve("o.jsonl"))).hasSize((int) once);
        Cli.Result appended = Cli.run(dir, Stream.concat(Stream.of(args), Stream.of("--append")).toArray(String[]::new));
        assertThat(appended.exitCode()).as(appended.err()).isZero();
        assertThat(once).isPositive();
        assertThat(Files.readAllLines(dir.resolve("o.jsonl"))).hasSize((int) once * 2);
    }

    @Test
    void aSymbolWhoseDataStartsLateGetsOneLineAndDoesNotFailTheRun() {
        Cli.Result r = Cli.run(dir, "backtest", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(),
                "--from", "2025-10-15", "--to", "2025-11-30");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.errLines()).contains("IREN: data starts 2025-11-13", "NVDA: data starts 2025-11-13");
        assertThat(r.err()).doesNotContain("error").doesNotContain("has closed by");
    }

    @Test
    void rangeDaysAreReadInTheConfigsTimezone() throws IOException {
        String config = Files.readString(Cli.SHIPPED_CONFIG).replace("timezone: America/New_York", "timezone: Asia/Tokyo");
        Files.writeString(dir.resolve("alerts.yaml"), config);

        // 2026-01-20 in Tokyo ends at 15:00 UTC: the crypto run of 00:05 UTC on Jan 21 (which sees Jan 20's cross below 80000) is Jan 21 there
        Cli.Result r20 = Cli.run(dir, "backtest", "--data", Cli.DEMO_DATA.toString(), "--from", "2026-01-20", "--to", "2026-01-20");
        Cli.Result r21 = Cli.run(dir, "backtest", "--data", Cli.DEMO_DATA.toString(), "--from", "2026-01-20", "--to", "2026-01-21");

        assertThat(r20.out()).doesNotContain("crossed below 80000");
        assertThat(r21.out()).contains("BTC-USD crossed below 80000");
    }

    @Test
    void dataMissingForAWatchedSymbolIsReportedWithExit1AfterTheWholeRun() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.copy(Cli.DEMO_DATA.resolve("earnings.csv"), data.resolve("earnings.csv"));

        Cli.Result r = Cli.run(dir, "backtest", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", "data",
                "--from", "2026-02-16", "--to", "2026-02-20");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("NVDA reports earnings in 7 days");
        assertThat(r.err()).contains("IREN.csv").contains("BTC-USD.csv");
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
