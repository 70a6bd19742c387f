package dev.marketalerts.marketdata;

import dev.marketalerts.core.job.Fetched;
import dev.marketalerts.core.job.PriceFeed;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.marketdata.http.CircuitBreaker;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.Secrets;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live {@link PriceFeed}: for each instrument, tries the providers of its market's chain in order until
 * it has fresh daily history and a fresh, plausible quote, possibly from different providers. A provider is
 * left for the next on any failure (timeout, 5xx, 429, an error inside a 200, an unparsable or stale answer),
 * and skipped while its circuit is open. A quote that is not positive is never used; one that moves more
 * than 50% from the previous close is used only when a second provider agrees. Instruments are fetched
 * concurrently, at most {@code concurrency} at a time, within each provider's rate limit.
 */
public final class FallbackPriceFeed implements PriceFeed {
    private static final System.Logger LOG = System.getLogger(FallbackPriceFeed.class.getName());
    private static final BigDecimal MAX_JUMP = new BigDecimal("0.5");
    private static final BigDecimal AGREEMENT = new BigDecimal("0.02");

    private final Map<String, PriceSource> sources;
    private final Map<String, CircuitBreaker> breakers;
    private final List<String> equityChain;
    private final List<String> cryptoChain;
    private final DailyHistoryCache cache;
    private final Clock clock;
    private final int concurrency;
    private final Secrets secrets;

    public FallbackPriceFeed(Map<String, PriceSource> sources, Map<String, CircuitBreaker> breakers, List<String> equityChain,
            List<String> cryptoChain, DailyHistoryCache cache, Clock clock, int concurrency, Secrets secrets) {
        this.sources = Map.copyOf(sources);
        this.breakers = Map.copyOf(breakers);
        this.equityChain = List.copyOf(equityChain);
        this.cryptoChain = List.copyOf(cryptoChain);
        this.cache = cache;
        this.clock = clock;
        this.concurrency = Math.max(1, concurrency);
        this.secrets = secrets;
    }

    public List<String> chain(Market market) {
        return market == Market.CRYPTO ? cryptoChain : equityChain;
    }

    @Override
    public Map<String, Fetched<MarketSnapshot>> snapshots(List<Instrument> instruments, int barsNeeded, Instant asOf) {
        Map<String, Fetched<MarketSnapshot>> out = new LinkedHashMap<>();
        if (instruments.isEmpty()) {
            return out;
        }
        int threads = Math.min(concurrency, instruments.size());
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "market-data-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<Fetched<MarketSnapshot>>> futures = new LinkedHashMap<>();
            for (Instrument instrument : instruments) {
                Callable<Fetched<MarketSnapshot>> task = () -> snapshot(instrument, barsNeeded, asOf);
                futures.putIfAbsent(instrument.symbol(), pool.submit(task));
            }
            for (Map.Entry<String, Future<Fetched<MarketSnapshot>>> e : futures.entrySet()) {
                out.put(e.getKey(), await(e.getKey(), e.getValue()));
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private Fetched<MarketSnapshot> await(String symbol, Future<Fetched<MarketSnapshot>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fetched.failed(symbol + ": interrupted");
        } catch (ExecutionException e) {
            return Fetched.failed(secrets.redact(symbol + ": " + e.getCause()));
        }
    }

    /** The chain for one instrument. */
    Fetched<MarketSnapshot> snapshot(Instrument instrument, int barsNeeded, Instant asOf) {
        Market market = instrument.market();
        String symbol = instrument.symbol();
        LocalDate today = asOf.atZone(market.zone()).toLocalDate();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<DailyBar> bars = null;
        String barsProvider = null;
        Quote quote = null;
        Quote suspect = null;
        BigDecimal suspectPrevious = null;

        for (String name : chain(market)) {
            boolean needBars = bars == null && barsNeeded > 0;
            boolean needQuote = quote == null;
            if (!needBars && !needQuote) {
                break;
            }
            PriceSource source = sources.get(name);
            if (source == null) {
                problems.add(name + ": not a price provider; skipped");
                continue;
            }
            if (!source.covers(instrument) || !needQuote && !source.history()) {
                continue;
            }
            CircuitBreaker breaker = breakers.get(name);
            if (breaker != null && !breaker.tryAcquire()) {
                problems.add(name + ": " + symbol + ": skipped, circuit open after repeated failures (until " + breaker.openUntil() + ")");
                continue;
            }
            List<DailyBar> cached = needBars ? cache.get(name, symbol, today) : null;
            boolean refresh = cached != null && cached.size() >= barsNeeded;
            PriceData data;
            try {
                data = source.fetch(instrument, new PriceRequest(needBars ? barsNeeded : 0, needQuote, refresh, asOf));
                if (breaker != null) {
                    breaker.onSuccess();
                }
            } catch (ProviderException e) {
                record(breaker, e);
                problems.add(e.getMessage());
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, secrets.redact(e.getMessage()));
                }
                continue;
            } catch (RuntimeException e) {
                if (breaker != null) {
                    breaker.onFailure();
                }
                problems.add(name + ": " + symbol + ": unexpected " + e);
                continue;
            }
            warnings.addAll(data.warnings());

            if (needBars && (refresh || !data.bars().isEmpty())) {
                List<DailyBar> merged = merge(name, symbol, refresh ? cached : List.of(), data.bars(), today, warnings);
                if (!Freshness.isFresh(merged, market, asOf)) {
                    problems.add(name + ": " + symbol + ": daily history "
                            + (merged.isEmpty() ? "is empty" : "ends " + merged.get(merged.size() - 1).date())
                            + ", stale for " + asOf + "; not used");
                } else {
                    bars = merged;
                    barsProvider = name;
                    cache.put(name, symbol, today, merged);
                }
            }

            if (needQuote && data.quote() != null) {
                Quote q = data.quote();
                if (q.price().signum() <= 0) {
                    problems.add(name + ": " + symbol + ": quote " + q.price().toPlainString() + " is not a price; not used");
                } else if (!Freshness.isFresh(q, market, asOf)) {
                    problems.add(name + ": " + symbol + ": quote from " + q.asOf() + " is older than " + market.staleness().toMinutes()
                            + " minutes of trading as of " + asOf + "; not used");
                } else if (suspect != null) {
                    if (agrees(suspect.price(), q.price())) {
                        warnings.add(symbol + ": " + suspect.provider() + "'s " + suspect.price().toPlainString() + " moved more than 50% from "
                                + suspectPrevious.toPlainString() + "; " + name + " confirms it (" + q.price().toPlainString() + ")");
                        quote = suspect;
                        suspect = null;
                    } else if (!jumps(q.price(), suspectPrevious)) {
                        warnings.add(symbol + ": " + suspect.provider() + "'s " + suspect.price().toPlainString()
                                + " moved more than 50% from " + suspectPrevious.toPlainString() + " and " + name
                                + " disagrees (" + q.price().toPlainString() + "); using " + name);
                        quote = q;
                        suspect = null;
                    } else {
                        problems.add(name + ": " + symbol + ": " + q.price().toPlainString() + " does not confirm "
                                + suspect.provider() + "'s " + suspect.price().toPlainString());
                    }
                } else {
                    BigDecimal previous = previousClose(bars != null ? bars : data.bars(), q, market);
                    if (previous == null) {
                        previous = data.previousClose();
                    }
                    if (previous != null && previous.signum() > 0 && jumps(q.price(), previous)) {
                        suspect = q;
                        suspectPrevious = previous;
                    } else {
                        quote = q;
                    }
                }
            }
        }

