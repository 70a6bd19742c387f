package dev.marketalerts.marketdata.alphavantage;

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
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlphaVantageEarningsSourceTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private AlphaVantageEarningsSource source(String now) {
        return new AlphaVantageEarningsSource(ProviderFixtures.http("alphavantage", ProviderFixtures.clockAt(now)), ProviderFixtures.base(wm),
                ApiKey.of("alphavantage", ProviderFixtures.SECRET, new Secrets()));
    }

    private static void serve(String function, String contentType, String fixture) {
        wm.stubFor(get(urlPathEqualTo("/query")).withQueryParam("function", equalTo(function))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(ProviderFixtures.bytes(fixture))));
    }

    @Test
    void upcomingDatesComeFromOneBulkCalendarCsv() throws Exception {
        serve("EARNINGS_CALENDAR", "application/x-download", "real/alphavantage/earnings_calendar-devs-excerpt.csv");

        EarningsResult result = source("2026-08-20T12:00:00Z").fetch(Set.of("BMO", "NVDA"), LocalDate.parse("2026-08-21"),
                LocalDate.parse("2026-08-31"), Instant.parse("2026-08-20T12:00:00Z"));

        assertThat(wm.getAllServeEvents()).singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
                .isEqualTo("/query?function=EARNINGS_CALENDAR&horizon=3month&apikey=SECRET-KEY-123"));
        assertThat(result.answered()).containsExactlyInAnyOrder("BMO", "NVDA");
        assertThat(result.events()).containsExactly(new EarningsEvent("BMO", LocalDate.parse("2026-08-25"), EarningsSession.BMO, "2026-07",
                new BigDecimal("2.72"), null, true, "alphavantage"));
    }

    @Test
    void theThrottledCsvIsRecognised() {
        serve("EARNINGS_CALENDAR", "application/x-download", "real/alphavantage/earnings_calendar-devs-ratelimited.csv");

        assertThatThrownBy(() -> source("2026-08-20T12:00:00Z").fetch(Set.of("BMO"), LocalDate.parse("2026-08-21"),
                LocalDate.parse("2026-08-31"), Instant.parse("2026-08-20T12:00:00Z")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
                    assertThat(e.getMessage()).contains("I,n,f,o,r,m,a");
                });
    }

    @Test
    void aJsonErrorInsteadOfTheCsvIsAFailure() {
        serve("EARNINGS_CALENDAR", "application/json", "alphavantage-ratelimit-daily-sample.json");

        assertThatThrownBy(() -> source("2026-08-20T12:00:00Z").fetch(Set.of("BMO"), LocalDate.parse("2026-08-21"),
                LocalDate.parse("2026-08-31"), Instant.parse("2026-08-20T12:00:00Z")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.THROTTLED));
    }

    @Test
    void reportedFiguresComeFromEarningsPerSymbol() throws Exception {
        serve("EARNINGS_CALENDAR", "application/x-download", "real/alphavantage/earnings_calendar-devs-excerpt.csv");
        serve("EARNINGS", "application/json", "alphavantage-earnings-handmade.json");

        EarningsResult result = source("2026-02-26T12:00:00Z").fetch(Set.of("NVDA"), LocalDate.parse("2026-02-20"),
                LocalDate.parse("2026-03-05"), Instant.parse("2026-02-26T12:00:00Z"));

        assertThat(wm.getAllServeEvents()).extracting(e -> e.getRequest().getUrl()).containsExactlyInAnyOrder(
                "/query?function=EARNINGS_CALENDAR&horizon=3month&apikey=SECRET-KEY-123",
                "/query?function=EARNINGS&symbol=NVDA&apikey=SECRET-KEY-123");
        assertThat(result.events()).containsExactly(new EarningsEvent("NVDA", LocalDate.parse("2026-02-25"), EarningsSession.AMC, "2026-01",
                new BigDecimal("1.54"), new BigDecimal("1.62"), true, "alphavantage"));
    }

    @Test
    void noneInEarningsIsAbsent() throws Exception {
        serve("EARNINGS", "application/json", "alphavantage-earnings-handmade.json");

        EarningsResult result = source("2025-11-25T12:00:00Z").fetch(Set.of("NVDA"), LocalDate.parse("2025-11-01"),
                LocalDate.parse("2025-11-24"), Instant.parse("2025-11-25T12:00:00Z"));

        assertThat(result.events()).singleElement().satisfies(e -> {
            assertThat(e.date()).isEqualTo(LocalDate.parse("2025-11-19"));
            assertThat(e.epsEstimate()).isNull();
            assertThat(e.epsActual()).isEqualByComparingTo("1.3");
        });
    }

    @ParameterizedTest
    @CsvSource({"2026-10-01, 3month", "2026-11-21, 3month", "2026-11-22, 6month", "2027-02-21, 6month", "2027-02-22, 12month"})
    void horizonCoversTheWindow(LocalDate to, String horizon) {
        assertThat(AlphaVantageEarningsSource.horizon(LocalDate.parse("2026-08-21"), to)).isEqualTo(horizon);
    }

    @Test
    void companyNamesWithCommasAreReadWithARealCsvParser() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/query")).willReturn(aResponse().withStatus(200).withBody(
                "symbol,name,reportDate,fiscalDateEnding,estimate,currency,timeOfTheDay\r\n"
                        + "ALAR,\"ALARUM TECHNOLOGIES, LTD.\",2026-08-27,2026-06-30,,USD,post-market\r\n")));

        List<EarningsEvent> events = source("2026-08-20T12:00:00Z").fetch(Set.of("ALAR"), LocalDate.parse("2026-08-21"),
                LocalDate.parse("2026-08-31"), Instant.parse("2026-08-20T12:00:00Z")).events();

        assertThat(events).containsExactly(new EarningsEvent("ALAR", LocalDate.parse("2026-08-27"), EarningsSession.AMC, "2026-06", null, null,
                true, "alphavantage"));
    }
}
