package dev.marketalerts.marketdata.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayMarketDataTest {

    private static final Instrument NVDA = Instrument.equity("NVDA");

    @TempDir
    Path dir;

    private ReplayMarketData nvdaFixture;

    @BeforeEach
    void loadFixture() throws URISyntaxException {
        Path fixtureDir = Path.of(getClass().getResource("/replay/NVDA.csv").toURI()).getParent();
        nvdaFixture = ReplayMarketData.load(fixtureDir);
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static MarketSnapshot ok(Fetched<MarketSnapshot> fetched) {
        assertThat(fetched).isInstanceOf(Fetched.Ok.class);
        return ((Fetched.Ok<MarketSnapshot>) fetched).value();
    }

    @Test
    void realNvdaFixtureHasABarOnEveryNyseTradingDayAndNoOther() {
        List<DailyBar> bars = nvdaFixture.allBars("NVDA");
        LocalDate first = nvdaFixture.firstDate("NVDA").orElseThrow();
        LocalDate last = nvdaFixture.lastDate("NVDA").orElseThrow();

        List<LocalDate> tradingDays = first.datesUntil(last.plusDays(1)).filter(NyseCalendar.INSTANCE::isTradingDay).toList();

        assertThat(nvdaFixture.symbols()).containsExactly("NVDA");
        assertThat(first).isEqualTo(LocalDate.of(2025, 11, 13));
        assertThat(last).isEqualTo(LocalDate.of(2026, 2, 12));
        assertThat(bars).extracting(DailyBar::date).containsExactlyElementsOf(tradingDays);
        assertThat(nvdaFixture.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "as of {0} the last visible bar is {1}")
    @CsvSource({
            "2025-11-26T15:59:59-05:00, 2025-11-25",
            "2025-11-26T16:00:00-05:00, 2025-11-26",
            "2025-11-27T12:00:00-05:00, 2025-11-26",
            "2025-11-28T12:59:59-05:00, 2025-11-26",
            "2025-11-28T13:00:00-05:00, 2025-11-28",
            "2025-12-24T13:00:00-05:00, 2025-12-24",
            "2025-12-26T09:45:00-05:00, 2025-12-24",
            "2026-01-20T21:00:00Z,      2026-01-20",
            "2026-06-01T00:00:00Z,      2026-02-12",
    })
    void equityBarBecomesVisibleAtTheSessionClose(String asOf, LocalDate lastVisible) {
        Instant instant = at(asOf);

        MarketSnapshot snapshot = ok(nvdaFixture.snapshots(List.of(NVDA), 20, instant).get("NVDA"));

        DailyBar last = snapshot.bars().get(snapshot.bars().size() - 1);
        assertThat(last.date()).isEqualTo(lastVisible);
        List<LocalDate> visible = nvdaFixture.allBars("NVDA").stream().map(DailyBar::date).filter(d -> !d.isAfter(lastVisible)).toList();
        assertThat(snapshot.bars()).extracting(DailyBar::date)
                .containsExactlyElementsOf(visible.subList(Math.max(0, visible.size() - 20), visible.size()));
        assertThat(snapshot.quote().price()).isEqualTo(last.close());
        assertThat(snapshot.quote().asOf()).isEqualTo(NyseCalendar.INSTANCE.session(lastVisible).orElseThrow().closeInstant());
        assertThat(snapshot.quote().provider()).isEqualTo("replay");
        assertThat(snapshot.barsProvider()).isEqualTo("replay");
        assertThat(snapshot.asOf()).isEqualTo(instant);
        assertThat(snapshot.instrument()).isEqualTo(NVDA);
    }

    @Test
    void earlyCloseBarQuoteIsStampedAt1300NewYork() {
        MarketSnapshot snapshot = ok(nvdaFixture.snapshots(List.of(NVDA), 5, at("2025-11-28T20:00:00Z")).get("NVDA"));

        assertThat(snapshot.quote().asOf()).isEqualTo(at("2025-11-28T13:00:00-05:00"));
        assertThat(snapshot.quote().price()).isEqualByComparingTo("176.99");
    }

    @Test
    void aSnapshotHoldsTheLastSessionsAskedForLikeALiveProvider() {
        Instant asOf = at("2026-01-21T00:00:00Z");
        List<DailyBar> visible = nvdaFixture.allBars("NVDA").stream().filter(b -> !b.date().isAfter(LocalDate.of(2026, 1, 20))).toList();

        MarketSnapshot three = ok(nvdaFixture.snapshots(List.of(NVDA), 3, asOf).get("NVDA"));
        MarketSnapshot more = ok(nvdaFixture.snapshots(List.of(NVDA), visible.size() + 50, asOf).get("NVDA"));

        assertThat(three.bars()).containsExactlyElementsOf(visible.subList(visible.size() - 3, visible.size()));
        assertThat(more.bars()).containsExactlyElementsOf(visible);
        assertThat(three.quote()).isEqualTo(more.quote());
    }

    @Test
    void noBarBeforeTheFirstCloseIsAFailureWithAReason() {
        Fetched<MarketSnapshot> fetched = nvdaFixture.snapshots(List.of(NVDA), 5, at("2025-11-13T15:59:59-05:00")).get("NVDA");

        assertThat(fetched).isEqualTo(Fetched.failed(
                "no replay bar of NVDA has closed by 2025-11-13T20:59:59Z (first bar 2025-11-13)"));
    }

    @Test
    void symbolWithoutFileFailsNamingTheMissingFile() throws IOException {
        write("AAPL.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,1.5,10");
        ReplayMarketData data = ReplayMarketData.load(dir);

        Map<String, Fetched<MarketSnapshot>> result = data.snapshots(
                List.of(Instrument.equity("AAPL"), Instrument.equity("XYZ")), 5, at("2025-01-03T00:00:00Z"));

        assertThat(result.keySet()).containsExactly("AAPL", "XYZ");
        assertThat(result.get("AAPL")).isInstanceOf(Fetched.Ok.class);
        assertThat(result.get("XYZ")).isEqualTo(Fetched.failed("no replay file " + dir.resolve("XYZ.csv")));
    }

    @ParameterizedTest(name = "crypto as of {0}: last visible {1}")
    @CsvSource({
            "2025-01-01T23:59:59Z,      2024-12-31",
            "2025-01-02T00:00:00Z,      2025-01-01",
            "2025-01-01T20:00:00-05:00, 2025-01-01",
    })
    void cryptoBarBecomesVisibleAtMidnightUtc(String asOf, LocalDate lastVisible) throws IOException {
        write("BTC-USD.csv",
                "Date,Open,High,Low,Close,Volume",
                "2025-01-01,93381.0,94999.5,92730.1,94419.8,12541",
                "2024-12-31,92643.2,96090.6,91914.0,93429.2,14302");
        ReplayMarketData data = ReplayMarketData.load(dir);

        MarketSnapshot snapshot = ok(data.snapshots(List.of(Instrument.crypto("BTC-USD")), 2, at(asOf)).get("BTC-USD"));

        assertThat(snapshot.bars().get(snapshot.bars().size() - 1).date()).isEqualTo(lastVisible);
        assertThat(snapshot.quote().asOf()).isEqualTo(lastVisible.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    }

    @Test
    void loadsEveryFileAndCollectsWarnings() throws IOException {
        Path nvda = write("NVDA.csv", "# source", "Date,Open,High,Low,Close,Adj Close,Volume",
                "2025-12-02,1,2,0.5,1.6,1.5,10", "2025-12-01,null,null,null,null,null,null", "2025-11-28,1,2,0.5,1.5,1.4,10");
        write("BTC-USD.csv", "Date,Open,High,Low,Close,Volume", "2025-01-01,1,2,0.5,1.5,10");
        write("earnings.csv", "symbol,date,time,epsEstimate,epsActual", "NVDA,2025-11-19,amc,1.25,1.30");
        write("notes.txt", "not data");

        ReplayMarketData data = ReplayMarketData.load(dir);

        assertThat(data.symbols()).containsExactly("BTC-USD", "NVDA");
        assertThat(data.firstDate("NVDA")).contains(LocalDate.of(2025, 11, 28));
        assertThat(data.lastDate("NVDA")).contains(LocalDate.of(2025, 12, 2));
        assertThat(data.firstDate("XYZ")).isEmpty();
        assertThat(data.allBars("NVDA")).hasSize(2);
        assertThat(data.allEarnings()).hasSize(1);
        assertThat(data.warnings()).containsExactly(nvda + ":4: skipped row 2025-12-01: Open is null");
    }

    @Test
    void oneMalformedFileFailsTheWholeLoad() throws IOException {
        write("AAPL.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,1.5,10");
        Path bad = write("NVDA.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,abc,10");

        assertThatThrownBy(() -> ReplayMarketData.load(dir))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(bad + ":2: Close \"abc\" is not a number");
    }

    @Test
    void manyFilesGiveTheirWarningsInFileOrderAndTheFirstUnusableFileFailsTheLoad() throws IOException {
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Path file = write(String.format("S%02d.csv", i), "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,1.5,10",
                    "2025-01-03,1,2,0.5,null,10");
            expected.add(file + ":3: skipped row 2025-01-03: Close is null");
        }

        assertThat(ReplayMarketData.load(dir).warnings()).containsExactlyElementsOf(expected);

        Path first = write("S17.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,abc,10");
        write("S31.csv", "Date,Open,High,Low,Close,Volume", "2025-01-02,1,2,0.5,xyz,10");
        assertThatThrownBy(() -> ReplayMarketData.load(dir))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(first + ":2: Close \"abc\" is not a number");
    }

    @Test
    void missingDirectoryFails() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> ReplayMarketData.load(missing))
                .isInstanceOf(ReplayDataException.class)
                .hasMessage(missing + ": replay data directory does not exist");
    }

    private ReplayMarketData withEarnings() throws IOException {
        write("earnings.csv",
                "symbol,date,time,epsEstimate,epsActual",
                "NVDA,2025-11-19,amc,1.25,1.30",
                "JPM,2025-10-14,bmo,4.84,5.07",
                "XYZ,2025-10-15,,0.10,0.12",
                "NVDA,2026-02-25,amc,1.52,");
        return ReplayMarketData.load(dir);
    }

    private static EarningsEvent single(Fetched<List<EarningsEvent>> fetched) {
        assertThat(fetched).isInstanceOf(Fetched.Ok.class);
        List<EarningsEvent> events = ((Fetched.Ok<List<EarningsEvent>>) fetched).value();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @ParameterizedTest(name = "{0} as of {1}: actual visible {2}")
    @CsvSource({
            "NVDA, 2025-11-19T15:59:59-05:00, false",
            "NVDA, 2025-11-19T16:00:00-05:00, true",
            "NVDA, 2025-11-18T18:00:00-05:00, false",
            "JPM,  2025-10-14T09:29:59-04:00, false",
            "JPM,  2025-10-14T09:30:00-04:00, true",
            "JPM,  2025-10-14T07:00:00-04:00, false",
            "XYZ,  2025-10-15T15:59:59-04:00, false",
            "XYZ,  2025-10-15T16:00:00-04:00, true",
    })
    void actualEpsIsHiddenUntilTheReportHasHappened(String symbol, String asOf, boolean actualVisible) throws IOException {
        ReplayMarketData data = withEarnings();
        EarningsEvent written = data.allEarnings().stream().filter(e -> e.symbol().equals(symbol)).findFirst().orElseThrow();

        EarningsEvent event = single(data.events(Set.of(symbol), written.date().minusDays(7), written.date(), at(asOf)));

        assertThat(event.epsActual()).isEqualTo(actualVisible ? written.epsActual() : null);
        assertThat(event.epsEstimate()).isNotNull().isEqualTo(written.epsEstimate());
        assertThat(event.confirmed()).isTrue();
        assertThat(event.provider()).isEqualTo("replay");
        assertThat(event.session()).isEqualTo(written.session());
    }

    @Test
    void eventsAreFilteredBySymbolAndInclusiveDateWindow() throws IOException {
        ReplayMarketData data = withEarnings();

        Fetched<List<EarningsEvent>> fetched = data.events(Set.of("NVDA", "JPM"),
                LocalDate.of(2025, 10, 14), LocalDate.of(2025, 11, 19), at("2025-10-01T00:00:00Z"));

        assertThat(fetched).isInstanceOf(Fetched.Ok.class);
        assertThat(((Fetched.Ok<List<EarningsEvent>>) fetched).value())
                .extracting(EarningsEvent::symbol, EarningsEvent::date)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("JPM", LocalDate.of(2025, 10, 14)),
                        org.assertj.core.groups.Tuple.tuple("NVDA", LocalDate.of(2025, 11, 19)));
    }

    @Test
    void withoutEarningsFileEventsAreEmptyWithAWarning() {
        Fetched<List<EarningsEvent>> fetched = nvdaFixture.events(Set.of("NVDA"), LocalDate.of(2025, 1, 1),
                LocalDate.of(2026, 12, 31), at("2026-01-01T00:00:00Z"));

        assertThat(fetched).isInstanceOf(Fetched.Ok.class);
        Fetched.Ok<List<EarningsEvent>> ok = (Fetched.Ok<List<EarningsEvent>>) fetched;
        assertThat(ok.value()).isEmpty();
        assertThat(ok.warnings()).singleElement().asString().contains("earnings.csv");
    }
}