        if (suspect != null) {
            warnings.add(symbol + ": " + suspect.provider() + "'s quote " + suspect.price().toPlainString() + " moved more than 50% from the "
                    + "previous close " + suspectPrevious.toPlainString() + " and no second provider confirmed it; not used");
            LocalDate quoteDay = suspect.asOf().atZone(market.zone()).toLocalDate();
            if (bars != null && suspect.provider().equals(barsProvider) && !bars.isEmpty()
                    && bars.get(bars.size() - 1).date().equals(quoteDay)) {
                // The same provider's bar for that day carries the same doubtful print.
                bars = bars.subList(0, bars.size() - 1);
            }
        }
        if (bars == null && quote == null) {
            String why = problems.isEmpty() ? "no provider in " + chain(market) + " covers it" : String.join("; ", problems);
            return Fetched.failed(secrets.redact(symbol + ": no price data: " + why));
        }
        List<String> notes = new ArrayList<>();
        for (String p : problems) {
            notes.add(secrets.redact(p));
        }
        for (String w : warnings) {
            notes.add(secrets.redact(w));
        }
        if (bars == null && barsNeeded > 0) {
            notes.add(symbol + ": no daily history; rules that need it are unknown");
        }
        if (quote == null) {
            notes.add(symbol + ": no fresh quote; rules on the price are unknown");
        }
        MarketSnapshot snapshot = new MarketSnapshot(instrument, bars == null ? List.of() : bars, quote, barsProvider, asOf);
        return new Fetched.Ok<>(snapshot, notes);
    }

    private void record(CircuitBreaker breaker, ProviderException e) {
        if (breaker == null) {
            return;
        }
        if (e.retryAfter() != null && !e.retryAfter().isZero()) {
            // A Retry-After too long to wait for: leave the provider alone until then.
            breaker.openUntil(clock.instant().plus(e.retryAfter()));
        } else if (e.kind().tripsBreaker()) {
            breaker.onFailure();
        } else {
            breaker.onNeutral();
        }
    }

    /** Cached bars refreshed by new ones (same date: the new bar wins), without future or non-positive bars. */
    private static List<DailyBar> merge(String provider, String symbol, List<DailyBar> cached, List<DailyBar> fresh, LocalDate today,
            List<String> warnings) {
        TreeMap<LocalDate, DailyBar> byDate = new TreeMap<>();
        for (DailyBar b : cached) {
            byDate.put(b.date(), b);
        }
        for (DailyBar b : fresh) {
            byDate.put(b.date(), b);
        }
        byDate.tailMap(today, false).clear();
        int dropped = 0;
        for (var it = byDate.values().iterator(); it.hasNext();) {
            if (it.next().close().signum() <= 0) {
                it.remove();
                dropped++;
            }
        }
        if (dropped > 0) {
            warnings.add(provider + ": " + symbol + ": dropped " + dropped + " daily bar(s) with a close <= 0");
        }
        return new ArrayList<>(byDate.values());
    }

    /** The close of the last bar dated before the quote's day. */
    private static BigDecimal previousClose(List<DailyBar> bars, Quote quote, Market market) {
        LocalDate quoteDay = quote.asOf().atZone(market.zone()).toLocalDate();
        for (int i = bars.size() - 1; i >= 0; i--) {
            if (bars.get(i).date().isBefore(quoteDay)) {
                return bars.get(i).close();
            }
        }
        return null;
    }

    static boolean jumps(BigDecimal price, BigDecimal previous) {
        return price.subtract(previous).abs().divide(previous, MathContext.DECIMAL64).compareTo(MAX_JUMP) > 0;
    }

    static boolean agrees(BigDecimal a, BigDecimal b) {
        return a.subtract(b).abs().divide(a, MathContext.DECIMAL64).compareTo(AGREEMENT) <= 0;
    }
}
