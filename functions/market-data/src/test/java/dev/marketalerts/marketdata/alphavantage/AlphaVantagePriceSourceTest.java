package dev.marketalerts.marketdata.alphavantage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import dev.marketalerts.core.market.Market;
import dev.marketalerts.marketdata.ApiKey;
import dev.marketalerts.marketdata.PriceData;
import dev.marketalerts.marketdata.PriceRequest;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.Recorded;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlphaVantagePriceSourceTest {
    private static final Instant AFTER_CLOSE = Instant.parse("2018-10-05T21:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final AlphaVantagePriceSource source = new AlphaVantagePriceSource(
            ProviderFixtures.http("alphavantage", ProviderFixtures.clockAt("2018-10-05T21:00:00Z")), ProviderFixtures.base(wm),
            ApiKey.of("alphavantage", ProviderFixtures.SECRET, new Secrets()));

    private static void serve(String function, String fixture) {
        wm.stubFor(get(urlPathEqualTo("/query")).withQueryParam("function", equalTo(function))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(ProviderFixtures.bytes(fixture))));
    }

    @Test
    void globalQuoteRequestIsExactlyTheDocumentedOne() throws Exception {
        serve("GLOBAL_QUOTE", "real/alphavantage/global_quote-MSFT-2018-10-05.json");

        source.fetch(Instrument.equity("MSFT"), new PriceRequest(0, true, false, AFTER_CLOSE));

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/query?function=GLOBAL_QUOTE&symbol=MSFT&apikey=SECRET-KEY-123"));
        wm.verify(getRequestedFor(urlPathEqualTo("/query")).withHeader("Accept", equalTo("application/json, text/csv")));
    }

    @Test
    void readsTheRecordedGlobalQuoteAsTheCloseOfItsTradingDay() throws Exception {
        serve("GLOBAL_QUOTE", "real/alphavantage/global_quote-MSFT-2018-10-05.json");

        PriceData data = source.fetch(Instrument.equity("MSFT"), new PriceRequest(0, true, false, AFTER_CLOSE));

        JsonNode recorded = Recorded.json("real/alphavantage/global_quote-MSFT-2018-10-05.json").path("Global Quote");
        assertThat(data.quote().price()).isEqualTo(new BigDecimal("112.1300")).isEqualTo(Recorded.decimal(recorded.path("05. price")));
        assertThat(data.quote().asOf()).isEqualTo(Instant.parse("2018-10-05T20:00:00Z"));
        assertThat(data.previousClose()).isEqualTo(new BigDecimal("112.7900")).isEqualTo(Recorded.decimal(recorded.path("08. previous close")));
    }

    @Test
    void duringTheSessionAnUntimedQuoteCountsFromTheOpen() {
        assertThat(AlphaVantagePriceSource.printedAt(Market.US_EQUITY, LocalDate.parse("2018-10-05"), Instant.parse("2018-10-05T17:00:00Z")))
                .isEqualTo(Instant.parse("2018-10-05T13:30:00Z"));
    }

    @Test
    void dailySeriesRequestAndParsingSortByDate() throws Exception {
        serve("TIME_SERIES_DAILY", "alphavantage-time-series-daily-sample.json");

        PriceData data = source.fetch(Instrument.equity("NVDA"), new PriceRequest(2, false, false, AFTER_CLOSE));

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/query?function=TIME_SERIES_DAILY&symbol=NVDA&outputsize=compact&apikey=SECRET-KEY-123"));
        assertThat(data.bars()).extracting(DailyBar::date).containsExactly(LocalDate.parse("2024-01-24"), LocalDate.parse("2024-01-25"));
        assertThat(data.bars().get(1)).isEqualTo(new DailyBar(LocalDate.parse("2024-01-25"), new BigDecimal("623.5000"),
                new BigDecimal("627.1900"), new BigDecimal("608.5000"), new BigDecimal("616.1700"), 48277684L));
        assertThat(data.quote()).isNull();
    }

    @Test
    void readsTheRecordedDailySeriesExactlyOldestFirstAcrossTheThanksgivingGap() throws Exception {
        String file = "real/alphavantage/time_series_daily-IBM-2023-11-28-excerpt.json";
        serve("TIME_SERIES_DAILY", file);
        List<DailyBar> expected = new ArrayList<>();
        Recorded.json(file).path("Time Series (Daily)").fields().forEachRemaining(e -> expected.add(new DailyBar(LocalDate.parse(e.getKey()),
                Recorded.decimal(e.getValue().path("1. open")), Recorded.decimal(e.getValue().path("2. high")),
                Recorded.decimal(e.getValue().path("3. low")), Recorded.decimal(e.getValue().path("4. close")),
                Recorded.whole(e.getValue().path("5. volume")))));
        expected.sort(Comparator.comparing(DailyBar::date));

        PriceData data = source.fetch(Instrument.equity("IBM"), new PriceRequest(8, false, false, Instant.parse("2023-11-28T22:00:00Z")));

        assertThat(data.bars()).isEqualTo(expected).extracting(DailyBar::date).containsSubsequence(LocalDate.parse("2023-11-22"),
                LocalDate.parse("2023-11-24"));
        assertThat(data.bars().get(7)).isEqualTo(new DailyBar(LocalDate.parse("2023-11-28"), new BigDecimal("155.4400"),
                new BigDecimal("155.7450"), new BigDecimal("154.8600"), new BigDecimal("155.6500"), 2666182L));
        assertThat(data.warnings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "alphavantage-ratelimit-daily-sample.json, THROTTLED, 25 requests per day",
        "alphavantage-ratelimit-burst-sample.json, THROTTLED, 1 request per second",
        "alphavantage-ratelimit-note-legacy-sample.json, THROTTLED, Note: Thank you",
        "alphavantage-premium-handmade.json, CLIENT_ERROR, premium endpoint",
        "alphavantage-error-message-handmade.json, NO_DATA, Error Message: Invalid API call",
    })
    void everyErrorInsideA200IsAFailure(String fixture, Kind kind, String text) {
        serve("GLOBAL_QUOTE", fixture);

        assertThatThrownBy(() -> source.fetch(Instrument.equity("NVDA"), new PriceRequest(0, true, false, AFTER_CLOSE)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).startsWith("alphavantage: NVDA: ").contains(text);
                });
    }

    @Test
    void anEmptyGlobalQuoteIsNoData() {
        wm.stubFor(get(urlPathEqualTo("/query")).willReturn(aResponse().withStatus(200).withBody("{\"Global Quote\": {}}")));

        assertThatThrownBy(() -> source.fetch(Instrument.equity("ZZZZ"), new PriceRequest(0, true, false, AFTER_CLOSE)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_DATA));
    }

    @Test
    void noneIsAbsentNotZero() {
        wm.stubFor(get(urlPathEqualTo("/query")).willReturn(aResponse().withStatus(200)
                .withBody("{\"Global Quote\": {\"01. symbol\": \"NVDA\", \"05. price\": \"None\", \"07. latest trading day\": \"2018-10-05\"}}")));

        assertThatThrownBy(() -> source.fetch(Instrument.equity("NVDA"), new PriceRequest(0, true, false, AFTER_CLOSE)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNPARSABLE);
                    assertThat(e.getMessage()).contains("without \"05. price\"");
                });
    }
}
