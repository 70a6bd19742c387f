package dev.marketalerts.marketdata.factory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.config.ProviderSettings;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.marketdata.DailyHistoryCache;
import dev.marketalerts.marketdata.FallbackEarningsCalendar;
import dev.marketalerts.marketdata.FallbackPriceFeed;
import dev.marketalerts.marketdata.KeyResolver;
import dev.marketalerts.marketdata.MarketDataOptions;
import dev.marketalerts.marketdata.ProviderFixtures.FakeTime;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.http.RateLimiter.Limit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chains as the CLI and the Lambdas build them, against WireMock standing in for every provider. */
class MarketDataFactoryTest {
    private static final String SECRET = ProviderFixtures.SECRET;
    private static final Instant AS_OF = Instant.parse("2026-02-12T20:00:00Z");
    private static final Clock CLOCK = ProviderFixtures.clockAt("2026-02-12T20:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime();
    private final Logger logger = Logger.getLogger("dev.marketalerts.marketdata");
    private final List<LogRecord> logs = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
    }

    private MarketDataOptions options() {
        return MarketDataOptions.defaults().withDefaultTimeout(Duration.ofSeconds(2)).withTime(time, time, () -> 0.5).withConcurrency(1)
                .withHistoryCache(new DailyHistoryCache());
    }

    private ProvidersConfig config(List<String> prices, List<String> crypto, List<String> earnings, Map<String, String> keys,
            Map<String, Duration> timeouts) {
        Map<String, ProviderSettings> settings = new HashMap<>();
        for (String name : ProvidersConfig.KNOWN) {
            settings.put(name, new ProviderSettings(name, ProviderFixtures.base(wm), timeouts.get(name), keys.get(name)));
        }
        return new ProvidersConfig(prices, crypto, earnings, settings);
    }

    private static String freshFinnhubQuote(String price) {
        return "{\"c\":" + price + ",\"d\":1.1,\"dp\":0.6,\"h\":190,\"l\":185,\"o\":186,\"pc\":185.5,\"t\":" + AS_OF.minusSeconds(30).getEpochSecond() + "}";
    }

    private List<String> logLines() {
        return logs.stream().map(LogRecord::getMessage).toList();
    }

    @Test
    void withTheKeylessDefaultsAFailingYahooLeavesKeyedProvidersSkippedWithANote() {
        wm.stubFor(get(urlPathMatching("/v8/finance/chart/.*")).willReturn(aResponse().withStatus(503)));
        MarketDataFactory factory = new MarketDataFactory(config(ProvidersConfig.DEFAULT_PRICES, ProvidersConfig.DEFAULT_CRYPTO,
                ProvidersConfig.DEFAULT_EARNINGS, Map.of(), Map.of()), KeyResolver.LOCAL, CLOCK, options());

        Fetched<MarketSnapshot> f = factory.priceFeed().snapshots(List.of(Instrument.equity("NVDA")), 20, AS_OF).get("NVDA");

        assertThat(f).isInstanceOfSatisfying(Fetched.Failed.class, failed -> assertThat(failed.reason())
                .contains("yahoo: NVDA: GET " + ProviderFixtures.base(wm) + "/v8/finance/chart/NVDA?range=3mo&interval=1d answered HTTP 503 (attempt 2)")
                .contains("finnhub: no api-key configured; skipped")
                .contains("alphavantage: no api-key configured; skipped"));
        wm.verify(2, getRequestedFor(urlPathEqualTo("/v8/finance/chart/NVDA")));
        assertThat(time.sleeps).as("one jittered backoff between the two attempts").containsExactly(Duration.ofMillis(125));
    }

