package dev.marketalerts.marketdata.alphavantage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.marketdata.ApiKey;
import dev.marketalerts.marketdata.EarningsResult;
import dev.marketalerts.marketdata.FallbackEarningsCalendar;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.Recorded;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlphaVantageEarningsSourceTest {
    /** When the recorded EARNINGS answers were taken; the day before it ends a window of reported quarters only. */
    private static final Instant RECORDED = Instant.parse("2024-06-27T10:11:56Z");
    private static final LocalDate FIRST = LocalDate.parse("1990-01-01");
    private static final LocalDate DAY_BEFORE = LocalDate.parse("2024-06-26");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private AlphaVantageEarningsSource source(String now) {
        return new AlphaVantageEarningsSource(ProviderFixtures.http("alphavantage", ProviderFixtures.clockAt(now)), ProviderFixtures.base(wm),
                ApiKey.of("alphavantage", ProviderFixtures.SECRET, new Secrets()));
    }

    private static void serve(String function, String contentType, String fixture) {
        wm.stubFor(get(urlPathEqualTo("/query")).withQueryParam("function", equalTo(function))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(ProviderFixtures.bytes(fixture))));
    }

    @Test
    void upcomingDatesComeFromOneBulkCalendarCsv() throws Exception {
        serve("EARNINGS_CALENDAR", "application/x-download", "real/alphavantage/earnings_calendar-devs-excerpt.csv");

        EarningsResult result = source("2026-08-20T12:00:00Z").fetch(Set.of("BMO", "NVDA"), LocalDate.parse("2026-08-21"),
                LocalDate.parse("2026-08-31"), Instant.parse("2026-08-20T12:00:00Z"));

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/query?function=EARNINGS_CALENDAR&horizon=3month&apikey=SECRET-KEY-123"));
        assertThat(result.answered()).containsExactlyInAnyOrder("BMO", "NVDA");
        assertThat(result.events()).containsExactly(new EarningsEvent("BMO", LocalDate.parse("2026-08-25"), EarningsSession.BMO, "2026-07",
                new BigDecimal("2.72"), null, false, "alphavantage"));
    }

    @Test
    void theThrottledCsvIsRecognised() {
        serve("EARNINGS_CALENDAR", "application/x-download", "real/alphavantage/earnings_calendar-devs-ratelimited.csv");

        assertThatThrownBy(() -> source("2026-08-20T12:00:00Z").fetch(Set.of("BMO"), LocalDate.parse("2026-08-21"),
                LocalDate.parse("2026-08-31"), Instant.parse("2026-08-20T12:00:00Z")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
                    assertThat(e.getMessage()).isEqualTo("alphavantage: EARNINGS_CALENDAR: throttled (the CSV holds the row I,n,f,o,r,m,a)");
                });
    }

    @Test
    void aJsonErrorInsteadOfTheCsvIsAFailure() {
        serve("EARNINGS_CALENDAR", "application/json", "alphavantage-ratelimit-daily-sample.json");

        assertThatThrownBy(() -> source("2026-08-20T12:00:00Z").fetch(Set.of("BMO"), LocalDate.parse("2026-08-21"),
                LocalDate.parse("2026-08-31"), Instant.parse("2026-08-20T12:00:00Z")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.THROTTLED));
    }

    @Test
    void reportedFiguresComeFromEarningsPerSymbol() throws Exception {
        serve("EARNINGS_CALENDAR", "application/x-download", "real/alphavantage/earnings_calendar-devs-excerpt.csv");
        serve("EARNINGS", "application/json", "alphavantage-earnings-handmade.json");

        EarningsResult result = source("2026-02-26T12:00:00Z").fetch(Set.of("NVDA"), LocalDate.parse("2026-02-20"),
                LocalDate.parse("2026-03-05"), Instant.parse("2026-02-26T12:00:00Z"));

        assertThat(wm.getAllServeEvents()).extracting(e -> e.getRequest().getUrl()).containsExactlyInAnyOrder(
                "/query?function=EARNINGS_CALENDAR&horizon=3month&apikey=SECRET-KEY-123",
                "/query?function=EARNINGS&symbol=NVDA&apikey=SECRET-KEY-123");
        assertThat(result.events()).containsExactly(new EarningsEvent("NVDA", LocalDate.parse("2026-02-25"), EarningsSession.AMC, "2026-01",
                new BigDecimal("1.54"), new BigDecimal("1.62"), false, "alphavantage"));
    }

    @Test
    void noneInEarningsIsAbsent() throws Exception {
        serve("EARNINGS", "application/json", "alphavantage-earnings-handmade.json");

        EarningsResult result = source("2025-11-25T12:00:00Z").fetch(Set.of("NVDA"), LocalDate.parse("2025-11-01"),
                LocalDate.parse("2025-11-24"), Instant.parse("2025-11-25T12:00:00Z"));

        assertThat(result.events()).singleElement().satisfies(e -> {
            assertThat(e.date()).isEqualTo(LocalDate.parse("2025-11-19"));
            assertThat(e.epsEstimate()).isNull();
            assertThat(e.epsActual()).isEqualByComparingTo("1.3");
        });
    }

    @ParameterizedTest
    @CsvSource({"2026-10-01, 3month", "2026-11-21, 3month", "2026-11-22, 6month", "2027-02-21, 6month", "2027-02-22, 12month"})
    void horizonCoversTheWindow(LocalDate to, String horizon) {
        assertThat(AlphaVantageEarningsSource.horizon(LocalDate.parse("2026-08-21"), to)).isEqualTo(horizon);
    }

    @Test
    void companyNamesWithCommasAreReadWithARealCsvParser() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/query")).willReturn(aResponse().withStatus(200).withBody(
                "symbol,name,reportDate,fiscalDateEnding,estimate,currency,timeOfTheDay\r\n"
                        + "ALAR,\"ALARUM TECHNOLOGIES, LTD.\",2026-08-27,2026-06-30,,USD,post-market\r\n")));

        List<EarningsEvent> events = source("2026-08-20T12:00:00Z").fetch(Set.of("ALAR"), LocalDate.parse("2026-08-21"),
                LocalDate.parse("2026-08-31"), Instant.parse("2026-08-20T12:00:00Z")).events();

        assertThat(events).containsExactly(new EarningsEvent("ALAR", LocalDate.parse("2026-08-27"), EarningsSession.AMC, "2026-06", null, null,
                false, "alphavantage"));
    }

    @Test
    void readsEveryRowOfTheRecordedCalendarCsvUnconfirmed() throws Exception {
        serve("EARNINGS_CALENDAR", "application/x-download", "real/alphavantage/earnings_calendar-devs-excerpt.csv");
        List<EarningsEvent> expected = new ArrayList<>();
        Set<String> symbols = new TreeSet<>();
        String[] lines = ProviderFixtures.text("real/alphavantage/earnings_calendar-devs-excerpt.csv").split("\n");
        for (String line : List.of(lines).subList(1, lines.length)) {
            String[] f = line.split(",");
            symbols.add(f[0]);
            expected.add(new EarningsEvent(f[0], LocalDate.parse(f[2]), f[6].equals("pre-market") ? EarningsSession.BMO : EarningsSession.AMC,
                    YearMonth.from(LocalDate.parse(f[3])).toString(), new BigDecimal(f[4]), null, false, "alphavantage"));
        }

        EarningsResult result = source("2026-08-20T12:00:00Z").fetch(symbols, LocalDate.parse("2026-08-21"), LocalDate.parse("2026-08-31"),
                Instant.parse("2026-08-20T12:00:00Z"));

        assertThat(result.events()).containsExactlyElementsOf(expected).extracting(EarningsEvent::symbol, EarningsEvent::epsEstimate)
                .containsExactly(tuple("BMO", new BigDecimal("2.72")),
                        tuple("BNS", new BigDecimal("1.53")));
    }

    /** The reported quarters a recorded EARNINGS answer must give, read from the file on its own ("None" is no value). */
    private static List<EarningsEvent> expectedQuarters(String file) {
        List<EarningsEvent> events = new ArrayList<>();
        JsonNode root = Recorded.json(file);
        for (JsonNode q : root.path("quarterlyEarnings")) {
            String estimate = q.path("estimatedEPS").asText();
            events.add(new EarningsEvent(root.path("symbol").asText(), LocalDate.parse(q.path("reportedDate").asText()),
                    q.path("reportTime").asText().equals("pre-market") ? EarningsSession.BMO : EarningsSession.AMC,
                    YearMonth.from(LocalDate.parse(q.path("fiscalDateEnding").asText())).toString(),
                    estimate.equals("None") ? null : new BigDecimal(estimate), new BigDecimal(q.path("reportedEPS").asText()), false,
                    "alphavantage"));
        }
        return events;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, symbol, quarters, latest: date, session, fiscal period, estimate, actual
        "earnings-AAPL-2024-06-27.json, AAPL, 113, 2024-05-02, AMC, 2024-03, 1.5, 1.53",
        "earnings-MSFT-2024-06-27.json, MSFT, 113, 2024-04-25, AMC, 2024-03, 2.82, 2.94",
    })
    void readsEveryRecordedReportedQuarterUnconfirmed(String file, String symbol, int quarters, LocalDate date, EarningsSession session,
            String period, BigDecimal estimate, BigDecimal actual) throws Exception {
        serve("EARNINGS", "application/json", "real/alphavantage/" + file);

        EarningsResult result = source("2024-06-27T10:11:56Z").fetch(Set.of(symbol), FIRST, DAY_BEFORE, RECORDED);

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/query?function=EARNINGS&symbol=" + symbol + "&apikey=SECRET-KEY-123"));
        assertThat(result.answered()).containsExactly(symbol);
        assertThat(result.events()).hasSize(quarters).containsExactlyElementsOf(expectedQuarters("real/alphavantage/" + file));
        assertThat(result.events().get(0)).isEqualTo(new EarningsEvent(symbol, date, session, period, estimate, actual, false, "alphavantage"));
    }

    @Test
    void theRecordedSundayReportDateOfAaplIsFlaggedAndNeverConfirmed() {
        serve("EARNINGS", "application/json", "real/alphavantage/earnings-AAPL-2024-06-27.json");
        FallbackEarningsCalendar calendar = new FallbackEarningsCalendar(Map.of("alphavantage", source("2024-06-27T10:11:56Z")), Map.of(),
                List.of("alphavantage"), true, ProviderFixtures.clockAt("2024-06-27T10:11:56Z"), new Secrets());

        Fetched<List<EarningsEvent>> f = calendar.events(Set.of("AAPL"), LocalDate.parse("2000-10-01"), LocalDate.parse("2001-01-31"), RECORDED);

        assertThat(f).isInstanceOf(Fetched.Ok.class);
        Fetched.Ok<List<EarningsEvent>> ok = (Fetched.Ok<List<EarningsEvent>>) f;
        assertThat(ok.value()).extracting(EarningsEvent::date, EarningsEvent::epsActual, EarningsEvent::confirmed).containsExactly(
                tuple(LocalDate.parse("2000-10-18"), new BigDecimal("0.01"), false),
                tuple(LocalDate.parse("2000-12-31"), new BigDecimal("-0.0097"), false));
        assertThat(ok.warnings()).containsExactly(
                "AAPL: alphavantage dates the report 2000-12-31, a Sunday (the exchange is closed); not confirmed");
    }
}
