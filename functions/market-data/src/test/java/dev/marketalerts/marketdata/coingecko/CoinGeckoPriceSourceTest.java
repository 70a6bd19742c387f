package dev.marketalerts.marketdata.coingecko;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.marketdata.ApiKey;
import dev.marketalerts.marketdata.PriceData;
import dev.marketalerts.marketdata.PriceRequest;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.Recorded;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.RetryPolicy;
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoinGeckoPriceSourceTest {
    private static final Instant AS_OF = Instant.parse("2024-04-01T15:05:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final Secrets secrets = new Secrets();

    private CoinGeckoPriceSource source(ApiKey key) {
        return new CoinGeckoPriceSource(ProviderFixtures.http("coingecko", Duration.ofSeconds(2), new RetryPolicy(1, Duration.ZERO,
                Duration.ZERO, Duration.ZERO), new ProviderFixtures.FakeTime(), ProviderFixtures.clockAt("2024-04-01T15:05:00Z"), secrets),
                ProviderFixtures.base(wm), key);
    }

    private static void serve(String path, int status, String fixture) {
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(ProviderFixtures.bytes(fixture))));
    }

    @Test
    void simplePriceRequestIsTheDocumentedOneWithoutAKeyHeaderWhenKeyless() throws Exception {
        serve("/simple/price", 200, "coingecko-simple-price-sample.json");

        source(ApiKey.none("coingecko", secrets)).fetch(Instrument.crypto("BTC-USD"), new PriceRequest(0, true, false, AS_OF));

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/simple/price?ids=bitcoin&vs_currencies=usd&include_24hr_change=true&include_last_updated_at=true"));
        wm.verify(getRequestedFor(urlPathEqualTo("/simple/price")).withHeader("x-cg-demo-api-key", absent())
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void aDemoKeyGoesInTheHeaderNotTheUrl() throws Exception {
        serve("/simple/price", 200, "coingecko-simple-price-sample.json");

        source(ApiKey.of("coingecko", ProviderFixtures.SECRET, secrets)).fetch(Instrument.crypto("BTC-USD"),
                new PriceRequest(0, true, false, AS_OF));

        wm.verify(getRequestedFor(urlPathEqualTo("/simple/price")).withHeader("x-cg-demo-api-key", equalTo(ProviderFixtures.SECRET)));
        assertThat(wm.getAllServeEvents().get(0).getRequest().getUrl()).doesNotContain(ProviderFixtures.SECRET);
    }

    @Test
    void readsTheDocumentedSimplePrice() throws Exception {
        serve("/simple/price", 200, "coingecko-simple-price-sample.json");

        PriceData data = source(ApiKey.none("coingecko", secrets)).fetch(Instrument.crypto("BTC-USD"), new PriceRequest(0, true, false, AS_OF));

        assertThat(data.quote().price()).isEqualByComparingTo("67187.3358936566");
        assertThat(data.quote().asOf()).isEqualTo(Instant.ofEpochSecond(1711356300L));
        // 67187.34 / (1 + 3.637%) is the price 24 hours earlier
        assertThat(data.previousClose()).isBetween(new BigDecimal("64829"), new BigDecimal("64830"));
    }

    @Test
    void aPriceWithoutItsChangeIsStale() {
        serve("/simple/price", 200, "coingecko-simple-price-stale-handmade.json");

        assertThatThrownBy(() -> source(ApiKey.none("coingecko", secrets)).fetch(Instrument.crypto("BTC-USD"),
                new PriceRequest(0, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.STALE));
    }

    @Test
    void marketChartMillisecondPointsBecomeDailyClosesWithTheLastPointAsToday() throws Exception {
        serve("/coins/bitcoin/market_chart", 200, "coingecko-market-chart-sample.json");

        PriceData data = source(ApiKey.none("coingecko", secrets)).fetch(Instrument.crypto("BTC-USD"), new PriceRequest(2, false, false, AS_OF));

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/coins/bitcoin/market_chart?vs_currency=usd&days=3&interval=daily"));
        assertThat(data.bars()).containsExactly(
                DailyBar.close(LocalDate.parse("2024-03-30"), new BigDecimal("69702.3087473573")),
                DailyBar.close(LocalDate.parse("2024-03-31"), new BigDecimal("71246.9514406015")),
                DailyBar.close(LocalDate.parse("2024-04-01"), new BigDecimal("68887.7495158568")));
    }

    @Test
    void rateLimitedAnswerIsThrottled() {
        serve("/simple/price", 429, "coingecko-ratelimit-handmade.json");

        assertThatThrownBy(() -> source(ApiKey.none("coingecko", secrets)).fetch(Instrument.crypto("BTC-USD"),
                new PriceRequest(0, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
                    assertThat(e.getMessage()).contains("exceeded the Rate Limit");
                });
    }

    @Test
    void unknownCoinsAreNotCovered() {
        assertThat(source(ApiKey.none("coingecko", secrets)).covers(Instrument.crypto("FOO-USD"))).isFalse();
        assertThat(source(ApiKey.none("coingecko", secrets)).covers(Instrument.equity("NVDA"))).isFalse();
        assertThat(source(ApiKey.none("coingecko", secrets)).covers(Instrument.crypto("ETH-EUR"))).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "BTC-USD, bitcoin, 103663, 2025-05-16T15:04:19Z",
        "ETH-USD, ethereum, 2587.79, 2025-05-16T15:04:28Z",
    })
    void readsTheRecordedSimplePriceOfEachCoin(String symbol, String id, BigDecimal price, Instant at) throws Exception {
        serve("/simple/price", 200, "real/coingecko/simple_price-bitcoin-ethereum-2025-05-16.json");
        JsonNode coin = Recorded.json("real/coingecko/simple_price-bitcoin-ethereum-2025-05-16.json").path(id);

        PriceData data = source(ApiKey.none("coingecko", secrets)).fetch(Instrument.crypto(symbol), new PriceRequest(0, true, false, AS_OF));

        assertThat(data.quote().price()).isEqualTo(price).isEqualTo(Recorded.decimal(coin.path("usd")));
        assertThat(data.quote().asOf()).isEqualTo(at).isEqualTo(Recorded.epochSecond(coin.path("last_updated_at")));
        // the price 24 hours earlier, grown by the recorded change, is the price again
        BigDecimal grown = data.previousClose().multiply(BigDecimal.ONE.add(Recorded.decimal(coin.path("usd_24h_change")).movePointLeft(2)));
        assertThat(grown.subtract(price).abs().divide(price, MathContext.DECIMAL64)).isLessThan(new BigDecimal("1e-14"));
    }

    @Test
    void readsTheRecordedMarketChartExactlyWithMidnightPointsClosingThePreviousDay() throws Exception {
        serve("/coins/bitcoin/market_chart", 200, "real/coingecko/market_chart-alephium-btc-alephium-explorer.json");
        List<BigDecimal> prices = new ArrayList<>();
        Recorded.json("real/coingecko/market_chart-alephium-btc-alephium-explorer.json").path("prices")
                .forEach(p -> prices.add(Recorded.decimal(p.get(1))));

        PriceData data = source(ApiKey.none("coingecko", secrets)).fetch(Instrument.crypto("BTC-USD"), new PriceRequest(5, false, false, AS_OF));

        assertThat(data.bars()).extracting(DailyBar::date).containsExactly(LocalDate.parse("2023-12-08"), LocalDate.parse("2023-12-09"),
                LocalDate.parse("2023-12-10"), LocalDate.parse("2023-12-11"), LocalDate.parse("2023-12-12"), LocalDate.parse("2023-12-13"));
        assertThat(data.bars()).extracting(DailyBar::close).containsExactlyElementsOf(prices)
                .first().isEqualTo(new BigDecimal("1.6446899669484214e-05"));
        assertThat(data.bars()).allSatisfy(b -> assertThat(b.open()).isNull());
        assertThat(data.quote()).isNull();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(delimiter = '|', value = {
        "429 | GET http://127.0.0.1:PORT/simple/price?ids=bitcoin&vs_currencies=usd&include_24hr_change=true&include_last_updated_at=true"
                + " answered HTTP 429 (Retry-After 119s): {\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate"
                + " Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.\"}}",
        "200 | error 429: You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API"
                + " plans for higher rate limits.",
    })
    void theRecordedRateLimitIsThrottledWithItsRetryAfter(int status, String reason) {
        wm.stubFor(get(urlPathEqualTo("/simple/price")).willReturn(aResponse().withStatus(status).withHeader("retry-after", "119")
                .withHeader("Content-Type", "application/json").withBody(ProviderFixtures.bytes("real/coingecko/ratelimit-429-2022-09-29.json"))));

        assertThatThrownBy(() -> source(ApiKey.none("coingecko", secrets)).fetch(Instrument.crypto("BTC-USD"),
                new PriceRequest(0, true, false, AS_OF)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
                    assertThat(e.getMessage()).isEqualTo("coingecko: BTC-USD: " + reason.replace("PORT", Integer.toString(wm.getPort())));
                    assertThat(e.retryAfter()).isEqualTo(status == 429 ? Duration.ofSeconds(119) : null);
                });
    }
}