    @Test
    void aHangingYahooFallsBackToFinnhubWithAKeyFromTheResolverAndTheKeyIsNeverShown() {
        wm.stubFor(get(urlPathMatching("/v8/finance/chart/.*")).willReturn(okJson("{}").withFixedDelay(1000)));
        wm.stubFor(get(urlPathEqualTo("/quote")).willReturn(okJson(freshFinnhubQuote("186.94"))));
        KeyResolver ssm = ref -> ref.equals("ssm:/alerts/finnhub") ? SECRET : null;
        MarketDataFactory factory = new MarketDataFactory(config(List.of("yahoo", "finnhub"), List.of(), List.of(),
                Map.of("finnhub", "ssm:/alerts/finnhub"), Map.of("yahoo", Duration.ofMillis(200))), ssm, CLOCK, options());

        Fetched<MarketSnapshot> f = factory.priceFeed().snapshots(List.of(Instrument.equity("NVDA")), 0, AS_OF).get("NVDA");

        assertThat(f).isInstanceOfSatisfying(Fetched.Ok.class, ok -> {
            MarketSnapshot s = (MarketSnapshot) ok.value();
            assertThat(s.quote().provider()).isEqualTo("finnhub");
            assertThat(s.quote().price()).isEqualByComparingTo("186.94");
            assertThat(ok.warnings()).anySatisfy(w -> assertThat(w.toString()).contains("yahoo: NVDA: no answer within 200ms"));
            assertThat(ok.warnings()).noneSatisfy(w -> assertThat(w.toString()).contains(SECRET));
        });
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v8/finance/chart/NVDA")));
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/quote")))).singleElement()
                .satisfies(r -> assertThat(r.getUrl()).isEqualTo("/quote?symbol=NVDA&token=" + SECRET));
        assertThat(logLines()).anySatisfy(l -> assertThat(l).contains("/quote?symbol=NVDA&token=***"));
        assertThat(logLines()).noneSatisfy(l -> assertThat(l).contains(SECRET));
    }

    @Test
    void anApiKeyNeverAppearsInAFailureReasonOrALogLine() {
        wm.stubFor(get(urlPathEqualTo("/quote")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"Invalid API key: " + SECRET + "\"}")));
        wm.stubFor(get(urlPathEqualTo("/query")).willReturn(aResponse().withStatus(500)
                .withBody("Internal error for apikey=" + SECRET)));
        wm.stubFor(get(urlPathEqualTo("/calendar/earnings")).willReturn(aResponse().withStatus(403)
                .withBody("{\"error\":\"You don't have access. token " + SECRET + "\"}")));
        MarketDataFactory factory = new MarketDataFactory(config(List.of("finnhub", "alphavantage"), List.of(), List.of("finnhub", "alphavantage"),
                Map.of("finnhub", SECRET, "alphavantage", SECRET), Map.of()), KeyResolver.LOCAL, CLOCK, options());

        Fetched<MarketSnapshot> prices = factory.priceFeed().snapshots(List.of(Instrument.equity("NVDA")), 5, AS_OF).get("NVDA");
        Fetched<List<EarningsEvent>> earnings = factory.earningsCalendar().events(Set.of("NVDA"), LocalDate.parse("2026-02-20"),
                LocalDate.parse("2026-02-27"), AS_OF);

