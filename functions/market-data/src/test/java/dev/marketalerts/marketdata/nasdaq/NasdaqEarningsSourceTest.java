package dev.marketalerts.marketdata.nasdaq;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.marketdata.EarningsResult;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.Recorded;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NasdaqEarningsSourceTest {
    private static final LocalDate JUL_2 = LocalDate.parse("2024-07-02");
    private static final Instant RECORDED = Instant.parse("2024-07-01T16:26:44Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final NasdaqEarningsSource source = new NasdaqEarningsSource(ProviderFixtures.http("nasdaq",
            ProviderFixtures.clockAt("2024-07-01T16:26:44Z")), ProviderFixtures.base(wm));

    private static void serve(String fixture) {
        wm.stubFor(get(urlPathEqualTo("/api/calendar/earnings")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(ProviderFixtures.bytes(fixture))));
    }

    @Test
    void sendsOneRequestForTheDateWithTheBrowserHeadersOfTheRecording() throws Exception {
        serve("real/nasdaq/nasdaq-2024-07-02-devs-sample.json");

        source.fetch(Set.of("MSM"), JUL_2, JUL_2, RECORDED);

        assertThat(wm.getAllServeEvents()).singleElement()
                .satisfies(e -> assertThat(e.getRequest().getUrl()).isEqualTo("/api/calendar/earnings?date=2024-07-02"));
        wm.verify(getRequestedFor(urlPathEqualTo("/api/calendar/earnings"))
                .withHeader("Accept", equalTo("application/json, text/plain, */*"))
                .withHeader("Accept-Encoding", equalTo("gzip"))
                .withHeader("Accept-Language", equalTo("en-CA,en-US;q=0.7,en;q=0.3"))
                .withHeader("Origin", equalTo("https://www.nasdaq.com"))
                .withHeader("Referer", equalTo("https://www.nasdaq.com/"))
                .withHeader("User-Agent", matching("Mozilla/5\\.0 .*")));
    }

    @Test
    void readsTheRecordedFutureDateRows() throws Exception {
        serve("real/nasdaq/nasdaq-2024-07-02-devs-sample.json");

        EarningsResult result = source.fetch(Set.of("MSM", "MANU", "SLP", "WDS", "NVDA"), JUL_2, JUL_2, RECORDED);

        assertThat(result.answered()).contains("NVDA");
        assertThat(result.events()).containsExactly(
                new EarningsEvent("WDS", JUL_2, EarningsSession.UNKNOWN, "2024-03", null, null, false, "nasdaq"),
                new EarningsEvent("MSM", JUL_2, EarningsSession.BMO, "2024-05", new BigDecimal("1.33"), null, false, "nasdaq"),
                new EarningsEvent("MANU", JUL_2, EarningsSession.UNKNOWN, "2024-03", new BigDecimal("-0.24"), null, false, "nasdaq"),
                new EarningsEvent("SLP", JUL_2, EarningsSession.AMC, "2024-05", new BigDecimal("0.17"), null, false, "nasdaq"));
    }

    @Test
    void readsPastDateRowsWithEpsAndSurprise() throws Exception {
        serve("nasdaq-earnings-past-date-handmade.json");
        LocalDate feb25 = LocalDate.parse("2026-02-25");

        EarningsResult result = source.fetch(Set.of("NVDA", "IREN", "CIFR"), feb25, feb25, Instant.parse("2026-02-26T12:00:00Z"));

        assertThat(result.events()).containsExactly(
                new EarningsEvent("NVDA", feb25, EarningsSession.AMC, "2026-01", new BigDecimal("1.54"), new BigDecimal("1.62"), false, "nasdaq"),
                new EarningsEvent("IREN", feb25, EarningsSession.BMO, "2025-12", null, new BigDecimal("-0.12"), false, "nasdaq"),
                new EarningsEvent("CIFR", feb25, EarningsSession.UNKNOWN, "2025-12", new BigDecimal("-0.05"), null, false, "nasdaq"));
    }

    @Test
    void dataNullIsAnErrorInsideA200() {
        serve("nasdaq-earnings-error-handmade.json");

        assertThatThrownBy(() -> source.fetch(Set.of("NVDA"), JUL_2, JUL_2, RECORDED))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PROVIDER_ERROR);
                    assertThat(e.getMessage()).contains("2024-07-02").contains("3004 Error while calling vendor");
                });
    }

    @Test
    void nullRowsAreAnEmptyDayAndWeekendsAreNotRequested() throws Exception {
        serve("nasdaq-earnings-rows-null-handmade.json");

        EarningsResult result = source.fetch(Set.of("NVDA"), LocalDate.parse("2024-07-05"), LocalDate.parse("2024-07-08"), RECORDED);

        assertThat(result.events()).isEmpty();
        assertThat(result.answered()).containsExactly("NVDA");
        assertThat(wm.getAllServeEvents()).extracting(e -> e.getRequest().getUrl()).containsExactlyInAnyOrder(
                "/api/calendar/earnings?date=2024-07-05", "/api/calendar/earnings?date=2024-07-08");
    }

    @Test
    void anUnparsableMoneyValueRejectsThePage() {
        wm.stubFor(get(urlPathEqualTo("/api/calendar/earnings")).willReturn(aResponse().withStatus(200).withBody(
                "{\"data\":{\"rows\":[{\"symbol\":\"NVDA\",\"time\":\"time-after-hours\",\"epsForecast\":\"about $1\"}]},\"status\":{}}")));

        assertThatThrownBy(() -> source.fetch(Set.of("NVDA"), JUL_2, JUL_2, RECORDED))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNPARSABLE);
                    assertThat(e.getMessage()).contains("\"about $1\"");
                });
    }

    /** Nasdaq's money text read on its own: {@code $1.74}, {@code ($0.32)}, and {@code ""}/{@code N/A} for none. */
    private static BigDecimal money(String text) {
        if (text.isEmpty() || text.equals("N/A")) {
            return null;
        }
        BigDecimal value = new BigDecimal(text.replaceAll("[$(),]", ""));
        return text.startsWith("(") ? value.negate() : value;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, date, recorded at, rows, first row: symbol, session, estimate (empty: none), fiscal quarter; a negative estimate
        "nasdaq-2023-11-13.json, 2023-11-13, 2023-11-13T17:25:07Z, 365, MUFG, UNKNOWN, 0.16, 2023-09, ROIV, -0.32",
        "nasdaq-2024-07-02-devs-sample.json, 2024-07-02, 2024-07-01T16:26:44Z, 22, WDS, UNKNOWN, , 2024-03, MANU, -0.24",
    })
    void readsEveryRowOfEveryRecordedPageUnconfirmed(String file, LocalDate date, Instant recorded, int count, String firstSymbol,
            EarningsSession firstSession, BigDecimal firstEstimate, String firstQuarter, String negativeSymbol, BigDecimal negativeEstimate)
            throws Exception {
        serve("real/nasdaq/" + file);
        Set<String> symbols = new LinkedHashSet<>();
        List<EarningsEvent> expected = new ArrayList<>();
        for (JsonNode row : Recorded.json("real/nasdaq/" + file).path("data").path("rows")) {
            EarningsSession session = switch (row.path("time").asText()) {
                case "time-pre-market" -> EarningsSession.BMO;
                case "time-after-hours" -> EarningsSession.AMC;
                default -> EarningsSession.UNKNOWN;
            };
            String quarter = YearMonth.parse(row.path("fiscalQuarterEnding").asText(), DateTimeFormatter.ofPattern("MMM/yyyy", Locale.ENGLISH))
                    .toString();
            symbols.add(row.path("symbol").asText());
            expected.add(new EarningsEvent(row.path("symbol").asText(), date, session, quarter, money(row.path("epsForecast").asText()), null,
                    false, "nasdaq"));
        }

        EarningsResult result = source.fetch(symbols, date, date, recorded);

        assertThat(result.events()).hasSize(count).containsExactlyElementsOf(expected);
        assertThat(result.events().get(0)).isEqualTo(new EarningsEvent(firstSymbol, date, firstSession, firstQuarter, firstEstimate, null, false,
                "nasdaq"));
        assertThat(result.events()).filteredOn(e -> e.symbol().equals(negativeSymbol)).singleElement()
                .extracting(EarningsEvent::epsEstimate).isEqualTo(negativeEstimate);
        assertThat(result.answered()).isEqualTo(symbols);
        assertThat(result.warnings()).isEmpty();
    }
}
