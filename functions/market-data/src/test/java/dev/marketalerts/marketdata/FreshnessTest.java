package dev.marketalerts.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreshnessTest {

    @ParameterizedTest
    @CsvSource({
        // during Thursday's session: 30 minutes of trading
        "US_EQUITY, 2026-02-12T20:00:00Z, 2026-02-12T19:31:00Z, true",
        "US_EQUITY, 2026-02-12T20:00:00Z, 2026-02-12T19:29:00Z, false",
        // Thursday evening and Friday before the open: Thursday's closing print is current
        "US_EQUITY, 2026-02-12T23:00:00Z, 2026-02-12T21:00:00Z, true",
        "US_EQUITY, 2026-02-13T12:00:00Z, 2026-02-12T21:00:00Z, true",
        "US_EQUITY, 2026-02-13T12:00:00Z, 2026-02-12T18:00:00Z, false",
        // Sunday: Friday's close
        "US_EQUITY, 2026-02-15T15:00:00Z, 2026-02-13T21:00:00Z, true",
        "US_EQUITY, 2026-02-15T15:00:00Z, 2026-02-12T21:00:00Z, false",
        // crypto never closes
        "CRYPTO, 2026-02-15T15:00:00Z, 2026-02-15T14:40:00Z, true",
        "CRYPTO, 2026-02-15T15:00:00Z, 2026-02-15T14:20:00Z, false",
    })
    void quoteIsFreshWithinTheStalenessLimitOfTheLastPrint(Market market, Instant asOf, Instant printed, boolean fresh) {
        assertThat(Freshness.isFresh(new Quote(BigDecimal.TEN, printed, "x"), market, asOf)).isEqualTo(fresh);
    }

    @ParameterizedTest
    @CsvSource({
        "US_EQUITY, 2026-02-12T20:00:00Z, 2026-02-11, true",
        "US_EQUITY, 2026-02-12T20:00:00Z, 2026-02-10, false",
        "US_EQUITY, 2026-02-12T12:00:00Z, 2026-02-10, true",
        // Tuesday after Presidents Day: Friday is the session before
        "US_EQUITY, 2026-02-17T15:00:00Z, 2026-02-13, true",
        "US_EQUITY, 2026-02-17T15:00:00Z, 2026-02-12, false",
        "CRYPTO, 2026-02-15T15:00:00Z, 2026-02-14, true",
        "CRYPTO, 2026-02-15T15:00:00Z, 2026-02-13, false",
    })
    void historyMustReachTheSessionBeforeTheLatestOne(Market market, Instant asOf, LocalDate lastBar, boolean fresh) {
        assertThat(Freshness.isFresh(List.of(DailyBar.close(lastBar, BigDecimal.ONE)), market, asOf)).isEqualTo(fresh);
    }
}
