package dev.marketalerts.marketdata.yahoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.marketdata.PriceData;
import dev.marketalerts.marketdata.PriceRequest;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.Recorded;
import dev.marketalerts.marketdata.http.ProviderException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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
        assertThat(data.bars()).extracting(DailyBar::close).containsExactly(new BigDecimal("185.41000366210938"),
                new BigDecimal("190.0399932861328"), new BigDecimal("190.0500030517578"), new BigDecimal("186.94000244140625"));
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
            assertThat(b.close()).isEqualTo(new BigDecimal("95219.0234375"));
            assertThat(b.open()).isEqualTo(new BigDecimal("95607.8671875"));
            assertThat(b.volume()).isEqualTo(38503645184L);
        });
        assertThat(data.quote().price()).isEqualTo(new BigDecimal("95219.02"));
        assertThat(data.quote().asOf()).isEqualTo(Instant.ofEpochSecond(1739941320L));
        assertThat(data.previousClose()).isEqualTo(new BigDecimal("95607.87"));
    }

    /** What a recorded chart must parse to, read from the file on its own: every price exactly as written. */
    private record Expected(List<DailyBar> bars, int skipped, Quote quote, BigDecimal chartPreviousClose) {
        static Expected of(String file) {
            JsonNode r = Recorded.json(file).path("chart").path("result").path(0);
            JsonNode meta = r.path("meta");
            ZoneId zone = ZoneId.of(meta.path("exchangeTimezoneName").asText());
            JsonNode q = r.path("indicators").path("quote").path(0);
            TreeMap<LocalDate, DailyBar> bars = new TreeMap<>();
            int skipped = 0;
            for (int i = 0; i < r.path("timestamp").size(); i++) {
                BigDecimal close = Recorded.decimal(q.path("close").get(i));
                if (close == null) {
                    skipped++;
                    continue;
                }
                LocalDate date = Recorded.epochSecond(r.path("timestamp").get(i)).atZone(zone).toLocalDate();
                bars.put(date, new DailyBar(date, Recorded.decimal(q.path("open").get(i)), Recorded.decimal(q.path("high").get(i)),
                        Recorded.decimal(q.path("low").get(i)), close, Recorded.whole(q.path("volume").get(i))));
            }
            Quote quote = new Quote(Recorded.decimal(meta.path("regularMarketPrice")), Recorded.epochSecond(meta.path("regularMarketTime")),
                    "yahoo");
            return new Expected(new ArrayList<>(bars.values()), skipped, quote, Recorded.decimal(meta.path("chartPreviousClose")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, symbol, bars asked (0: a quote, range=1d), bars, first date, its close, last date, its close, skipped
        "msft-2021-02-01_2022-01-31.json, MSFT, 252, 252, 2021-02-01, 239.64999389648438, 2022-01-28, 308.260009765625, 0",
        "tsla-max.json, TSLA, 3303, 3303, 2010-06-29, 1.5926669836044312, 2023-08-11, 242.64999389648438, 0",
        "0P0000XTS7-2024-09-12_2024-09-16.json, 0P0000XTS7, 2, 1, 2024-09-12, 11887.099609375, 2024-09-12, 11887.099609375, 1",
        "wsu-de-2023-08-04_2023-08-09.json, WSU.DE, 3, 2, 2023-08-04, 34.45000076293945, 2023-08-08, 33.20000076293945, 1",
        "btc-usd-2020-01-01_2020-01-03.json, BTC-USD, 3, 3, 2020-01-01, 7200.17431640625, 2020-01-03, 7344.88427734375, 0",
        "cron-2020-01-01_2020-01-03.json, CRON, 1, 1, 2020-01-02, 7.360000133514404, 2020-01-02, 7.360000133514404, 0",
        "aapl-2022-02-22_in-session-2025-03-24.json, AAPL, 1, 1, 2022-02-22, 164.32000732421875, 2022-02-22, 164.32000732421875, 0",
        "aapl-2020-08-31_2020-11-07.json, AAPL, 49, 49, 2020-08-31, 129.0399932861328, 2020-11-06, 118.69000244140625, 0",
        "aapl-range1d-2025-02-19-openbb.json, AAPL, 0, 1, 2025-02-18, 244.47000122070312, 2025-02-18, 244.47000122070312, 0",
    })
    void readsEveryRecordedChartExactlyAsSent(String file, String symbol, int asked, int count, LocalDate first, BigDecimal firstClose,
            LocalDate last, BigDecimal lastClose, int skipped) throws Exception {
        wm.stubFor(get(urlPathMatching("/v8/finance/chart/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=utf-8").withBody(ProviderFixtures.bytes("real/yahoo/" + file))));
        Instrument instrument = symbol.endsWith("-USD") ? Instrument.crypto(symbol) : Instrument.equity(symbol);
        Expected expected = Expected.of("real/yahoo/" + file);

        PriceData data = source().fetch(instrument, new PriceRequest(asked, true, false, AS_OF));

        assertThat(data.bars()).hasSize(count).isEqualTo(expected.bars());
        assertThat(data.bars().get(0)).extracting(DailyBar::date, DailyBar::close).containsExactly(first, firstClose);
        assertThat(data.bars().get(count - 1)).extracting(DailyBar::date, DailyBar::close).containsExactly(last, lastClose);
        assertThat(expected.skipped()).isEqualTo(skipped);
        if (skipped > 0) {
            assertThat(data.warnings()).containsExactly("yahoo: " + symbol + ": skipped " + skipped + " daily bar(s) without a close");
        } else {
            assertThat(data.warnings()).isEmpty();
        }
        assertThat(data.quote()).isEqualTo(expected.quote());
        assertThat(data.previousClose()).isEqualTo(asked == 0 ? expected.chartPreviousClose() : null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "msft-2021-02-01_2022-01-31.json, MSFT, 252",
        "tsla-max.json, TSLA, 3303",
        "0P0000XTS7-2024-09-12_2024-09-16.json, 0P0000XTS7, 2",
        "wsu-de-2023-08-04_2023-08-09.json, WSU.DE, 3",
        "btc-usd-2020-01-01_2020-01-03.json, BTC-USD, 3",
        "cron-2020-01-01_2020-01-03.json, CRON, 1",
        "aapl-2022-02-22_in-session-2025-03-24.json, AAPL, 1",
        "aapl-2020-08-31_2020-11-07.json, AAPL, 49",
        "aapl-range1d-2025-02-19-openbb.json, AAPL, 0",
    })
    void theStreamingReaderReadsEveryRecordedChartItselfExactlyAsSent(String file, String symbol, int asked) {
        Instrument instrument = symbol.endsWith("-USD") ? Instrument.crypto(symbol) : Instrument.equity(symbol);
        Expected expected = Expected.of("real/yahoo/" + file);

        PriceData data = YahooChartReader.read(instrument, ProviderFixtures.text("real/yahoo/" + file), asked == 0);

        assertThat(data).as("read without the tree").isNotNull();
        assertThat(data.bars()).isEqualTo(expected.bars());
        assertThat(data.quote()).isEqualTo(expected.quote());
        assertThat(data.previousClose()).isEqualTo(asked == 0 ? expected.chartPreviousClose() : null);
        assertThat(data.warnings()).isEqualTo(expected.skipped() == 0 ? List.of()
                : List.of("yahoo: " + symbol + ": skipped " + expected.skipped() + " daily bar(s) without a close"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an error object|{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\",\"description\":\"x\"}}}",
        "a key given twice|{\"chart\":{\"result\":[{\"timestamp\":[1770388200],\"indicators\":{\"quote\":[{\"close\":[1.5],\"close\":[2.5]}]}}]}}",
        "a price as text|{\"chart\":{\"result\":[{\"timestamp\":[1770388200],\"indicators\":{\"quote\":[{\"close\":[\"1.5\"]}]}}]}}",
        "a fractional timestamp|{\"chart\":{\"result\":[{\"timestamp\":[1770388200.5],\"indicators\":{\"quote\":[{\"close\":[1.5]}]}}]}}",
        "a fractional volume|{\"chart\":{\"result\":[{\"timestamp\":[1770388200],\"indicators\":{\"quote\":[{\"close\":[1.5],\"volume\":[1.5]}]}}]}}",
        "columns of other lengths|{\"chart\":{\"result\":[{\"timestamp\":[1770388200,1770647400],\"indicators\":{\"quote\":[{\"close\":[1.5]}]}}]}}",
        "no close column|{\"chart\":{\"result\":[{\"timestamp\":[1770388200],\"indicators\":{\"quote\":[{}]}}]}}",
        "an unknown time zone|{\"chart\":{\"result\":[{\"meta\":{\"exchangeTimezoneName\":\"Mars/Olympus\"},\"timestamp\":[]}]}}",
        "no result|{\"chart\":{\"result\":[]}}",
        "not JSON|<html><body>Please enable JavaScript</body></html>",
        "an array|[1, 2]",
    })
    void chartsOfAnyOtherShapeAreLeftToTheTree(String what, String body) {
        assertThat(YahooChartReader.read(Instrument.equity("NVDA"), body, false)).as(what).isNull();
    }

    @Test
    void aChartTheReaderLeavesIsStillReadAsBefore() throws Exception {
        // a key given twice (the last one counts) and a close sent as text: the tree reads both
        wm.stubFor(get(urlPathEqualTo("/v8/finance/chart/NVDA")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"chart\":{\"result\":[{\"meta\":"
                        + "{\"exchangeTimezoneName\":\"America/New_York\"},\"timestamp\":[1770388200,1770647400],"
                        + "\"indicators\":{\"quote\":[{\"close\":[1.5,2.5],\"close\":[\"185.41\",190.04]}]}}],\"error\":null}}")));

        PriceData data = source().fetch(Instrument.equity("NVDA"), new PriceRequest(3, true, false, AS_OF));

        assertThat(data.bars()).extracting(DailyBar::date).containsExactly(LocalDate.parse("2026-02-06"), LocalDate.parse("2026-02-09"));
        assertThat(data.bars()).extracting(DailyBar::close).containsExactly(new BigDecimal("185.41"), new BigDecimal("190.04"));
        assertThat(data.quote()).isNull();
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
