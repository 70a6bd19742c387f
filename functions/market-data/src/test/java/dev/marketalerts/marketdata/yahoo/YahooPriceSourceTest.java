package dev.marketalerts.marketdata.yahoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.marketdata.PriceData;
import dev.marketalerts.marketdata.PriceRequest;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.http.ProviderException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YahooPriceSourceTest {
    private static final Instant AS_OF = Instant.parse("2026-02-12T20:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private YahooPriceSource source() {
        return new YahooPriceSource(ProviderFixtures.http("yahoo", ProviderFixtures.clockAt("2026-02-12T20:00:00Z")), ProviderFixtures.base(wm));
    }

    private static void serve(String path, int status, String fixture) {
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json;charset=utf-8").withBody(ProviderFixtures.bytes(fixture))));
    }

    @Test
    void sendsTheDocumentedChartRequestWithABrowserUserAgent() throws Exception {
        serve("/v8/finance/chart/NVDA", 200, "yahoo-chart-nvda-handmade.json");

        source().fetch(Instrument.equity("NVDA"), new PriceRequest(3, true, false, AS_OF));

        assertThat(wm.getAllServeEvents()).singleElement()
                .satisfies(e -> assertThat(e.getRequest().getUrl()).isEqualTo("/v8/finance/chart/NVDA?range=5d&interval=1d"));
        wm.verify(getRequestedFor(urlPathEqualTo("/v8/finance/chart/NVDA"))
                .withHeader("User-Agent", matching("Mozilla/5\\.0 .*Chrome/.*"))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void readsEquityBarsAsExchangeDatesSkippingNullsAndKeepingTheSessionInProgress() throws Exception {
        serve("/v8/finance/chart/NVDA", 200, "yahoo-chart-nvda-handmade.json");

        PriceData data = source().fetch(Instrument.equity("NVDA"), new PriceRequest(3, true, false, AS_OF));

        assertThat(data.bars()).extracting(DailyBar::date).containsExactly(
                LocalDate.parse("2026-02-06"), LocalDate.parse("2026-02-09"), LocalDate.parse("2026-02-11"), LocalDate.parse("2026-02-12"));
        assertThat(data.bars()).extracting(DailyBar::close).containsExactly(
                new BigDecimal("185.41"), new BigDecimal("190.04"), new BigDecimal("190.05"), new BigDecimal("186.94"));
        assertThat(data.bars().get(0).volume()).isEqualTo(231346200L);
        assertThat(data.bars().get(0).high()).isEqualByComparingTo("187.00");
        assertThat(data.warnings()).singleElement().asString().contains("skipped 1 daily bar");
        assertThat(data.quote().price()).isEqualByComparingTo("186.94");
        assertThat(data.quote().asOf()).isEqualTo(Instant.ofEpochSecond(1770926340L));
        assertThat(data.quote().provider()).isEqualTo("yahoo");
    }

    @Test
    void readsTheRecordedBitcoinChart() throws Exception {
        serve("/v8/finance/chart/BTC-USD", 200, "yahoo-chart-btc-usd-sample.json");

        PriceData data = source().fetch(Instrument.crypto("BTC-USD"), new PriceRequest(0, true, false, Instant.parse("2025-02-19T05:10:00Z")));

        assertThat(wm.getAllServeEvents().get(0).getRequest().getUrl()).isEqualTo("/v8/finance/chart/BTC-USD?range=1d&interval=1d");
        assertThat(data.bars()).singleElement().satisfies(b -> {
            assertThat(b.date()).isEqualTo(LocalDate.parse("2025-02-19"));
            assertThat(b.close()).isEqualByComparingTo("95219.02");
            assertThat(b.open()).isEqualByComparingTo("95607.87");
            assertThat(b.volume()).isEqualTo(38503645184L);
        });
        assertThat(data.quote().price()).isEqualByComparingTo("95219.02");
        assertThat(data.quote().asOf()).isEqualTo(Instant.ofEpochSecond(1739941320L));
        assertThat(data.previousClose()).isEqualByComparingTo("95607.87");
    }

    @Test
    void recordedNotFoundErrorIsNoDataForThatSymbol() {
        serve("/v8/finance/chart/XXXX", 404, "yahoo-chart-error-sample.json");

        assertThatThrownBy(() -> source().fetch(Instrument.equity("XXXX"), new PriceRequest(3, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.NO_DATA);
                    assertThat(e.getMessage()).startsWith("yahoo: XXXX:").contains("HTTP 404").contains("symbol may be delisted");
                });
    }

    @Test
    void chartErrorInsideA200IsAnError() {
        serve("/v8/finance/chart/XXXX", 200, "yahoo-chart-error-sample.json");

        assertThatThrownBy(() -> source().fetch(Instrument.equity("XXXX"), new PriceRequest(3, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("chart.error Not Found"));
    }

    @Test
    void rejectsQuoteArraysWhoseLengthDiffersFromTheTimestamps() {
        serve("/v8/finance/chart/NVDA", 200, "yahoo-chart-length-mismatch-handmade.json");

        assertThatThrownBy(() -> source().fetch(Instrument.equity("NVDA"), new PriceRequest(3, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNPARSABLE);
                    assertThat(e.getMessage()).contains("close has 4 values for 5 timestamps");
                });
    }

    @Test
    void anHtmlPageIsUnparsable() {
        wm.stubFor(get(urlPathEqualTo("/v8/finance/chart/NVDA")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Please enable JavaScript</body></html>")));

        assertThatThrownBy(() -> source().fetch(Instrument.equity("NVDA"), new PriceRequest(3, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNPARSABLE);
                    assertThat(e.getMessage()).contains("not JSON");
                });
    }

    @ParameterizedTest
    @CsvSource({
        "US_EQUITY, 0, false, 1d",
        "US_EQUITY, 2, false, 5d",
        "US_EQUITY, 15, false, 1mo",
        "US_EQUITY, 50, false, 3mo",
        "US_EQUITY, 60, false, 6mo",
        "US_EQUITY, 200, false, 1y",
        "US_EQUITY, 260, false, 2y",
        "US_EQUITY, 260, true, 5d",
        "CRYPTO, 27, false, 1mo",
        "CRYPTO, 30, false, 3mo",
        "CRYPTO, 365, false, 2y",
    })
    void choosesTheSmallestRangeThatHoldsTheSessionsNeeded(Market market, int bars, boolean refresh, String range) {
        assertThat(YahooPriceSource.rangeFor(market, new PriceRequest(bars, true, refresh, AS_OF))).isEqualTo(range);
    }
}
