package dev.marketalerts.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.marketdata.http.CircuitBreaker;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FallbackPriceFeedTest {
    /** Thursday 2026-02-12, 15:00 in New York: the session is open. */
    private static final Instant AS_OF = Instant.parse("2026-02-12T20:00:00Z");
    private static final Clock CLOCK = Clock.fixed(AS_OF, java.time.ZoneOffset.UTC);
    private static final Instrument NVDA = Instrument.equity("NVDA");

    /** A scripted source: answers (PriceData or ProviderException) are used in order, the last one repeats. */
    static final class FakeSource implements PriceSource {
        final String name;
        final boolean history;
        final Market market;
        final Deque<Object> answers = new ArrayDeque<>();
        final List<PriceRequest> requests = new CopyOnWriteArrayList<>();

        FakeSource(String name, boolean history, Market market, Object... answers) {
            this.name = name;
            this.history = history;
            this.market = market;
            this.answers.addAll(List.of(answers));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean covers(Instrument instrument) {
            return instrument.market() == market;
        }

        @Override
        public boolean history() {
            return history;
        }

        @Override
        public synchronized PriceData fetch(Instrument instrument, PriceRequest request) throws ProviderException {
            requests.add(request);
            Object a = answers.size() > 1 ? answers.poll() : answers.peek();
            if (a instanceof ProviderException e) {
                throw e;
            }
            return (PriceData) a;
        }
    }

    private final Map<String, CircuitBreaker> breakers = new HashMap<>();
    private final Secrets secrets = new Secrets();

    private FallbackPriceFeed feed(DailyHistoryCache cache, int concurrency, FakeSource... sources) {
        Map<String, PriceSource> map = new HashMap<>();
        List<String> equity = new ArrayList<>();
        List<String> crypto = new ArrayList<>();
        for (FakeSource s : sources) {
            map.put(s.name, s);
            (s.market == Market.CRYPTO ? crypto : equity).add(s.name);
            breakers.putIfAbsent(s.name, new CircuitBreaker(2, Duration.ofMinutes(5), CLOCK));
        }
        return new FallbackPriceFeed(map, breakers, equity, crypto, cache, CLOCK, concurrency, secrets);
    }

    private FallbackPriceFeed feed(FakeSource... sources) {
        return feed(new DailyHistoryCache(), 4, sources);
    }

    private static List<DailyBar> bars(String lastDate, String... closes) {
        List<DailyBar> out = new ArrayList<>();
        LocalDate d = LocalDate.parse(lastDate);
        for (int i = closes.length - 1; i >= 0; i--) {
            out.add(0, DailyBar.close(d, new BigDecimal(closes[i])));
            d = d.minusDays(1);
            while (d.getDayOfWeek().getValue() > 5) {
                d = d.minusDays(1);
            }
        }
        return out;
    }

    private static Quote quote(String price, String provider, Instant at) {
        return new Quote(new BigDecimal(price), at, provider);
    }

    private static PriceData data(List<DailyBar> bars, Quote quote) {
        return new PriceData(bars, quote, null, List.of());
    }

    private static ProviderException failure(String provider, Kind kind, String message) {
        return new ProviderException(provider, kind, message);
    }

    private static MarketSnapshot ok(Fetched<MarketSnapshot> f) {
        assertThat(f).isInstanceOf(Fetched.Ok.class);
        return ((Fetched.Ok<MarketSnapshot>) f).value();
    }

    private static List<String> warnings(Fetched<MarketSnapshot> f) {
        return ((Fetched.Ok<MarketSnapshot>) f).warnings();
    }

    private static final Instant FRESH = AS_OF.minusSeconds(60);

    @Test
    void theFirstProviderWithHistoryAndAFreshQuoteIsTheOnlyOneAsked() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, data(bars("2026-02-12", "190.05", "186.94"), quote("186.94", "yahoo", FRESH)));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, data(List.of(), quote("187", "finnhub", FRESH)));

        MarketSnapshot s = ok(feed(yahoo, finnhub).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA"));

        assertThat(s.quote().provider()).isEqualTo("yahoo");
        assertThat(s.barsProvider()).isEqualTo("yahoo");
        assertThat(s.bars()).hasSize(2);
        assertThat(finnhub.requests).isEmpty();
    }

    @Test
    void fallsBackInChainOrderAndCombinesAQuoteWithAnotherProvidersHistory() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, failure("yahoo", Kind.TIMEOUT, "NVDA: no answer within 4s"));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, data(List.of(), quote("186.90", "finnhub", FRESH)));
        FakeSource alpha = new FakeSource("alphavantage", true, Market.US_EQUITY, data(bars("2026-02-11", "188.54", "190.05"), null));

        Fetched<MarketSnapshot> f = feed(yahoo, finnhub, alpha).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        MarketSnapshot s = ok(f);
        assertThat(s.quote()).isEqualTo(quote("186.90", "finnhub", FRESH));
        assertThat(s.barsProvider()).isEqualTo("alphavantage");
        assertThat(alpha.requests).singleElement().satisfies(r -> {
            assertThat(r.quote()).as("the quote is already there").isFalse();
            assertThat(r.bars()).isEqualTo(2);
        });
        assertThat(warnings(f)).anySatisfy(w -> assertThat(w).contains("yahoo: NVDA: no answer within 4s"));
    }

    @Test
    void aStaleQuoteIsNotUsedAndTheNextProviderIsAsked() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY,
                data(bars("2026-02-12", "190.05", "186.94"), quote("186.94", "yahoo", AS_OF.minus(Duration.ofHours(2)))));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, data(List.of(), quote("186.50", "finnhub", FRESH)));

        Fetched<MarketSnapshot> f = feed(yahoo, finnhub).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        assertThat(ok(f).quote().provider()).isEqualTo("finnhub");
        assertThat(ok(f).barsProvider()).isEqualTo("yahoo");
        assertThat(warnings(f)).anySatisfy(w -> assertThat(w).contains("yahoo: NVDA: quote from 2026-02-12T18:00:00Z is older than 30 minutes"));
    }

    @Test
    void noFreshQuoteAnywhereLeavesThePriceUnknownButKeepsHistory() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY,
                data(bars("2026-02-12", "190.05", "186.94"), quote("186.94", "yahoo", AS_OF.minus(Duration.ofHours(2)))));

        Fetched<MarketSnapshot> f = feed(yahoo).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        assertThat(ok(f).quote()).isNull();
        assertThat(ok(f).bars()).hasSize(2);
        assertThat(warnings(f)).anySatisfy(w -> assertThat(w).contains("no fresh quote"));
    }

    @Test
    void staleHistoryIsNotUsed() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, data(bars("2026-02-09", "185.41", "190.04"), quote("186.94", "yahoo", FRESH)));
        FakeSource alpha = new FakeSource("alphavantage", true, Market.US_EQUITY, data(bars("2026-02-11", "188.54", "190.05"), null));

        Fetched<MarketSnapshot> f = feed(yahoo, alpha).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        assertThat(ok(f).barsProvider()).isEqualTo("alphavantage");
        assertThat(ok(f).quote().provider()).isEqualTo("yahoo");
        assertThat(warnings(f)).anySatisfy(w -> assertThat(w).contains("daily history ends 2026-02-09, stale"));
    }

    @Test
    void aPriceOfZeroOrLessIsNeverUsed() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, data(bars("2026-02-11", "188.54", "190.05"), quote("0", "yahoo", FRESH)));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, data(List.of(), quote("-1", "finnhub", FRESH)));

        Fetched<MarketSnapshot> f = feed(yahoo, finnhub).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        assertThat(ok(f).quote()).isNull();
        assertThat(warnings(f)).anySatisfy(w -> assertThat(w).contains("quote 0 is not a price"))
                .anySatisfy(w -> assertThat(w).contains("quote -1 is not a price"));
    }

    @Test
    void aJumpOfMoreThanHalfIsUsedOnlyWhenASecondProviderAgrees() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, data(bars("2026-02-11", "188.54", "190.05"), quote("300.00", "yahoo", FRESH)));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, data(List.of(), quote("298.00", "finnhub", FRESH)));

        Fetched<MarketSnapshot> f = feed(yahoo, finnhub).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        assertThat(ok(f).quote()).isEqualTo(quote("300.00", "yahoo", FRESH));
        assertThat(warnings(f)).anySatisfy(w -> assertThat(w).contains("finnhub confirms it"));
    }

    @Test
    void aJumpThatTheSecondProviderContradictsGivesWayToTheSecondProvider() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, data(bars("2026-02-11", "188.54", "190.05"), quote("19.00", "yahoo", FRESH)));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, data(List.of(), quote("189.00", "finnhub", FRESH)));

        Fetched<MarketSnapshot> f = feed(yahoo, finnhub).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        assertThat(ok(f).quote().provider()).isEqualTo("finnhub");
        assertThat(warnings(f)).anySatisfy(w -> assertThat(w).contains("finnhub disagrees"));
    }

    @Test
    void anUnconfirmedJumpIsDroppedWithTheSameProvidersBarOfThatDay() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY,
                data(bars("2026-02-12", "188.54", "190.05", "300.00"), quote("300.00", "yahoo", FRESH)));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, failure("finnhub", Kind.NOT_CONFIGURED, "no api-key configured; skipped"));

        Fetched<MarketSnapshot> f = feed(yahoo, finnhub).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        assertThat(ok(f).quote()).isNull();
        assertThat(ok(f).bars()).extracting(DailyBar::date).containsExactly(LocalDate.parse("2026-02-10"), LocalDate.parse("2026-02-11"));
        assertThat(warnings(f)).anySatisfy(w -> assertThat(w).contains("no second provider confirmed it; not used"))
                .anySatisfy(w -> assertThat(w).contains("finnhub: no api-key configured; skipped"));
    }

    @Test
    void whenEveryProviderFailsTheReasonNamesEachInOrder() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, failure("yahoo", Kind.SERVER_ERROR, "NVDA: HTTP 503"));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, failure("finnhub", Kind.THROTTLED, "NVDA: HTTP 429"));
        FakeSource alpha = new FakeSource("alphavantage", true, Market.US_EQUITY, failure("alphavantage", Kind.THROTTLED,
                "NVDA: Information: Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day."));

        Fetched<MarketSnapshot> f = feed(yahoo, finnhub, alpha).snapshots(List.of(NVDA), 2, AS_OF).get("NVDA");

        assertThat(f).isInstanceOfSatisfying(Fetched.Failed.class, failed -> assertThat(failed.reason())
                .matches("NVDA: no price data: yahoo: NVDA: HTTP 503; finnhub: NVDA: HTTP 429; alphavantage: NVDA: Information: .*"));
    }

    @Test
    void aProviderThatKeepsFailingIsSkippedOnceItsCircuitOpens() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, failure("yahoo", Kind.TIMEOUT, "no answer within 4s"));
        FakeSource finnhub = new FakeSource("finnhub", false, Market.US_EQUITY, data(List.of(), quote("186.90", "finnhub", FRESH)));
        FallbackPriceFeed feed = feed(new DailyHistoryCache(), 1, yahoo, finnhub);

        Map<String, Fetched<MarketSnapshot>> out = feed.snapshots(
                List.of(NVDA, Instrument.equity("MSFT"), Instrument.equity("AMZN"), Instrument.equity("META")), 0, AS_OF);

        assertThat(yahoo.requests).as("threshold 2").hasSize(2);
        assertThat(finnhub.requests).hasSize(4);
        assertThat(warnings(out.get("AMZN"))).anySatisfy(w -> assertThat(w).contains("yahoo: AMZN: skipped, circuit open"));
        assertThat(breakers.get("yahoo").state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void anUnknownSymbolDoesNotTripTheBreaker() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, failure("yahoo", Kind.NO_DATA, "HTTP 404"));
        FallbackPriceFeed feed = feed(new DailyHistoryCache(), 1, yahoo);

        feed.snapshots(List.of(Instrument.equity("AAA"), Instrument.equity("BBB"), Instrument.equity("CCC")), 0, AS_OF);

        assertThat(yahoo.requests).hasSize(3);
        assertThat(breakers.get("yahoo").state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aWarmInvocationOnTheSameDayOnlyRefreshesTheLastSessions() {
        List<DailyBar> full = bars("2026-02-12", "185.41", "190.04", "188.54", "190.05", "186.00");
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY,
                data(full, quote("186.00", "yahoo", FRESH)),
                data(bars("2026-02-12", "190.05", "186.94"), quote("186.94", "yahoo", AS_OF)));
        DailyHistoryCache cache = new DailyHistoryCache();
        FallbackPriceFeed feed = feed(cache, 4, yahoo);

        feed.snapshots(List.of(NVDA), 4, AS_OF.minusSeconds(600));
        MarketSnapshot warm = ok(feed.snapshots(List.of(NVDA), 4, AS_OF).get("NVDA"));

        assertThat(yahoo.requests).extracting(PriceRequest::refresh).containsExactly(false, true);
        assertThat(warm.bars()).extracting(DailyBar::close).containsExactly(new BigDecimal("185.41"), new BigDecimal("190.04"),
                new BigDecimal("188.54"), new BigDecimal("190.05"), new BigDecimal("186.94"));
    }

    @Test
    void theNextDayStartsWithAFullHistoryAgain() {
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, data(bars("2026-02-12", "188.54", "190.05", "186.94"), null));
        DailyHistoryCache cache = new DailyHistoryCache();
        FallbackPriceFeed feed = feed(cache, 4, yahoo);

        feed.snapshots(List.of(NVDA), 2, AS_OF);
        feed.snapshots(List.of(NVDA), 2, Instant.parse("2026-02-13T15:00:00Z"));

        assertThat(yahoo.requests).extracting(PriceRequest::refresh).containsExactly(false, false);
    }

    @Test
    void cryptoUsesTheCryptoChain() {
        FakeSource gecko = new FakeSource("coingecko", true, Market.CRYPTO, failure("coingecko", Kind.THROTTLED, "BTC-USD: HTTP 429"));
        FakeSource coinbase = new FakeSource("coinbase", false, Market.CRYPTO, data(List.of(), quote("95000", "coinbase", AS_OF)));
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY, data(List.of(), quote("1", "yahoo", AS_OF)));

        MarketSnapshot s = ok(feed(gecko, coinbase, yahoo).snapshots(List.of(Instrument.crypto("BTC-USD")), 0, AS_OF).get("BTC-USD"));

        assertThat(s.quote().provider()).isEqualTo("coinbase");
        assertThat(yahoo.requests).isEmpty();
    }

    @Test
    void symbolsAreFetchedConcurrentlyButNoMoreThanTheLimitAtOnce() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        AtomicInteger barrierPassed = new AtomicInteger();
        PriceSource slow = new PriceSource() {
            @Override
            public String name() {
                return "yahoo";
            }

            @Override
            public boolean covers(Instrument instrument) {
                return true;
            }

            @Override
            public PriceData fetch(Instrument instrument, PriceRequest request) {
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                try {
                    if (barrierPassed.get() == 0) {
                        bothRunning.await(5, TimeUnit.SECONDS);
                        barrierPassed.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("two fetches never ran at the same time", e);
                } finally {
                    inFlight.decrementAndGet();
                }
                return data(List.of(), quote("10", "yahoo", FRESH));
            }
        };
        FallbackPriceFeed feed = new FallbackPriceFeed(Map.of("yahoo", slow), Map.of(), List.of("yahoo"), List.of(), new DailyHistoryCache(),
                CLOCK, 2, secrets);
        List<Instrument> many = List.of(NVDA, Instrument.equity("MSFT"), Instrument.equity("META"), Instrument.equity("AMZN"),
                Instrument.equity("IREN"), Instrument.equity("HUT"));

        Map<String, Fetched<MarketSnapshot>> out = feed.snapshots(many, 0, AS_OF);

        assertThat(out.keySet()).containsExactly("NVDA", "MSFT", "META", "AMZN", "IREN", "HUT");
        assertThat(out.values()).allSatisfy(f -> assertThat(f).isInstanceOf(Fetched.Ok.class));
        assertThat(maxInFlight.get()).isEqualTo(2);
    }

    @Test
    void aKeyInAnyMessageIsRedactedFromReasonsAndWarnings() {
        secrets.register(ProviderFixtures.SECRET);
        FakeSource yahoo = new FakeSource("yahoo", true, Market.US_EQUITY,
                failure("yahoo", Kind.CLIENT_ERROR, "NVDA: rejected key " + ProviderFixtures.SECRET));

        Fetched<MarketSnapshot> f = feed(yahoo).snapshots(List.of(NVDA), 0, AS_OF).get("NVDA");

        assertThat(f).isInstanceOfSatisfying(Fetched.Failed.class, failed -> assertThat(failed.reason())
                .doesNotContain(ProviderFixtures.SECRET).contains("rejected key ***"));
    }
}
