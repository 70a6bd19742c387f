package dev.marketalerts.marketdata.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayCsvTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    @Test
    void readsYahooFormatUsingCloseRatherThanAdjClose() throws IOException {
        Path file = write("AAPL.csv",
                "Date,Open,High,Low,Close,Adj Close,Volume",
                "2025-01-02,248.93,249.10,241.82,243.85,242.75,55740700",
                "2025-01-03,243.36,244.18,241.89,243.36,242.26,40244100");

        List<DailyBar> bars = ReplayCsv.readBars(file, warnings);

        assertThat(bars).containsExactly(
                new DailyBar(LocalDate.of(2025, 1, 2), dec("248.93"), dec("249.10"), dec("241.82"), dec("243.85"), 55740700L),
                new DailyBar(LocalDate.of(2025, 1, 3), dec("243.36"), dec("244.18"), dec("241.89"), dec("243.36"), 40244100L));
        assertThat(warnings).isEmpty();
    }

    @Test
    void readsStooqFormat() throws IOException {
        Path file = write("BTC-USD.csv",
                "Date,Open,High,Low,Close,Volume",
                "2025-01-01,93381.0,94999.5,92730.1,94419.8,12541.25");

        List<DailyBar> bars = ReplayCsv.readBars(file, warnings);

        assertThat(bars).containsExactly(
                new DailyBar(LocalDate.of(2025, 1, 1), dec("93381.0"), dec("94999.5"), dec("92730.1"), dec("94419.8"), 12541L));
    }

    @Test
    void readsStooqFilesWithoutVolumeColumn() throws IOException {
        Path file = write("SPX.csv", "Date,Open,High,Low,Close", "2025-01-02,5903.26,5935.09,5829.53,5868.55");

        assertThat(ReplayCsv.readBars(file, warnings)).singleElement()
                .satisfies(bar -> assertThat(bar.volume()).isNull())
                .satisfies(bar -> assertThat(bar.close()).isEqualByComparingTo("5868.55"));
    }

    @Test
    void newestFirstFilesAreSortedOldestFirst() throws IOException {
        Path ascending = write("A.csv", "Date,Open,High,Low,Close,Volume",
                "2025-01-02,1,2,0.5,1.5,10", "2025-01-03,1.5,2,1,1.8,11", "2025-01-06,1.8,2.2,1.7,2.1,12");
        Path descending = write("B.csv", "Date,Open,High,Low,Close,Volume",
                "2025-01-06,1.8,2.2,1.7,2.1,12", "2025-01-03,1.5,2,1,1.8,11", "2025-01-02,1,2,0.5,1.5,10");

        List<DailyBar> fromDescending = ReplayCsv.readBars(descending, warnings);

        assertThat(fromDescending).extracting(DailyBar::date)
                .containsExactly(LocalDate.of(2025, 1, 2), LocalDate.of(2025, 1, 3), LocalDate.of(2025, 1, 6));
        assertThat(fromDescending).isEqualTo(ReplayCsv.readBars(ascending, warnings));
    }

    @Test
    void headerNamesAreMatchedIgnoringCaseAndSurroundingSpaces() throws IOException {
        Path file = write("X.csv", "date, open ,HIGH,Low,close,adj close,volume", "2025-01-02,1,2,0.5,1.5,1.4,10");

        assertThat(ReplayCsv.readBars(file, warnings)).hasSize(1);
    }

    @Test
    void yfinanceTimestampDatesUseTheirExchangeDate() throws IOException {
        Path file = write("X.csv", "Date,Open,High,Low,Close,Volume,Dividends,Stock Splits",
                "2025-11-13 00:00:00-05:00,191.04,191.43,183.84,186.85,207423100,0.0,0.0");

        assertThat(ReplayCsv.readBars(file, warnings)).extracting(DailyBar::date).containsExactly(LocalDate.of(2025, 11, 13));
    }

    @Test
    void commentLinesAreSkippedAndStillCountedInLineNumbers() throws IOException {
        Path file = write("NVDA.csv",
                "# provenance: somewhere",
                "# second comment",
                "Date,Open,High,Low,Close,Volume",
                "2025-01-02,1,2,0.5,1.5,10",
                "# a comment between rows",
                "2025-01-03,1,2,0.5,null,10");

        List<DailyBar> bars = ReplayCsv.readBars(file, warnings);

        assertThat(bars).hasSize(1);
        assertThat(warnings).containsExactly(file + ":6: skipped row 2025-01-03: Close is null");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2025-12-01,null,null,null,null,null,null | skipped row 2025-12-01: Open is null",
            "2025-12-01,1,2,0.5,NaN,1.4,10            | skipped row 2025-12-01: Close is NaN",
            "'2025-12-01,1,2,0.5,,1.4,10'             | skipped row 2025-12-01: Close is blank",
            "2025-12-01,1,2,0.5,1.5,1.4,null          | skipped row 2025-12-01: Volume is null",
            "2025-12-01,1,2,0.5,0,1.4,10              | skipped row 2025-12-01: Close is not positive (0)",
            "'  ,1,2,0.5,1.5,1.4,10'                  | skipped row: Date is blank",
    })
    void rowsWithMissingValuesAreSkippedWithAWarning(String row, String warning) throws IOException {
        Path file = write("NVDA.csv",
                "Date,Open,High,Low,Close,Adj Close,Volume",
                "2025-11-28,1,2,0.5,1.5,1.4,10",
                row,
                "2025-12-02,1,2,0.5,1.5,1.4,10");

        List<DailyBar> bars = ReplayCsv.readBars(file, warnings);

        assertThat(bars).extracting(DailyBar::date).containsExactly(LocalDate.of(2025, 11, 28), LocalDate.of(2025, 12, 2));
        assertThat(warnings).containsExactly(file + ":3: " + warning);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "2025-01-06,1,2,0.5,abc,10         | 7: Close \"abc\" is not a number",
            "2025-01-06,1,2,0.5,1.5,ten        | 7: Volume \"ten\" is not a number",
            "2025-01-06,1,2,0.5,\"1,5\",10     | 7: Close \"1,5\" is not a number",
            "2025-13-01,1,2,0.5,1.5,10         | 7: Date \"2025-13-01\" is not a date (yyyy-MM-dd)",
            "06/01/2025,1,2,0.5,1.5,10         | 7: Date \"06/01/2025\" is not a date (yyyy-MM-dd)",
            "2025-01-02,1,2,0.5,1.5,10         | 7: duplicate date 2025-01-02 (also on line 4)",
            "2025-01-06,1,2,0.5,1.5,10,3       | 7: expected 6 fields as in the header, found 7",
            "2025-01-06,1,2,0.5,1.5            | 7: expected 6 fields as in the header, found 5",
    })
    void malformedRowsFailNamingFileAndLine(String badRow, String message) throws IOException {
        Path file = write("NVDA.csv",
                "# provenance",
                "# more provenance",
                "Date,Open,High,Low,Close,Volume",
                "2025-01-02,1,2,0.5,1.5,10",
                "2025-01-03,1,2,0.5,1.5,10",
                "",
                badRow);

        assertThatThrownBy(() -> ReplayCsv.readBars(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ":" + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2025-01-02,1,2,0.5,999999999999.999999999999,10 | Close  | 999999999999.999999999999",
            "2025-01-02,1,2,0.5,1.5e-5,10                    | Close  | 0.000015",
            "2025-01-02,1,2,0.5,2.50000000000000000000,10    | Close  | 2.5",
            "2025-01-02,0.000000000001,2,0.5,1.5,10          | Open   | 0.000000000001",
            "2025-01-02,1,2,0.5,1.5,999999999999999          | Volume | 999999999999999",
            "2025-01-02,1,2,0.5,1.5,1.5e3                    | Volume | 1500",
            "2025-01-02,1,2,0.5,1.5,0.000000000001           | Volume | 0",
    })
    void numbersWithinTheBoundsAreRead(String row, String column, String expected) throws IOException {
        Path file = write("NVDA.csv", "Date,Open,High,Low,Close,Volume", row);

        DailyBar bar = ReplayCsv.readBars(file, warnings).get(0);

        switch (column) {
            case "Open" -> assertThat(bar.open()).isEqualByComparingTo(dec(expected));
            case "Close" -> assertThat(bar.close()).isEqualByComparingTo(dec(expected));
            default -> assertThat(bar.volume()).isEqualTo(Long.parseLong(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2025-01-06,1,2,0.5,1e999999999,10     | Close \"1e999999999\" is out of range, expected a price below 1e12 with at most 12 decimal places",
            "2025-01-06,1e12,2,0.5,1.5,10          | Open \"1e12\" is out of range, expected a price below 1e12 with at most 12 decimal places",
            "2025-01-06,1,1000000000000,0.5,1.5,10 | High \"1000000000000\" is out of range, expected a price below 1e12 with at most 12 decimal places",
            "2025-01-06,1,2,0.0000000000001,1.5,10 | Low \"0.0000000000001\" is out of range, expected a price below 1e12 with at most 12 decimal places",
            "2025-01-06,1,2,0.5,1e-999999999,10    | Close \"1e-999999999\" is out of range, expected a price below 1e12 with at most 12 decimal places",
            "2025-01-06,1,2,0.5,1e99999999999,10   | Close \"1e99999999999\" is out of range, expected a price below 1e12 with at most 12 decimal places",
            "2025-01-06,1,2,0.5,1.5,1e15           | Volume \"1e15\" is out of range, expected a volume below 1e15 with at most 12 decimal places",
            "2025-01-06,1,2,0.5,1.5,1e999999999    | Volume \"1e999999999\" is out of range, expected a volume below 1e15 with at most 12 decimal places",
            "2025-01-06,1,2,0.5,1.5,1e-999999999   | Volume \"1e-999999999\" is out of range, expected a volume below 1e15 with at most 12 decimal places",
    })
    void outOfRangeNumbersFailNamingFileAndLine(String badRow, String message) throws IOException {
        Path file = write("NVDA.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,1.5,10", badRow);

        assertThatThrownBy(() -> ReplayCsv.readBars(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ":3: " + message);
    }

    @Test
    void aRunawayNumberIsOutOfRangeAndQuotedOnlyInPart() throws IOException {
        String digits = "1" + "0".repeat(1_000_000);
        Path file = write("NVDA.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5," + digits + ",10");

        assertThatThrownBy(() -> ReplayCsv.readBars(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ":2: Close \"" + digits.substring(0, 64) + "...\" is out of range, expected a price below 1e12"
                        + " with at most 12 decimal places");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Date,Open,High,Low,Volume           | missing column Close (expected Date,Open,High,Low,Close[,Adj Close],Volume)",
            "Date,Open,High,Low,Close,Volume,Foo | unknown column \"Foo\" (expected Date,Open,High,Low,Close[,Adj Close],Volume)",
            "Open,High,Low,Close,Volume          | missing column Date (expected Date,Open,High,Low,Close[,Adj Close],Volume)",
            "Date,Open,High,Low,Close,Close      | column Close appears twice",
    })
    void badHeadersFailNamingFileAndLine(String header, String message) throws IOException {
        Path file = write("NVDA.csv", "# provenance", header, "2025-01-02,1,2,0.5,1.5,10");

        assertThatThrownBy(() -> ReplayCsv.readBars(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ":2: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NVDA.csv", "earnings.csv"})
    void aFileOverSixtyFourMebibytesIsRefusedWithItsSize(String name) throws IOException {
        long bytes = (64L << 20) + 1;
        Path file = padded(name, bytes);

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ": the file is " + bytes + " bytes, more than the 64 MiB (67108864 bytes) a replay file may have");
    }

    @Test
    void aFileOfSixtyFourMebibytesIsRead() throws IOException {
        Path file = padded("NVDA.csv", 64L << 20);

        assertThat(ReplayCsv.readBars(file, warnings)).hasSize(1);
    }

    /** A valid one-row file of {@code name}'s kind, brought to exactly {@code bytes} bytes by a comment line. */
    private Path padded(String name, long bytes) throws IOException {
        String content = name.equals("earnings.csv")
                ? "symbol,date,time,epsEstimate,epsActual\nNVDA,2025-11-19,amc,1.25,1.30\n"
                : "Date,Open,High,Low,Close,Volume\n2025-01-02,1,2,0.5,1.5,10\n";
        Path file = dir.resolve(name);
        Files.writeString(file, content + "#" + "x".repeat((int) (bytes - content.length() - 2)) + "\n");
        assertThat(Files.size(file)).isEqualTo(bytes);
        return file;
    }

    private Object read(Path file) {
        return file.getFileName().toString().equals("earnings.csv") ? ReplayCsv.readEarnings(file, warnings)
                : ReplayCsv.readBars(file, warnings);
    }

    @Test
    void unterminatedQuoteIsMalformedCsv() throws IOException {
        Path file = write("NVDA.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,\"1.5,10");

        assertThatThrownBy(() -> ReplayCsv.readBars(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("malformed CSV: Missing closing quote");
    }

    @Test
    void fileWithoutHeaderFails() throws IOException {
        Path file = write("NVDA.csv", "# only a comment");

        assertThatThrownBy(() -> ReplayCsv.readBars(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ": no header line (expected Date,Open,High,Low,Close[,Adj Close],Volume)");
    }

    @Test
    void readsEarningsWithSessionsAndOptionalEps() throws IOException {
        Path file = write("earnings.csv",
                "# provenance",
                "symbol,date,time,epsEstimate,epsActual",
                "NVDA,2025-11-19,amc,1.25,1.30",
                "AAPL,2025-10-30,AMC,1.77,",
                "JPM,2025-10-14,bmo,4.84,5.07",
                "XYZ,2025-10-14,,,null");

        List<EarningsEvent> events = ReplayCsv.readEarnings(file, warnings);

        assertThat(events).containsExactly(
                new EarningsEvent("JPM", LocalDate.of(2025, 10, 14), EarningsSession.BMO, null, dec("4.84"), dec("5.07"), true, "replay"),
                new EarningsEvent("XYZ", LocalDate.of(2025, 10, 14), EarningsSession.UNKNOWN, null, null, null, true, "replay"),
                new EarningsEvent("AAPL", LocalDate.of(2025, 10, 30), EarningsSession.AMC, null, dec("1.77"), null, true, "replay"),
                new EarningsEvent("NVDA", LocalDate.of(2025, 11, 19), EarningsSession.AMC, null, dec("1.25"), dec("1.30"), true, "replay"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void earningsRowsWithoutSymbolOrDateAreSkippedWithAWarning() throws IOException {
        Path file = write("earnings.csv",
                "symbol,date,time,epsEstimate,epsActual",
                ",2025-11-19,amc,1.25,1.30",
                "NVDA,null,amc,1.25,1.30");

        assertThat(ReplayCsv.readEarnings(file, warnings)).isEmpty();
        assertThat(warnings).containsExactly(
                file + ":2: skipped row: symbol is blank",
                file + ":3: skipped row NVDA: date is null");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "NVDA,2025-11-19,noon,1.25,1.30    | 3: time \"noon\" is not bmo, amc or empty",
            "NVDA,2025-11-19,amc,1.25,n/a      | 3: epsActual \"n/a\" is not a number",
            "NVDA,2025-11-19,amc,1e999999999,1 | 3: epsEstimate \"1e999999999\" is out of range, expected an EPS between -1e12 and 1e12 with at most 12 decimal places",
            "NVDA,2025-11-19,amc,1.25,-1e12    | 3: epsActual \"-1e12\" is out of range, expected an EPS between -1e12 and 1e12 with at most 12 decimal places",
            "NVDA,2025-11-19,amc,1.25,1e-13    | 3: epsActual \"1e-13\" is out of range, expected an EPS between -1e12 and 1e12 with at most 12 decimal places",
            "NVDA,2025-11-31,amc,1.25,1.30     | 3: date \"2025-11-31\" is not a date (yyyy-MM-dd)",
            "AAPL,2025-10-30,amc,1.77,1.85     | 3: duplicate earnings of AAPL on 2025-10-30 (also on line 2)",
    })
    void malformedEarningsFailNamingFileAndLine(String badRow, String message) throws IOException {
        Path file = write("earnings.csv", "symbol,date,time,epsEstimate,epsActual", "AAPL,2025-10-30,amc,1.77,1.85", badRow);

        assertThatThrownBy(() -> ReplayCsv.readEarnings(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ":" + message);
    }

    @Test
    void earningsHeaderMustHaveAllColumns() throws IOException {
        Path file = write("earnings.csv", "symbol,date,epsEstimate,epsActual", "AAPL,2025-10-30,1.77,1.85");

        assertThatThrownBy(() -> ReplayCsv.readEarnings(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ":1: missing column time (expected symbol,date,time,epsEstimate,epsActual)");
    }
    @ParameterizedTest(name = "{0}")
    @CsvSource({"187.30", "0187.30", "7", "0.000000000001", "999999999999.99", "1e2", "1.5E-3", "12.", ".5", "+3.25", "000000000000000004.5"})
    void aPriceReadsAsItsDecimalTextWithItsScale(String close) throws IOException {
        Path file = write("X.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.0001," + close + ",10");

        List<DailyBar> bars = ReplayCsv.readBars(file, warnings);

        assertThat(bars).hasSize(1);
        // equal as BigDecimals: the same value with the same scale
        assertThat(bars.get(0).close()).isEqualTo(new BigDecimal(close));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"123456789012345", "000000000000000041", "41000000.0", "9.99999999999999e14"})
    void aVolumeReadsAsItsWholeNumber(String volume) throws IOException {
        Path file = write("X.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,1.5," + volume);

        List<DailyBar> bars = ReplayCsv.readBars(file, warnings);

        assertThat(bars.get(0).volume()).isEqualTo(new BigDecimal(volume).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"100000000000000000", "1234567890123456789", "1000000000000"})
    void aPriceOfEighteenOrMoreDigitsIsOutOfRange(String close) throws IOException {
        Path file = write("X.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5," + close + ",10");

        assertThatThrownBy(() -> ReplayCsv.readBars(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ":2: Close \"" + close + "\" is out of range, expected a price below 1e12 with at most 12 decimal places");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2024-02-29, 2024, 2, 29", "2025-12-31, 2025, 12, 31", "0001-01-01, 1, 1, 1", "2025-04-30, 2025, 4, 30"})
    void aPlainDateReadsAsThatDay(String text, int year, int month, int day) throws IOException {
        Path file = write("X.csv", "Date,Open,High,Low,Close,Volume", text + ",1,2,0.5,1.5,10");

        assertThat(ReplayCsv.readBars(file, warnings).get(0).date()).isEqualTo(LocalDate.of(year, month, day));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2025-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "2025-1-05", "2025/01/05", "20250105"})
    void aDayThatDoesNotExistOrAnotherFormIsNotADate(String text) throws IOException {
        Path file = write("X.csv", "Date,Open,High,Low,Close,Volume", text + ",1,2,0.5,1.5,10");

        assertThatThrownBy(() -> ReplayCsv.readBars(file, warnings))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(file + ":2: Date \"" + text + "\" is not a date (yyyy-MM-dd)");
    }
}
