package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.cli.backtest.SyntheticReplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten years of made-up daily bars for 50 symbols under four rules, replayed with a report that stays small enough to open:
 * within 2,000,000 bytes, every chart with its price line, and the markers of dense charts without a tooltip each. The
 * walk takes tens of seconds, so it runs with {@code -Dbacktest.long=true}; {@code -Dbacktest.longReport=PATH} keeps the report.
 */
@EnabledIfSystemProperty(named = "backtest.long", matches = "true")
class LongBacktestReportTest {
    static final LocalDate FROM = LocalDate.parse("2016-01-01");
    static final LocalDate TO = LocalDate.parse("2025-12-31");

    @TempDir
    static Path dir;
    static Cli.Result run;
    static String html;

    @BeforeAll
    static void replayTenYears() throws IOException {
        SyntheticReplay.write(dir.resolve("data"), dir.resolve("alerts.yaml"), FROM.minusDays(120), TO, 20260101L);
        run = Cli.run(dir, "backtest", "--data", "data", "--from", FROM.toString(), "--to", TO.toString(), "--report", "report.html",
                "--returns", "returns.csv");
        html = Files.readString(dir.resolve("report.html"));
        String keep = System.getProperty("backtest.longReport");
        if (keep != null && !keep.isBlank()) {
            Files.writeString(Path.of(keep), html);
        }
    }

    @Test
    void runsThroughWithThousandsOfAlerts() throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("returns.csv")).size() - 1).isGreaterThan(2000);
    }

    @Test
    void reportStaysWithinTwoMillionBytes() {
        assertThat(html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2_000_000);
    }

    @Test
    void everyChartKeepsItsPriceLineAndMarksItsAlertsWithoutATooltipEach() {
        assertThat(count("<svg")).isEqualTo(SyntheticReplay.EQUITIES + 1);
        assertThat(count("<path class=\"price\"")).isEqualTo(SyntheticReplay.EQUITIES + 1);
        assertThat(count("<path class=\"dots ")).isPositive();
        assertThat(html).contains("price alerts (too many to label one by one: the alert tables list them)");
    }

    private static long count(String needle) {
        return (html.length() - html.replace(needle, "").length()) / needle.length();
    }
}
