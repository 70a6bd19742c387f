package dev.marketalerts.marketdata.finnhub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.marketdata.ApiKey;
import dev.marketalerts.marketdata.EarningsResult;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderHttp;
import dev.marketalerts.marketdata.http.Secrets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
                EarningsSession.AMC, "FY2020 Q1", new java.math.BigDecimal("4.5474"), new java.math.BigDecimal("4.99"), true, "finnhub"));
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
}
