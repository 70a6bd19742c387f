package dev.marketalerts.core.config;

import java.util.List;
import java.util.Map;

/** The {@code providers:} block: the fallback order per data kind and each provider's settings. */
public record ProvidersConfig(List<String> prices, List<String> crypto, List<String> earnings, Map<String, ProviderSettings> settings) {

    public static final List<String> DEFAULT_PRICES = List.of("yahoo", "finnhub", "alphavantage");
    public static final List<String> DEFAULT_CRYPTO = List.of("coingecko", "yahoo", "coinbase");
    public static final List<String> DEFAULT_EARNINGS = List.of("nasdaq", "finnhub", "alphavantage");
    /** Every provider name the adapters know. */
    public static final List<String> KNOWN = List.of("yahoo", "finnhub", "alphavantage", "coingecko", "coinbase", "nasdaq", "fmp");

    public ProvidersConfig {
        prices = List.copyOf(prices);
        crypto = List.copyOf(crypto);
        earnings = List.copyOf(earnings);
        settings = Map.copyOf(settings);
    }

    public static ProvidersConfig defaults() {
        return new ProvidersConfig(DEFAULT_PRICES, DEFAULT_CRYPTO, DEFAULT_EARNINGS, Map.of());
    }

    /** The settings for {@code name}, or empty settings (all defaults) when the file has none. */
    public ProviderSettings settingsFor(String name) {
        return settings.getOrDefault(name, new ProviderSettings(name, null, null, null));
    }
}
