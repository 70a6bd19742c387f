package dev.marketalerts.marketdata.finnhub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.marketalerts.marketdata.http.ProviderHttp;
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FinnhubEarningsSourceTest {
    private static final Instant AS_OF = Instant.parse("2020-02-25T15:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final Secrets secrets = new Secrets();
    private final ProviderHttp http = ProviderFixtures.http("finnhub", ProviderFixtures.clockAt("2020-02-25T15:00:00Z"));
    private final ApiKey key = ApiKey.of("finnhub", ProviderFixtures.SECRET, secrets);

    private static void serve(String path, int status, String fixture) {
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(ProviderFixtures.bytes(fixture))));
    }

    @Test
    void calendarSendsFromToSymbolAndToken() throws Exception {
        serve("/calendar/earnings", 200, "finnhub-earnings-calendar-sample.json");

        new FinnhubEarningsSource(http, ProviderFixtures.base(wm), key).fetch(Set.of("AAPL"), LocalDate.parse("2020-01-01"),
                LocalDate.parse("2020-03-10"), AS_OF);

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/calendar/earnings?from=2020-01-01&to=2020-03-10&symbol=AAPL&token=SECRET-KEY-123"));
    }

    @Test
    void readsTheDocumentedCalendarKeepingOnlyTheWindow() throws Exception {
        serve("/calendar/earnings", 200, "finnhub-earnings-calendar-sample.json");

        EarningsResult result = new FinnhubEarningsSource(http, ProviderFixtures.base(wm), key).fetch(Set.of("AAPL"),
                LocalDate.parse("2020-01-01"), LocalDate.parse("2020-03-10"), AS_OF);

        assertThat(result.answered()).containsExactly("AAPL");
        assertThat(result.events()).singleElement().isEqualTo(new EarningsEvent("AAPL", LocalDate.parse("2020-01-28"),
                EarningsSession.AMC, "FY2020 Q1", new java.math.BigDecimal("4.5474"), new java.math.BigDecimal("4.99"), false, "finnhub"));
    }

    @Test
    void anErrorInsideA200IsAFailure() {
        wm.stubFor(get(urlPathEqualTo("/calendar/earnings")).willReturn(aResponse().withStatus(200)
                .withBody("{\"error\":\"You don't have access to this resource.\"}")));

        assertThatThrownBy(() -> new FinnhubEarningsSource(http, ProviderFixtures.base(wm), key).fetch(Set.of("NVDA"),
                LocalDate.parse("2026-02-20"), LocalDate.parse("2026-02-27"), AS_OF))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PROVIDER_ERROR);
                    assertThat(e.getMessage()).isEqualTo("finnhub: NVDA: You don't have access to this resource.");
                });
    }

    @Test
    void aSymbolThatFailsIsLeftUnansweredForTheNextProvider() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/calendar/earnings")).withQueryParam("symbol", equalTo("AAPL")).willReturn(aResponse().withStatus(200)
                .withBody(ProviderFixtures.bytes("finnhub-earnings-calendar-sample.json"))));
        wm.stubFor(get(urlPathEqualTo("/calendar/earnings")).withQueryParam("symbol", equalTo("MSFT")).willReturn(aResponse().withStatus(502)));

        EarningsResult result = new FinnhubEarningsSource(http, ProviderFixtures.base(wm), key).fetch(Set.of("AAPL", "MSFT"),
                LocalDate.parse("2020-01-01"), LocalDate.parse("2020-03-10"), AS_OF);

        assertThat(result.answered()).containsExactly("AAPL");
        assertThat(result.events()).hasSize(1);
        assertThat(result.warnings()).singleElement().asString().startsWith("finnhub: MSFT: ").contains("HTTP 502");
    }

    @Test
    void duringMarketHoursAndEmptyHoursAreAnUnknownSession() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/calendar/earnings")).willReturn(aResponse().withStatus(200).withBody(
                "{\"earningsCalendar\":[{\"date\":\"2026-02-25\",\"epsActual\":null,\"epsEstimate\":null,\"hour\":\"dmh\","
                        + "\"quarter\":4,\"year\":2026,\"symbol\":\"NVDA\"},{\"date\":\"2026-02-26\",\"hour\":\"\",\"symbol\":\"NVDA\"}]}")));

        EarningsResult result = new FinnhubEarningsSource(http, ProviderFixtures.base(wm), key).fetch(Set.of("NVDA"),
                LocalDate.parse("2026-02-20"), LocalDate.parse("2026-02-27"), AS_OF);

        assertThat(result.events()).extracting(EarningsEvent::session).containsExactly(EarningsSession.UNKNOWN, EarningsSession.UNKNOWN);
        assertThat(result.events().get(1).fiscalPeriod()).isNull();
    }

    private static final LocalDate EVER_FROM = LocalDate.parse("2000-01-01");
    private static final LocalDate EVER_TO = LocalDate.parse("2030-12-31");

    /** The events a recorded calendar must give, read from the file on its own. */
    private static List<EarningsEvent> expectedEvents(String file) {
        List<EarningsEvent> events = new ArrayList<>();
        for (JsonNode row : Recorded.json(file).path("earningsCalendar")) {
            EarningsSession session = switch (row.path("hour").asText()) {
                case "bmo" -> EarningsSession.BMO;
                case "amc" -> EarningsSession.AMC;
                default -> EarningsSession.UNKNOWN;
            };
            events.add(new EarningsEvent(row.path("symbol").asText(), LocalDate.parse(row.path("date").asText()), session,
                    "FY" + row.path("year").asText() + " Q" + row.path("quarter").asText(), Recorded.decimal(row.path("epsEstimate")),
                    Recorded.decimal(row.path("epsActual")), false, "finnhub"));
        }
        return events;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, symbol, rows, first row: date, session, estimate, actual (empty: none)
        "calendar-MSFT-2023-01-25.json, MSFT, 1, 2023-01-23, UNKNOWN, 2.3402, ",
        "calendar-DG-2023-09-22.json, DG, 5, 2023-08-31, BMO, 2.5318, 2.13",
        "calendar-GME-2021-04-08.json, GME, 2, 2020-12-08, AMC, -0.8571163, -0.53",
        "calendar-BAC-2020-07-20.json, BAC, 1, 2020-07-16, BMO, 0.3855271, 0.37",
        "calendar-GM-2022-03-03.json, GM, 1, 2022-04-26, UNKNOWN, 1.5538, ",
        "calendar-AAPL-empty-2021-09-09.json, AAPL, 0, , , , ",
    })
    void readsEveryRowOfEveryRecordedCalendarUnconfirmed(String file, String symbol, int rows, LocalDate date, EarningsSession session,
            BigDecimal estimate, BigDecimal actual) throws Exception {
        serve("/calendar/earnings", 200, "real/finnhub/" + file);

        EarningsResult result = new FinnhubEarningsSource(http, ProviderFixtures.base(wm), key).fetch(Set.of(symbol), EVER_FROM, EVER_TO, AS_OF);

        assertThat(result.answered()).containsExactly(symbol);
        assertThat(result.events()).hasSize(rows).containsExactlyElementsOf(expectedEvents("real/finnhub/" + file));
        if (rows > 0) {
            assertThat(result.events().get(0)).extracting(EarningsEvent::date, EarningsEvent::session, EarningsEvent::epsEstimate,
                    EarningsEvent::epsActual, EarningsEvent::confirmed).containsExactly(date, session, estimate, actual, false);
        }
    }

    @Test
    void theRecordedPlainTextRateLimitIsThrottled() {
        serve("/calendar/earnings", 429, "real/finnhub/ratelimit-2021-11-01.txt");

        assertThatThrownBy(() -> new FinnhubEarningsSource(http, ProviderFixtures.base(wm), key).fetch(Set.of("NVDA"), EVER_FROM, EVER_TO,
                AS_OF))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
                    assertThat(e.getMessage()).startsWith("finnhub: NVDA: GET ")
                            .endsWith("answered HTTP 429: API limit reached. Please try again later. Remaining Limit: 0 (attempt 2)");
                });
    }

    private static byte[] withRowsReversed(String file) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        ObjectNode root = (ObjectNode) mapper.readTree(ProviderFixtures.bytes(file));
        ArrayNode reversed = mapper.createArrayNode();
        root.path("earningsCalendar").forEach(row -> reversed.insert(0, row));
        root.set("earningsCalendar", reversed);
        return mapper.writeValueAsBytes(root);
    }

    @ParameterizedTest(name = "reversed: {0}")
    @ValueSource(booleans = {false, true})
    void theRecordedTwoRowsForDgOnOneDateBecomeTheReportedQuarterWhateverTheirOrder(boolean reversed) throws Exception {
        String file = "real/finnhub/calendar-DG-2023-09-22.json";
        wm.stubFor(get(urlPathEqualTo("/calendar/earnings")).willReturn(aResponse().withStatus(200)
                .withBody(reversed ? withRowsReversed(file) : ProviderFixtures.bytes(file))));
        FallbackEarningsCalendar calendar = new FallbackEarningsCalendar(Map.of("finnhub",
                new FinnhubEarningsSource(http, ProviderFixtures.base(wm), key)), Map.of(), List.of("finnhub"), true,
                ProviderFixtures.clockAt("2023-09-22T12:00:00Z"), secrets);
        List<EarningsEvent> rows = expectedEvents(file);

        Fetched<List<EarningsEvent>> f = calendar.events(Set.of("DG"), EVER_FROM, EVER_TO, Instant.parse("2023-09-22T12:00:00Z"));

        assertThat(f).isInstanceOf(Fetched.Ok.class);
        Fetched.Ok<List<EarningsEvent>> ok = (Fetched.Ok<List<EarningsEvent>>) f;
        assertThat(ok.value()).containsExactly(rows.get(4), rows.get(2), rows.get(1), rows.get(0));
        assertThat(rows.get(2)).extracting(EarningsEvent::date, EarningsEvent::epsActual, EarningsEvent::fiscalPeriod)
                .containsExactly(LocalDate.parse("2023-06-01"), new BigDecimal("2.34"), "FY2024 Q1");
        assertThat(ok.warnings()).containsExactly("finnhub: DG 2023-06-01: 2 different rows for one report; kept EPS 2.34 "
                + "(estimate 2.4521, FY2024 Q1, bmo), dropped EPS 2.41 (estimate 2.3813, FY2023 Q1, bmo)");
    }
}
