package dev.marketalerts.marketdata.fmp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.marketdata.ApiKey;
import dev.marketalerts.marketdata.EarningsResult;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.Recorded;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FmpEarningsSourceTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FmpEarningsSource source = new FmpEarningsSource(ProviderFixtures.http("fmp", ProviderFixtures.clockAt("2026-02-26T12:00:00Z")),
            ProviderFixtures.base(wm), ApiKey.of("fmp", ProviderFixtures.SECRET, new Secrets()));

    private static void serve(int status, String fixture) {
        wm.stubFor(get(urlPathEqualTo("/stable/earnings")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(ProviderFixtures.bytes(fixture))));
    }

    @Test
    void requestsStableEarningsPerSymbol() throws Exception {
        serve(200, "fmp-stable-earnings-handmade.json");

        source.fetch(Set.of("NVDA"), LocalDate.parse("2026-02-20"), LocalDate.parse("2026-03-05"), Instant.parse("2026-02-26T12:00:00Z"));

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/stable/earnings?symbol=NVDA&apikey=SECRET-KEY-123"));
        wm.verify(getRequestedFor(urlPathEqualTo("/stable/earnings")).withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void readsStableRowsWithoutATimeOfDay() throws Exception {
        serve(200, "fmp-stable-earnings-handmade.json");

        EarningsResult result = source.fetch(Set.of("NVDA"), LocalDate.parse("2026-02-20"), LocalDate.parse("2026-03-05"),
                Instant.parse("2026-02-26T12:00:00Z"));

        assertThat(result.events()).containsExactly(new EarningsEvent("NVDA", LocalDate.parse("2026-02-25"), EarningsSession.UNKNOWN, null,
                new BigDecimal("1.54"), new BigDecimal("1.62"), false, "fmp"));
    }

    @Test
    void readsTheRecordedLegacyRowShape() throws Exception {
        serve(200, "fmp-earnings-calendar-sample.json");

        EarningsResult result = source.fetch(Set.of("AAPL"), LocalDate.parse("2023-08-01"), LocalDate.parse("2023-11-30"),
                Instant.parse("2023-10-16T12:00:00Z"));

        assertThat(result.events()).containsExactlyInAnyOrder(
                new EarningsEvent("AAPL", LocalDate.parse("2023-08-03"), EarningsSession.AMC, "2023-07", new BigDecimal("1.19"),
                        new BigDecimal("1.26"), false, "fmp"),
                new EarningsEvent("AAPL", LocalDate.parse("2023-11-02"), EarningsSession.AMC, "2023-10", new BigDecimal("1.39"), null, false,
                        "fmp"));
    }

    @Test
    void legacyEndpoint403IsAFailureForThatSymbol() {
        serve(403, "fmp-legacy-endpoint-handmade.json");

        assertThatThrownBy(() -> source.fetch(Set.of("NVDA"), LocalDate.parse("2026-02-20"), LocalDate.parse("2026-03-05"),
                Instant.parse("2026-02-26T12:00:00Z")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CLIENT_ERROR);
                    assertThat(e.getMessage()).contains("Legacy Endpoint").doesNotContain(ProviderFixtures.SECRET);
                });
    }

    @Test
    void readsEveryRowOfTheRecordedStableAnswerWithNullsAsNoValue() throws Exception {
        serve(200, "real/fmp/stable-earnings-MSFT-2025-09-23.json");
        List<EarningsEvent> expected = new ArrayList<>();
        for (JsonNode row : Recorded.json("real/fmp/stable-earnings-MSFT-2025-09-23.json")) {
            expected.add(new EarningsEvent(row.path("symbol").asText(), LocalDate.parse(row.path("date").asText()), EarningsSession.UNKNOWN, null,
                    Recorded.decimal(row.path("epsEstimated")), Recorded.decimal(row.path("epsActual")), false, "fmp"));
        }

        EarningsResult result = source.fetch(Set.of("MSFT"), LocalDate.parse("2025-01-01"), LocalDate.parse("2026-12-31"),
                Instant.parse("2025-09-23T12:00:00Z"));

        assertThat(result.answered()).containsExactly("MSFT");
        assertThat(result.events()).hasSize(6).containsExactlyElementsOf(expected);
        assertThat(result.events()).extracting(EarningsEvent::date, EarningsEvent::epsEstimate, EarningsEvent::epsActual).contains(
                tuple(LocalDate.parse("2026-04-28"), null, null),
                tuple(LocalDate.parse("2025-10-29"), new BigDecimal("3.65"), null),
                tuple(LocalDate.parse("2025-07-30"), new BigDecimal("3.37"), new BigDecimal("3.65")));
    }
}
