package dev.marketalerts.marketdata;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.EarningsRule;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.job.EarningsRules;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.marketdata.finnhub.FinnhubEarningsSource;
import dev.marketalerts.marketdata.http.CircuitBreaker;
import dev.marketalerts.marketdata.http.Secrets;
import dev.marketalerts.marketdata.nasdaq.NasdaqEarningsSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A due report without its actual at the primary (Nasdaq) is looked up at the next provider (Finnhub), for that
 * symbol only, on the real recorded answers: Nasdaq's same-day page of 2023-11-13 taken at 12:25 New York (no row has
 * its actual) and Finnhub's calendars.
 */
class MissingActualsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String NASDAQ_PAGE = "real/nasdaq/nasdaq-2023-11-13.json";

    @RegisterExtension
    static WireMockExtension nasdaq = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    @RegisterExtension
    static WireMockExtension finnhub = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static FallbackEarningsCalendar chain(Instant at) {
        Clock clock = Clock.fixed(at, java.time.ZoneOffset.UTC);
        Secrets secrets = new Secrets();
        Map<String, EarningsSource> sources = Map.of(
                "nasdaq", new NasdaqEarningsSource(ProviderFixtures.http("nasdaq", clock), ProviderFixtures.base(nasdaq)),
                "finnhub", new FinnhubEarningsSource(ProviderFixtures.http("finnhub", clock), ProviderFixtures.base(finnhub),
                        ApiKey.of("finnhub", ProviderFixtures.SECRET, secrets)));
        Map<String, CircuitBreaker> breakers = Map.of();
        return new FallbackEarningsCalendar(sources, breakers, List.of("nasdaq", "finnhub"), false, clock, secrets);
    }

    private static void serveNasdaq(byte[] body) {
        nasdaq.stubFor(get(urlPathEqualTo("/api/calendar/earnings")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
    }

    private static void serveFinnhub(String fixture) {
        finnhub.stubFor(get(urlPathEqualTo("/calendar/earnings")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(ProviderFixtures.bytes(fixture))));
    }

    private static List<String> finnhubSymbolsAsked() {
        List<String> out = new ArrayList<>();
        for (ServeEvent e : finnhub.getAllServeEvents()) {
            out.add(e.getRequest().queryParameter("symbol").firstValue() + " " + e.getRequest().queryParameter("from").firstValue()
                    + ".." + e.getRequest().queryParameter("to").firstValue());
        }
        return out.stream().sorted().toList();
    }

    private static Fetched.Ok<List<EarningsEvent>> ok(Fetched<List<EarningsEvent>> f) {
        assertThat(f).isInstanceOf(Fetched.Ok.class);
        return (Fetched.Ok<List<EarningsEvent>>) f;
    }

    @Test
    void atNoonOnReportDayOnlyTheReportsAlreadyDueAreAskedOfTheNextProvider() {
        JsonNode rows = Recorded.json(NASDAQ_PAGE).path("data").path("rows");
        int withActual = 0;
        List<String> preMarket = new ArrayList<>();
        for (JsonNode r : rows) {
            withActual += r.path("eps").asText("").isBlank() ? 0 : 1;
            if (r.path("time").asText().equals("time-pre-market")) {
                preMarket.add(r.path("symbol").asText());
            }
        }
        assertThat(rows.size()).isEqualTo(365);
        assertThat(withActual).isZero();
        assertThat(preMarket).hasSize(36).contains("MFG");
        serveNasdaq(ProviderFixtures.bytes(NASDAQ_PAGE));
        serveFinnhub("real/finnhub/calendar-AAPL-empty-2021-09-09.json");
        LocalDate day = LocalDate.of(2023, 11, 13);

        // MFG reported before the open, MUFG did not say when, SLF reports after the close.
        var ok = ok(chain(Instant.parse("2023-11-13T17:25:07Z")).events(Set.of("MFG", "MUFG", "SLF"), day, day,
                Instant.parse("2023-11-13T17:25:07Z")));

        assertThat(ok.value()).extracting(EarningsEvent::symbol, EarningsEvent::session).containsExactly(
                org.assertj.core.groups.Tuple.tuple("MFG", EarningsSession.BMO), org.assertj.core.groups.Tuple.tuple("MUFG", EarningsSession.UNKNOWN),
                org.assertj.core.groups.Tuple.tuple("SLF", EarningsSession.AMC));
        assertThat(ok.value()).allSatisfy(e -> assertThat(e.epsActual()).isNull());
        assertThat(finnhubSymbolsAsked()).containsExactly("MFG 2023-11-13..2023-11-13", "MUFG 2023-11-13..2023-11-13");
    }

    @Test
    void beforeTheOpenNothingIsDueAndTheNextProviderIsNotAsked() {
        serveNasdaq(ProviderFixtures.bytes(NASDAQ_PAGE));
        serveFinnhub("real/finnhub/calendar-AAPL-empty-2021-09-09.json");
        LocalDate day = LocalDate.of(2023, 11, 13);
        Instant early = day.atTime(5, 55).atZone(NEW_YORK).toInstant();

        ok(chain(early).events(Set.of("MFG", "MUFG", "SLF"), day, day, early));

        assertThat(finnhub.getAllServeEvents()).isEmpty();
    }

    /**
     * Dollar General reported before the open on 2023-08-31. Nasdaq's page of that day is not among the recordings: the
     * page served is the recorded page of 2023-11-13 with its rows replaced by one row for DG in the same shape and no
     * actual yet (as every row of the recorded same-day page). Finnhub's answer is its real recording.
     */
    @Test
    void theActualComesFromFinnhubAndTheSurpriseAlertNamesIt() throws Exception {
        ObjectNode page = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(ProviderFixtures.bytes(NASDAQ_PAGE));
        ObjectNode dg = ((ObjectNode) page.path("data").path("rows").get(0).deepCopy());
        dg.put("symbol", "DG").put("name", "Dollar General Corporation").put("time", "time-pre-market")
                .put("fiscalQuarterEnding", "Jul/2023").put("epsForecast", "$2.47");
        ((ObjectNode) page.path("data")).put("asOf", "Thu, Aug 31, 2023");
        ((ArrayNode) page.path("data").withArray("rows")).removeAll().add(dg);
        serveNasdaq(page.toString().getBytes(StandardCharsets.UTF_8));
        serveFinnhub("real/finnhub/calendar-DG-2023-09-22.json");
        JsonNode finnhubRow = Recorded.json("real/finnhub/calendar-DG-2023-09-22.json").path("earningsCalendar").get(0);
        assertThat(finnhubRow.path("date").asText()).isEqualTo("2023-08-31");
        LocalDate day = LocalDate.of(2023, 8, 31);
        Instant at = day.atTime(7, 5).atZone(NEW_YORK).toInstant();

        var ok = ok(chain(at).events(Set.of("DG"), day, day, at));

        EarningsEvent e = ok.value().get(0);
        assertThat(e.epsActual()).isEqualByComparingTo(Recorded.decimal(finnhubRow.path("epsActual")));
        assertThat(e.epsEstimate()).isEqualByComparingTo(Recorded.decimal(finnhubRow.path("epsEstimate")));
        assertThat(e.provider()).isEqualTo("finnhub");
        assertThat(e.session()).isEqualTo(EarningsSession.BMO);
        assertThat(ok.warnings()).contains("DG 2023-08-31: actual 2.13 from finnhub (nasdaq has none yet)");
        assertThat(finnhubSymbolsAsked()).containsExactly("DG 2023-08-31..2023-08-31");

        RuleConfig rule = new RuleConfig("retail-earnings", List.of("DG"), null, new EarningsRule(List.of(), false, new BigDecimal("0.05")),
                null, null, null, Severity.INFO, null);
        List<Alert> alerts = EarningsRules.evaluate(rule, new Instrument("DG", Market.US_EQUITY, "Dollar General"), ok.value(), null, at,
                NEW_YORK);
        BigDecimal actual = Recorded.decimal(finnhubRow.path("epsActual"));
        BigDecimal estimate = Recorded.decimal(finnhubRow.path("epsEstimate"));
        double miss = (estimate.doubleValue() - actual.doubleValue()) / estimate.doubleValue() * 100;
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.EARNINGS_SURPRISE);
            assertThat(a.id()).isEqualTo("retail-earnings:DG:earnings-surprise:2023-08-31");
            assertThat(a.source().provider()).isEqualTo("finnhub");
            assertThat(a.title()).isEqualTo(String.format(java.util.Locale.ROOT, "DG missed the EPS estimate by %.1f%% (2.13 vs 2.5318)", miss));
        });
        assertThat(alerts.get(0).text()).contains("finnhub");
    }
}
