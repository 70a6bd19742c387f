package dev.marketalerts.marketdata.finnhub;

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
import dev.marketalerts.marketdata.ApiKey;
import dev.marketalerts.marketdata.PriceData;
import dev.marketalerts.marketdata.PriceRequest;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderHttp;
import dev.marketalerts.marketdata.http.Secrets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FinnhubQuoteSourceTest {
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
    void quoteSendsSymbolAndTokenExactlyAsDocumented() throws Exception {
        serve("/quote", 200, "finnhub-quote-sample.json");

        new FinnhubQuoteSource(http, ProviderFixtures.base(wm), key).fetch(Instrument.equity("AAPL"), new PriceRequest(0, true, false, AS_OF));

        assertThat(wm.getAllServeEvents()).singleElement()
                .satisfies(e -> assertThat(e.getRequest().getUrl()).isEqualTo("/quote?symbol=AAPL&token=SECRET-KEY-123"));
        wm.verify(getRequestedFor(urlPathEqualTo("/quote")).withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void readsTheDocumentedQuote() throws Exception {
        serve("/quote", 200, "finnhub-quote-sample.json");

        PriceData data = new FinnhubQuoteSource(http, ProviderFixtures.base(wm), key).fetch(Instrument.equity("AAPL"),
                new PriceRequest(0, true, false, AS_OF));

        assertThat(data.bars()).isEmpty();
        assertThat(data.quote().price()).isEqualByComparingTo("261.74");
        assertThat(data.quote().asOf()).isEqualTo(Instant.ofEpochSecond(1582641000L));
        assertThat(data.previousClose()).isEqualByComparingTo("259.45");
    }

    @Test
    void anAllZeroQuoteIsNoDataNotAPriceOfZero() {
        serve("/quote", 200, "finnhub-quote-unknown-symbol-handmade.json");

        assertThatThrownBy(() -> new FinnhubQuoteSource(http, ProviderFixtures.base(wm), key).fetch(Instrument.equity("ZZZZ"),
                new PriceRequest(0, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NO_DATA);
                    assertThat(e.getMessage()).contains("all zeros");
                });
    }

    @Test
    void rateLimitBodyIsThrottled() {
        serve("/quote", 429, "finnhub-ratelimit-handmade.json");

        assertThatThrownBy(() -> new FinnhubQuoteSource(http, ProviderFixtures.base(wm), key).fetch(Instrument.equity("NVDA"),
                new PriceRequest(0, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
                    assertThat(e.getMessage()).contains("API limit reached").doesNotContain(ProviderFixtures.SECRET);
                });
    }

    @Test
    void withoutAKeyNothingIsSent() {
        assertThatThrownBy(() -> new FinnhubQuoteSource(http, ProviderFixtures.base(wm), ApiKey.none("finnhub", secrets))
                .fetch(Instrument.equity("NVDA"), new PriceRequest(0, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_CONFIGURED));
        assertThat(wm.getAllServeEvents()).isEmpty();
    }
}
