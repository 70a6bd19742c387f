package dev.marketalerts.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DuplicateReportsTest {
    private static final LocalDate DAY = LocalDate.parse("2023-06-01");

    /** {@code actual/estimate/period/session}, empty parts absent. */
    private static EarningsEvent row(String spec) {
        String[] p = spec.split("/", -1);
        return new EarningsEvent("DG", DAY, p[3].isEmpty() ? EarningsSession.UNKNOWN : EarningsSession.valueOf(p[3]),
                p[2].isEmpty() ? null : p[2], p[1].isEmpty() ? null : new BigDecimal(p[1]), p[0].isEmpty() ? null : new BigDecimal(p[0]), false,
                "finnhub");
    }

    @ParameterizedTest(name = "{0} | {1} keeps {2}")
    @CsvSource({
        "2.34/2.45/FY2024 Q1/BMO, /2.45/FY2024 Q1/BMO,       2.34/2.45/FY2024 Q1/BMO",
        "2.34/2.45/FY2024 Q1/BMO, 2.41/2.38/FY2023 Q1/BMO,   2.34/2.45/FY2024 Q1/BMO",
        "/2.45/FY2024 Q1/,        ///,                       /2.45/FY2024 Q1/",
        "/2.45//,                 /2.45//AMC,                /2.45//AMC",
        "/2.45//BMO,              /2.50//BMO,                /2.45//BMO",
    })
    void keepsTheSameRowWhateverTheOrderAndSaysWhatItDropped(String a, String b, String kept) {
        List<String> warnings = new ArrayList<>();
        List<String> reversedWarnings = new ArrayList<>();

        List<EarningsEvent> merged = DuplicateReports.merge(List.of(row(a), row(b)), warnings);
        List<EarningsEvent> reversed = DuplicateReports.merge(List.of(row(b), row(a)), reversedWarnings);

        assertThat(merged).containsExactly(row(kept));
        assertThat(reversed).isEqualTo(merged);
        assertThat(warnings).singleElement().asString().startsWith("finnhub: DG 2023-06-01: 2 different rows for one report; kept ");
        assertThat(reversedWarnings).isEqualTo(warnings);
    }

    @ParameterizedTest
    @CsvSource({"2.34/2.45/FY2024 Q1/BMO", "///"})
    void identicalRowsAreOneWithoutAWarning(String spec) {
        List<String> warnings = new ArrayList<>();

        assertThat(DuplicateReports.merge(List.of(row(spec), row(spec)), warnings)).containsExactly(row(spec));
        assertThat(warnings).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"DG, MSFT", "MSFT, DG"})
    void rowsOfOtherDatesOrSymbolsAreKeptSortedBySymbolAndDate(String first, String second) {
        EarningsEvent dg = row("2.34///");
        EarningsEvent dgLater = new EarningsEvent("DG", DAY.plusDays(91), EarningsSession.UNKNOWN, null, null, null, false, "finnhub");
        EarningsEvent msft = new EarningsEvent("MSFT", DAY, EarningsSession.UNKNOWN, null, null, null, false, "finnhub");
        List<EarningsEvent> rows = first.equals("DG") ? List.of(dgLater, dg, msft) : List.of(msft, dg, dgLater);

        assertThat(DuplicateReports.merge(rows, new ArrayList<>())).containsExactly(dg, dgLater, msft);
    }
}
