package dev.marketalerts.marketdata.coinbase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.marketdata.PriceData;
import dev.marketalerts.marketdata.PriceRequest;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
}
