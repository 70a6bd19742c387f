package dev.marketalerts.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.marketdata.http.CircuitBreaker;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FallbackEarningsCalendarTest {
    private static final Instant AS_OF = Instant.parse("2026-02-20T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(AS_OF, ZoneOffset.UTC);
    private static final LocalDate FROM = LocalDate.parse("2026-02-20");
    private static final LocalDate TO = LocalDate.parse("2026-02-27");
    private static final LocalDate FEB_25 = LocalDate.parse("2026-02-25");

    /** A scripted source answering for the symbols it knows (an exception answers for none). */
    static final class FakeSource implements EarningsSource {
        final String name;
        final Map<String, List<EarningsEvent>> known = new HashMap<>();
        ProviderException failure;
        final List<Set<String>> asked = new ArrayList<>();

        FakeSource(String name) {
            this.name = name;
        }

        FakeSource knows(String symbol, EarningsEvent... events) {
            known.put(symbol, List.of(events));
            return this;
        }

        FakeSource fails(Kind kind, String message) {
            failure = new ProviderException(name, kind, message);
            return this;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public EarningsResult fetch(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) throws ProviderException {
            asked.add(Set.copyOf(symbols));
            if (failure != null) {
                throw failure;
            }
            List<EarningsEvent> events = new ArrayList<>();
            Set<String> answered = new java.util.HashSet<>();
            for (String s : symbols) {
                if (known.containsKey(s)) {
                    answered.add(s);
                    events.addAll(known.get(s));
                }
            }
            return new EarningsResult(events, answered, List.of());
        }
    }

    private final Map<String, CircuitBreaker> breakers = new HashMap<>();

    private FallbackEarningsCalendar calendar(boolean crossCheck, FakeSource... sources) {
        Map<String, EarningsSource> map = new HashMap<>();
        List<String> chain = new ArrayList<>();
        for (FakeSource s : sources) {
            map.put(s.name, s);
            chain.add(s.name);
            breakers.put(s.name, new CircuitBreaker(2, Duration.ofMinutes(5), CLOCK));
        }
        return new FallbackEarningsCalendar(map, breakers, chain, crossCheck, CLOCK, new Secrets());
    }

    /** An event as the adapters give it: no provider we read marks a date confirmed. */
    private static EarningsEvent event(String symbol, LocalDate date, EarningsSession session, String provider) {
        return new EarningsEvent(symbol, date, session, null, new BigDecimal("1.54"), null, false, provider);
    }

    private static Fetched.Ok<List<EarningsEvent>> ok(Fetched<List<EarningsEvent>> f) {
        assertThat(f).isInstanceOf(Fetched.Ok.class);
        return (Fetched.Ok<List<EarningsEvent>>) f;
    }

    @Test
    void thePrimaryAnswersAndTheOthersAreNotAskedWithoutCrossChecking() {
        FakeSource nasdaq = new FakeSource("nasdaq").knows("NVDA", event("NVDA", FEB_25, EarningsSession.AMC, "nasdaq"));
        FakeSource finnhub = new FakeSource("finnhub").knows("NVDA", event("NVDA", FEB_25, EarningsSession.AMC, "finnhub"));

        var ok = ok(calendar(false, nasdaq, finnhub).events(Set.of("NVDA"), FROM, TO, AS_OF));

        assertThat(ok.value()).containsExactly(event("NVDA", FEB_25, EarningsSession.AMC, "nasdaq"));
        assertThat(finnhub.asked).isEmpty();
    }

    @Test
    void aFailingPrimaryFallsBackToTheNextInOrder() {
        FakeSource nasdaq = new FakeSource("nasdaq").fails(Kind.TIMEOUT, "2026-02-20: no answer within 4s");
        FakeSource finnhub = new FakeSource("finnhub").fails(Kind.NOT_CONFIGURED, "no api-key configured; skipped");
        FakeSource alpha = new FakeSource("alphavantage").knows("NVDA", event("NVDA", FEB_25, EarningsSession.AMC, "alphavantage"));

        var ok = ok(calendar(false, nasdaq, finnhub, alpha).events(Set.of("NVDA"), FROM, TO, AS_OF));

        assertThat(ok.value()).extracting(EarningsEvent::provider).containsExactly("alphavantage");
        assertThat(ok.warnings()).containsExactly("nasdaq: 2026-02-20: no answer within 4s", "finnhub: no api-key configured; skipped");
    }

    @Test
    void symbolsThePrimaryCouldNotAnswerForComeFromTheNext() {
        FakeSource finnhub = new FakeSource("finnhub").knows("NVDA", event("NVDA", FEB_25, EarningsSession.AMC, "finnhub"));
        FakeSource alpha = new FakeSource("alphavantage").knows("MSFT").knows("NVDA", event("NVDA", FEB_25, EarningsSession.BMO, "alphavantage"));

        var ok = ok(calendar(false, finnhub, alpha).events(Set.of("NVDA", "MSFT"), FROM, TO, AS_OF));

        assertThat(alpha.asked).containsExactly(Set.of("MSFT"));
        assertThat(ok.value()).containsExactly(event("NVDA", FEB_25, EarningsSession.AMC, "finnhub"));
    }

    @Test
    void whenNoProviderAnswersTheCalendarFailsWithEveryReason() {
        FakeSource nasdaq = new FakeSource("nasdaq").fails(Kind.PROVIDER_ERROR, "2026-02-20: data is null (rCode 200; 3004 Error while calling vendor)");
        FakeSource finnhub = new FakeSource("finnhub").fails(Kind.THROTTLED, "NVDA: API limit reached");

        Fetched<List<EarningsEvent>> f = calendar(true, nasdaq, finnhub).events(Set.of("NVDA"), FROM, TO, AS_OF);

        assertThat(f).isInstanceOfSatisfying(Fetched.Failed.class, failed -> assertThat(failed.reason()).isEqualTo(
                "earnings 2026-02-20..2026-02-27: nasdaq: 2026-02-20: data is null (rCode 200; 3004 Error while calling vendor); "
                        + "finnhub: NVDA: API limit reached"));
    }

    @Test
    void whenTwoProvidersDisagreeThePrimarysDateIsKeptAndMarkedUnconfirmed() {
        FakeSource nasdaq = new FakeSource("nasdaq").knows("NVDA", event("NVDA", FEB_25, EarningsSession.AMC, "nasdaq"));
        FakeSource finnhub = new FakeSource("finnhub").knows("NVDA", event("NVDA", FEB_25.plusDays(1), EarningsSession.AMC, "finnhub"));

        var ok = ok(calendar(true, nasdaq, finnhub).events(Set.of("NVDA"), FROM, TO, AS_OF));

        assertThat(ok.value()).containsExactly(event("NVDA", FEB_25, EarningsSession.AMC, "nasdaq").withConfirmed(false));
        assertThat(ok.warnings()).containsExactly(
                "NVDA: nasdaq dates the report 2026-02-25, finnhub dates it 2026-02-26; keeping nasdaq's date, marked unconfirmed");
    }

    @Test
    void twoProvidersAgreeingConfirmTheDateAndFillInTheTimeOfDay() {
        FakeSource nasdaq = new FakeSource("nasdaq").knows("NVDA", event("NVDA", FEB_25, EarningsSession.UNKNOWN, "nasdaq"));
        FakeSource finnhub = new FakeSource("finnhub").knows("NVDA", event("NVDA", FEB_25, EarningsSession.AMC, "finnhub"));

        var ok = ok(calendar(true, nasdaq, finnhub).events(Set.of("NVDA"), FROM, TO, AS_OF));

        assertThat(ok.value()).containsExactly(event("NVDA", FEB_25, EarningsSession.AMC, "nasdaq").withConfirmed(true));
        assertThat(ok.warnings()).containsExactly("NVDA 2026-02-25: time of day amc from finnhub (nasdaq did not supply it)");
    }

    @Test
    void oneProviderAloneDoesNotConfirmItsDate() {
        FakeSource nasdaq = new FakeSource("nasdaq").knows("NVDA", event("NVDA", FEB_25, EarningsSession.AMC, "nasdaq"));
        FakeSource finnhub = new FakeSource("finnhub").knows("NVDA");

        var ok = ok(calendar(true, nasdaq, finnhub).events(Set.of("NVDA"), FROM, TO, AS_OF));

        assertThat(ok.value()).singleElement().satisfies(e -> assertThat(e.confirmed()).isFalse());
        assertThat(ok.warnings()).isEmpty();
    }

    @Test
    void aDateItsProviderMarksConfirmedStaysSoUnlessAnotherContradictsIt() {
        EarningsEvent marked = event("NVDA", FEB_25, EarningsSession.AMC, "nasdaq").withConfirmed(true);
        FakeSource silent = new FakeSource("finnhub").knows("NVDA");
        FakeSource contradicting = new FakeSource("finnhub").knows("NVDA", event("NVDA", FEB_25.plusDays(1), EarningsSession.AMC, "finnhub"));

        var kept = ok(calendar(true, new FakeSource("nasdaq").knows("NVDA", marked), silent).events(Set.of("NVDA"), FROM, TO, AS_OF));
        var contradicted = ok(calendar(true, new FakeSource("nasdaq").knows("NVDA", marked), contradicting)
                .events(Set.of("NVDA"), FROM, TO, AS_OF));

        assertThat(kept.value()).containsExactly(marked);
        assertThat(contradicted.value()).containsExactly(marked.withConfirmed(false));
    }

    @ParameterizedTest
    @CsvSource({
        "2026-02-21, a Saturday",
        "2026-02-22, a Sunday",
        "2026-02-16, an NYSE holiday",
        "2025-12-25, an NYSE holiday",
    })
    void aDateTheExchangeIsClosedIsNeverConfirmedEvenWhenProvidersAgree(LocalDate closed, String what) {
        FakeSource fmp = new FakeSource("fmp").knows("AAPL", event("AAPL", closed, EarningsSession.AMC, "fmp").withConfirmed(true));
        FakeSource finnhub = new FakeSource("finnhub").knows("AAPL", event("AAPL", closed, EarningsSession.AMC, "finnhub"));

        var ok = ok(calendar(true, fmp, finnhub).events(Set.of("AAPL"), FROM, TO, AS_OF));

        assertThat(ok.value()).containsExactly(event("AAPL", closed, EarningsSession.AMC, "fmp"));
        assertThat(ok.warnings()).containsExactly("AAPL: fmp dates the report " + closed + ", " + what + " (the exchange is closed); not confirmed");
    }

    @Test
    void duplicateRowsOfTheSameReportAreMergedWhateverTheirOrder() {
        EarningsEvent reported = new EarningsEvent("DG", FEB_25, EarningsSession.BMO, "FY2026 Q4", new BigDecimal("1.50"), new BigDecimal("1.61"),
                false, "finnhub");
        EarningsEvent estimateOnly = new EarningsEvent("DG", FEB_25, EarningsSession.BMO, "FY2026 Q4", new BigDecimal("1.52"), null, false,
                "finnhub");

        var inOrder = ok(calendar(false, new FakeSource("finnhub").knows("DG", reported, estimateOnly)).events(Set.of("DG"), FROM, TO, AS_OF));
        var reversed = ok(calendar(false, new FakeSource("finnhub").knows("DG", estimateOnly, reported)).events(Set.of("DG"), FROM, TO, AS_OF));

        assertThat(inOrder.value()).containsExactly(reported);
        assertThat(reversed.value()).isEqualTo(inOrder.value());
        assertThat(inOrder.warnings()).containsExactly("finnhub: DG 2026-02-25: 2 different rows for one report; kept EPS 1.61 "
                + "(estimate 1.50, FY2026 Q4, bmo), dropped no EPS (estimate 1.52, FY2026 Q4, bmo)").isEqualTo(reversed.warnings());
    }

    @Test
    void crossCheckSkipsAFailingSecondAndTriesTheThird() {
        FakeSource nasdaq = new FakeSource("nasdaq").knows("NVDA", event("NVDA", FEB_25, EarningsSession.AMC, "nasdaq"));
        FakeSource finnhub = new FakeSource("finnhub").fails(Kind.NOT_CONFIGURED, "no api-key configured; skipped");
        FakeSource alpha = new FakeSource("alphavantage").knows("NVDA", event("NVDA", LocalDate.parse("2026-03-04"), EarningsSession.AMC, "av"));

        var ok = ok(calendar(true, nasdaq, finnhub, alpha).events(Set.of("NVDA"), FROM, TO, AS_OF));

        assertThat(ok.value()).singleElement().satisfies(e -> {
            assertThat(e.date()).isEqualTo(FEB_25);
            assertThat(e.confirmed()).isFalse();
        });
    }

    @Test
    void aProviderWhoseCircuitIsOpenIsSkipped() {
        FakeSource nasdaq = new FakeSource("nasdaq").fails(Kind.SERVER_ERROR, "HTTP 503");
        FakeSource finnhub = new FakeSource("finnhub").knows("NVDA");
        FallbackEarningsCalendar calendar = calendar(false, nasdaq, finnhub);

        for (int i = 0; i < 3; i++) {
            calendar.events(Set.of("NVDA"), FROM, TO, AS_OF);
        }

        assertThat(nasdaq.asked).hasSize(2);
        assertThat(ok(calendar.events(Set.of("NVDA"), FROM, TO, AS_OF)).warnings())
                .anySatisfy(w -> assertThat(w).startsWith("nasdaq: skipped, circuit open"));
    }
}
