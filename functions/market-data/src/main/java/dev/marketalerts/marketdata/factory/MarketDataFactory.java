package dev.marketalerts.marketdata.factory;

import dev.marketalerts.core.config.ProviderSettings;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.job.EarningsCalendar;
import dev.marketalerts.core.job.PriceFeed;
import dev.marketalerts.marketdata.ApiKey;
import dev.marketalerts.marketdata.EarningsSource;
import dev.marketalerts.marketdata.FallbackEarningsCalendar;
import dev.marketalerts.marketdata.FallbackPriceFeed;
import dev.marketalerts.marketdata.KeyResolver;
import dev.marketalerts.marketdata.MarketDataOptions;
import dev.marketalerts.marketdata.PriceSource;
import dev.marketalerts.marketdata.alphavantage.AlphaVantageEarningsSource;
import dev.marketalerts.marketdata.alphavantage.AlphaVantagePriceSource;
import dev.marketalerts.marketdata.coinbase.CoinbaseSpotSource;
import dev.marketalerts.marketdata.coingecko.CoinGeckoPriceSource;
import dev.marketalerts.marketdata.finnhub.FinnhubEarningsSource;
import dev.marketalerts.marketdata.finnhub.FinnhubQuoteSource;
import dev.marketalerts.marketdata.fmp.FmpEarningsSource;
import dev.marketalerts.marketdata.http.CircuitBreaker;
import dev.marketalerts.marketdata.http.HttpTransport;
import dev.marketalerts.marketdata.http.ProviderHttp;
import dev.marketalerts.marketdata.http.RateLimiter;
import dev.marketalerts.marketdata.http.Secrets;
import dev.marketalerts.marketdata.nasdaq.NasdaqEarningsSource;
import dev.marketalerts.marketdata.yahoo.YahooPriceSource;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the live price feed and earnings calendar from the {@code providers:} block: one HTTP client,
 * rate limiter, circuit breaker and API key per provider, shared by both chains. The daily-history cache is
 * process-wide by default; keep one factory per process (per Lambda container) so that warm invocations
 * also reuse its circuit breakers and rate limits.
 */
public final class MarketDataFactory {

    private final Secrets secrets = new Secrets();
    private final Map<String, ProviderHttp> https = new LinkedHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final Map<String, ApiKey> keys = new LinkedHashMap<>();
    private final FallbackPriceFeed priceFeed;
    private final FallbackEarningsCalendar earningsCalendar;

    public MarketDataFactory(ProvidersConfig config, KeyResolver keyResolver, Clock clock) {
        this(config, keyResolver, clock, MarketDataOptions.defaults());
    }

    public MarketDataFactory(ProvidersConfig config, KeyResolver keyResolver, Clock clock, MarketDataOptions options) {
        Set<String> used = new LinkedHashSet<>();
        used.addAll(config.prices());
        used.addAll(config.crypto());
        used.addAll(config.earnings());
        for (String name : used) {
            if (!ProvidersConfig.KNOWN.contains(name)) {
                continue;
            }
            ProviderSettings settings = config.settingsFor(name);
            Duration timeout = settings.timeout() == null ? options.defaultTimeout() : settings.timeout();
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("providers." + name + ".timeout must be positive, was " + timeout);
            }
            Duration connect = timeout.compareTo(options.maxConnectTimeout()) < 0 ? timeout : options.maxConnectTimeout();
            HttpTransport transport = new HttpTransport(connect);
            RateLimiter limiter = new RateLimiter(options.limitsFor(name), options.nanoTime(), options.sleeper());
            https.put(name, new ProviderHttp(name, transport, timeout, options.retry(), limiter, options.maxRateLimitWait(),
                    options.sleeper(), options.random(), clock, secrets));
            breakers.put(name, new CircuitBreaker(options.breakerThreshold(), options.breakerCoolDown(), clock));
            keys.put(name, new ApiKey(name, settings.apiKey(), keyResolver, secrets, clock));
        }

        Map<String, PriceSource> priceSources = new LinkedHashMap<>();
        Map<String, EarningsSource> earningsSources = new LinkedHashMap<>();
        for (String name : https.keySet()) {
            ProviderHttp http = https.get(name);
            String base = config.settingsFor(name).baseUrl();
            ApiKey key = keys.get(name);
            switch (name) {
                case "yahoo" -> priceSources.put(name, new YahooPriceSource(http, base));
                case "finnhub" -> {
                    priceSources.put(name, new FinnhubQuoteSource(http, base, key));
                    earningsSources.put(name, new FinnhubEarningsSource(http, base, key));
                }
                case "alphavantage" -> {
                    priceSources.put(name, new AlphaVantagePriceSource(http, base, key));
                    earningsSources.put(name, new AlphaVantageEarningsSource(http, base, key));
                }
                case "coingecko" -> priceSources.put(name, new CoinGeckoPriceSource(http, base, key));
                case "coinbase" -> priceSources.put(name, new CoinbaseSpotSource(http, base));
                case "nasdaq" -> earningsSources.put(name, new NasdaqEarningsSource(http, base));
                case "fmp" -> earningsSources.put(name, new FmpEarningsSource(http, base, key));
                default -> throw new IllegalStateException("no adapter for provider " + name);
            }
        }
        priceFeed = new FallbackPriceFeed(priceSources, breakers, config.prices(), config.crypto(), options.historyCache(), clock,
                options.concurrency(), secrets);
        earningsCalendar = new FallbackEarningsCalendar(earningsSources, breakers, config.earnings(), options.crossCheckEarnings(), clock,
                secrets);
    }

    /** Yahoo, Finnhub, Alpha Vantage for stocks; CoinGecko, Yahoo, Coinbase for crypto (or as configured). */
    public PriceFeed priceFeed() {
        return priceFeed;
    }

    public EarningsCalendar earningsCalendar() {
        return earningsCalendar;
    }

    /** Scrubs every API key this factory knows (and credential-looking parameters) out of a text. */
    public String redact(String text) {
        return secrets.redact(text);
    }

    /** The providers the chains use, in first-use order. */
    public List<String> providers() {
        return List.copyOf(https.keySet());
    }

    CircuitBreaker breaker(String provider) {
        return breakers.get(provider);
    }
}
