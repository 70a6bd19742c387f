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
import dev.marketalerts.marketdata.Recorded;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderHttp;
import dev.marketalerts.marketdata.http.Secrets;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, symbol, price, printed at, previous close (empty: none; pc 0 is no previous close)
        "quote-TSLA-2020-03-27.json, TSLA, 517.96, 2020-03-27T08:02:17Z, ",
        "quote-RUBI-2020-03-27.json, RUBI, 6.06, 2020-03-27T08:11:36Z, 5.75",
        "quote-TPIC-2020-09-22.json, TPIC, 27.32, 2020-09-14T00:00:00Z, 27.12",
        "quote-MSFT-2020-03-13.json, MSFT, 155.25, 2020-03-13T04:00:00Z, 139.06",
    })
    void readsEveryRecordedQuoteExactly(String file, String symbol, BigDecimal price, Instant at, BigDecimal previousClose) throws Exception {
        serve("/quote", 200, "real/finnhub/" + file);
        JsonNode recorded = Recorded.json("real/finnhub/" + file);

        PriceData data = new FinnhubQuoteSource(http, ProviderFixtures.base(wm), key).fetch(Instrument.equity(symbol),
                new PriceRequest(0, true, false, AS_OF));

        assertThat(data.quote().price()).isEqualTo(price).isEqualTo(Recorded.decimal(recorded.path("c")));
        assertThat(data.quote().asOf()).isEqualTo(at).isEqualTo(Recorded.epochSecond(recorded.path("t")));
        assertThat(data.quote().provider()).isEqualTo("finnhub");
        assertThat(data.previousClose()).isEqualTo(previousClose);
        assertThat(data.bars()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "quote-DJI-2020-07-23.json | 200 | DJI  | NO_DATA   | empty quote (all zeros: unknown symbol or no data)",
        "quote-SQ-2020-04-01.json  | 200 | SQ   | NO_DATA   | no price: c is 0 (t 1585732150)",
        "ratelimit-2021-11-01.txt  | 429 | NVDA | THROTTLED | answered HTTP 429: API limit reached. Please try again later. Remaining Limit: 0 (attempt 2)",
    })
    void recordedEmptyZeroAndThrottledAnswersAreFailures(String file, int status, String symbol, Kind kind, String reason) {
        serve("/quote", status, "real/finnhub/" + file);

        assertThatThrownBy(() -> new FinnhubQuoteSource(http, ProviderFixtures.base(wm), key).fetch(Instrument.equity(symbol),
                new PriceRequest(0, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).startsWith("finnhub: " + symbol + ": ").endsWith(reason).doesNotContain(ProviderFixtures.SECRET);
                });
    }
}