        assertThat(prices).isInstanceOfSatisfying(Fetched.Failed.class, failed -> assertThat(failed.reason())
                .contains("token=***").contains("apikey=***").contains("Invalid API key: ***").doesNotContain(SECRET));
        assertThat(earnings).isInstanceOfSatisfying(Fetched.Failed.class, failed -> assertThat(failed.reason())
                .contains("HTTP 403").doesNotContain(SECRET));
        assertThat(logs).isNotEmpty();
        assertThat(logLines()).noneSatisfy(l -> assertThat(l).contains(SECRET));
        assertThat(factory.redact("https://x/?token=" + SECRET)).isEqualTo("https://x/?token=***");
    }

    @Test
    void aKeyReferenceOutsideLambdaSkipsTheProviderWithAReason() {
        wm.stubFor(get(urlPathMatching("/v8/finance/chart/.*")).willReturn(aResponse().withStatus(429).withBody("Edge: Too Many Requests")
                .withHeader("Retry-After", "600")));
        MarketDataFactory factory = new MarketDataFactory(config(List.of("yahoo", "finnhub"), List.of(), List.of(),
                Map.of("finnhub", "secret:alerts/finnhub"), Map.of()), KeyResolver.LOCAL, CLOCK, options());

        Fetched<MarketSnapshot> f = factory.priceFeed().snapshots(List.of(Instrument.equity("NVDA")), 0, AS_OF).get("NVDA");

        assertThat(f).isInstanceOfSatisfying(Fetched.Failed.class, failed -> assertThat(failed.reason())
                .contains("HTTP 429 (Retry-After 600s): Edge: Too Many Requests")
                .contains("finnhub: api-key secret:alerts/finnhub could not be resolved"));
        assertThat(factory.breaker("yahoo").openUntil()).as("a Retry-After too long to wait for is honoured by not calling")
                .isEqualTo(AS_OF.plusSeconds(600));
    }

    @Test
    void repeatedFailuresOpenTheProvidersCircuitAcrossSymbols() {
        wm.stubFor(get(urlPathMatching("/v8/finance/chart/.*")).willReturn(aResponse().withStatus(500)));
        wm.stubFor(get(urlPathEqualTo("/quote")).willReturn(okJson(freshFinnhubQuote("100"))));
        MarketDataFactory factory = new MarketDataFactory(config(List.of("yahoo", "finnhub"), List.of(), List.of(), Map.of("finnhub", "k"),
                Map.of()), KeyResolver.LOCAL, CLOCK, options().withRetry(new dev.marketalerts.marketdata.http.RetryPolicy(1, Duration.ZERO,
                Duration.ZERO, Duration.ZERO)));
        List<Instrument> five = List.of("NVDA", "MSFT", "META", "AMZN", "IREN").stream().map(Instrument::equity).toList();

        Map<String, Fetched<MarketSnapshot>> out = factory.priceFeed().snapshots(five, 0, AS_OF);

        assertThat(out.values()).allSatisfy(f -> assertThat(f).isInstanceOf(Fetched.Ok.class));
        assertThat(wm.findAll(getRequestedFor(urlPathMatching("/v8/finance/chart/.*")))).as("default threshold 3").hasSize(3);
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/quote")))).hasSize(5);
    }

    @Test
    void theRateLimitStopsRequestsBeyondTheBudget() {
        wm.stubFor(get(urlPathEqualTo("/query")).willReturn(okJson(ProviderFixtures.text("real/alphavantage/global_quote-MSFT-2018-10-05.json"))));
        MarketDataOptions oneADay = options().withRateLimits(Map.of("alphavantage", List.of(Limit.perDay(1))));
        MarketDataFactory factory = new MarketDataFactory(config(List.of("alphavantage"), List.of(), List.of(), Map.of("alphavantage", "k"),
                Map.of()), KeyResolver.LOCAL, ProviderFixtures.clockAt("2018-10-05T21:00:00Z"), oneADay);

        Map<String, Fetched<MarketSnapshot>> out = factory.priceFeed().snapshots(List.of(Instrument.equity("MSFT"), Instrument.equity("AAPL")), 0,
                Instant.parse("2018-10-05T21:00:00Z"));

        assertThat(out.get("MSFT")).isInstanceOf(Fetched.Ok.class);
        assertThat(out.get("AAPL")).isInstanceOfSatisfying(Fetched.Failed.class, failed -> assertThat(failed.reason())
                .contains("request budget (1 per day) used up"));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/query")));
    }

    @Test
    void bitcoinComesFromCoinGeckoFirst() {
        wm.stubFor(get(urlPathEqualTo("/simple/price")).willReturn(okJson(ProviderFixtures.text("coingecko-simple-price-sample.json"))));
        MarketDataFactory factory = new MarketDataFactory(config(ProvidersConfig.DEFAULT_PRICES, ProvidersConfig.DEFAULT_CRYPTO,
                ProvidersConfig.DEFAULT_EARNINGS, Map.of(), Map.of()), KeyResolver.LOCAL, ProviderFixtures.clockAt("2024-03-25T08:50:00Z"), options());

        Fetched<MarketSnapshot> f = factory.priceFeed().snapshots(List.of(Instrument.crypto("BTC-USD")), 0, Instant.parse("2024-03-25T08:50:00Z"))
                .get("BTC-USD");

        assertThat(f).isInstanceOfSatisfying(Fetched.Ok.class, ok -> assertThat(((MarketSnapshot) ok.value()).quote().provider())
                .isEqualTo("coingecko"));
        assertThat(wm.findAll(getRequestedFor(urlPathMatching("/v8/.*")))).isEmpty();
    }

    @Test
    void nasdaqErrorInsideA200FallsBackToFinnhubsCalendar() {
        wm.stubFor(get(urlPathEqualTo("/api/calendar/earnings")).willReturn(okJson(ProviderFixtures.text("nasdaq-earnings-error-handmade.json"))));
        wm.stubFor(get(urlPathEqualTo("/calendar/earnings")).willReturn(okJson(
                "{\"earningsCalendar\":[{\"date\":\"2026-02-25\",\"epsActual\":null,\"epsEstimate\":1.5361,\"hour\":\"amc\",\"quarter\":4,"
                        + "\"revenueActual\":null,\"revenueEstimate\":65600000000,\"symbol\":\"NVDA\",\"year\":2026}]}")));
        MarketDataFactory factory = new MarketDataFactory(config(List.of(), List.of(), ProvidersConfig.DEFAULT_EARNINGS,
                Map.of("finnhub", "k"), Map.of()), KeyResolver.LOCAL, CLOCK, options().withCrossCheckEarnings(false));

        Fetched<List<EarningsEvent>> f = factory.earningsCalendar().events(Set.of("NVDA"), LocalDate.parse("2026-02-20"),
                LocalDate.parse("2026-02-27"), AS_OF);

        assertThat(f).isInstanceOfSatisfying(Fetched.Ok.class, ok -> {
            assertThat(ok.value()).isEqualTo(List.of(new EarningsEvent("NVDA", LocalDate.parse("2026-02-25"), EarningsSession.AMC, "FY2026 Q4",
                    new java.math.BigDecimal("1.5361"), null, false, "finnhub")));
            assertThat(ok.warnings()).anySatisfy(w -> assertThat(w.toString()).contains("nasdaq: 2026-02-20: data is null"));
        });
        wm.verify(1, getRequestedFor(urlPathEqualTo("/api/calendar/earnings")));
    }

    @Test
    void theChainsFollowTheConfiguredOrder() {
        MarketDataFactory factory = new MarketDataFactory(config(List.of("alphavantage", "yahoo"), List.of("coinbase"), List.of("fmp", "nasdaq"),
                Map.of(), Map.of()), KeyResolver.LOCAL, CLOCK, options());

        assertThat(factory.providers()).containsExactly("alphavantage", "yahoo", "coinbase", "fmp", "nasdaq");
        assertThat(((FallbackPriceFeed) factory.priceFeed()).chain(dev.marketalerts.core.market.Market.US_EQUITY))
                .containsExactly("alphavantage", "yahoo");
        assertThat(((FallbackEarningsCalendar) factory.earningsCalendar()).chain()).containsExactly("fmp", "nasdaq");
    }

    @Test
    void aWarmInvocationReusesTodaysHistoryAndOnlyAsksForTheLastSessions() {
        wm.stubFor(get(urlPathEqualTo("/v8/finance/chart/NVDA")).willReturn(okJson(ProviderFixtures.text("yahoo-chart-nvda-1mo-handmade.json"))));
        DailyHistoryCache containerCache = new DailyHistoryCache();
        ProvidersConfig config = config(List.of("yahoo"), List.of(), List.of(), Map.of(), Map.of());

        // Each invocation wires its chains anew; the cache outlives them in the container.
        MarketSnapshot cold = ((Fetched.Ok<MarketSnapshot>) new MarketDataFactory(config, KeyResolver.LOCAL, CLOCK,
                options().withHistoryCache(containerCache)).priceFeed().snapshots(List.of(Instrument.equity("NVDA")), 10, AS_OF).get("NVDA")).value();
        MarketSnapshot warm = ((Fetched.Ok<MarketSnapshot>) new MarketDataFactory(config, KeyResolver.LOCAL, CLOCK,
                options().withHistoryCache(containerCache)).priceFeed().snapshots(List.of(Instrument.equity("NVDA")), 10, AS_OF).get("NVDA")).value();

        assertThat(wm.getAllServeEvents()).extracting(e -> e.getRequest().getUrl()).containsExactlyInAnyOrder(
                "/v8/finance/chart/NVDA?range=1mo&interval=1d", "/v8/finance/chart/NVDA?range=5d&interval=1d");
        assertThat(warm.bars()).isEqualTo(cold.bars()).hasSize(22);
        assertThat(warm.bars().get(0).date()).isEqualTo(LocalDate.parse("2026-01-13"));
        assertThat(warm.quote().price()).isEqualByComparingTo("186.94");
    }
}
