package dev.marketalerts.marketdata.coinbase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.marketdata.PriceData;
import dev.marketalerts.marketdata.PriceRequest;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.Recorded;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoinbaseSpotSourceTest {
    private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final CoinbaseSpotSource source = new CoinbaseSpotSource(ProviderFixtures.http("coinbase",
            ProviderFixtures.clockAt("2025-03-10T12:00:00Z")), ProviderFixtures.base(wm));

    @Test
    void requestsTheSpotPriceOfThePairAndStampsItWithTheTimeOfReceipt() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/v2/prices/BTC-USD/spot")).willReturn(aResponse().withStatus(200)
                .withBody(ProviderFixtures.bytes("coinbase-spot-price-sample.json"))));

        PriceData data = source.fetch(Instrument.crypto("BTC-USD"), new PriceRequest(0, true, false, NOW));

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl()).isEqualTo("/v2/prices/BTC-USD/spot"));
        wm.verify(getRequestedFor(urlPathEqualTo("/v2/prices/BTC-USD/spot")).withHeader("Accept", equalTo("application/json")));
        assertThat(data.quote().price()).isEqualByComparingTo("83894.035");
        assertThat(data.quote().asOf()).isEqualTo(NOW);
        assertThat(data.bars()).isEmpty();
    }

    @Test
    void errorsArrayIsAFailure() {
        wm.stubFor(get(urlPathEqualTo("/v2/prices/FOO-USD/spot")).willReturn(aResponse().withStatus(200)
                .withBody("{\"errors\":[{\"id\":\"not_found\",\"message\":\"Invalid base currency\"}]}")));

        assertThatThrownBy(() -> source.fetch(Instrument.crypto("FOO-USD"), new PriceRequest(0, true, false, NOW)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NO_DATA);
                    assertThat(e.getMessage()).contains("Invalid base currency");
                });
    }

    private static void serveAnyPair(int status, String file) {
        wm.stubFor(get(urlPathMatching("/v2/prices/.*")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(ProviderFixtures.bytes("real/coinbase/" + file))));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource({
        "spot-BTC-USD-book-transcript.json, BTC-USD, 9161.25",
        "spot-ETH-USD-curl-transcript.json, ETH-USD, 2723.905",
        "sell-BTC-USD-with-warnings-2017.json, BTC-USD, 15688.15",
    })
    void readsEveryRecordedPriceOfThePairAskedFor(String file, String pair, BigDecimal amount) throws Exception {
        serveAnyPair(200, file);

        PriceData data = source.fetch(Instrument.crypto(pair), new PriceRequest(0, true, false, NOW));

        assertThat(data.quote().price()).isEqualTo(amount).isEqualTo(Recorded.decimal(Recorded.json("real/coinbase/" + file)
                .path("data").path("amount")));
        assertThat(data.quote().asOf()).isEqualTo(NOW);
        assertThat(data.previousClose()).isNull();
    }

    @ParameterizedTest(name = "{0} ({1}) for {2}")
    @CsvSource(delimiter = '|', value = {
        "sell-BTC-USD-with-warnings-2017.json    | 200 | LTC-USD | PROVIDER_ERROR | coinbase: LTC-USD: the answer is for BTC-USD, not LTC-USD",
        "error-invalid_request-ccxt-2021-02.json | 200 | BTC-USD | PROVIDER_ERROR | coinbase: BTC-USD: invalid_request: Invalid currency (USD)",
        "error-invalid_request-ccxt-2021-02.json | 400 | BTC-USD | CLIENT_ERROR   | "
                + "answered HTTP 400: {\"errors\":[{\"id\":\"invalid_request\",\"message\":\"Invalid currency (USD)\"}]}",
    })
    void recordedErrorsAndAnswersForAnotherPairAreFailures(String file, int status, String pair, Kind kind, String reason) {
        serveAnyPair(status, file);

        assertThatThrownBy(() -> source.fetch(Instrument.crypto(pair), new PriceRequest(0, true, false, NOW)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).startsWith("coinbase: " + pair + ": ").endsWith(reason);
                });
    }

    @Test
    void anAnswerThatNamesNoPairIsAFailure() {
        wm.stubFor(get(urlPathEqualTo("/v2/prices/BTC-USD/spot")).willReturn(aResponse().withStatus(200)
                .withBody("{\"data\":{\"amount\":\"83894.035\"}}")));

        assertThatThrownBy(() -> source.fetch(Instrument.crypto("BTC-USD"), new PriceRequest(0, true, false, NOW)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("coinbase: BTC-USD: the answer names no pair (no data.base and data.currency)"));
    }
}
