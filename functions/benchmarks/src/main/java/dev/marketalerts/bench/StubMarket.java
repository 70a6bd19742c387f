package dev.marketalerts.bench;

import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigException;
import dev.marketalerts.core.config.ConfigLoader;
import dev.marketalerts.marketdata.DailyHistoryCache;
import dev.marketalerts.marketdata.KeyResolver;
import dev.marketalerts.marketdata.MarketDataOptions;
import dev.marketalerts.marketdata.factory.MarketDataFactory;
import java.time.Clock;
import java.util.Map;

/** The real market-data chain ({@link MarketDataFactory}) configured through alerts.yaml to read from a {@link ProviderStub}. */
final class StubMarket {
    private StubMarket() {
    }

    /** The providers block a user would write to point Yahoo (and the unused earnings chain) at the stub. */
    static String providersYaml(ProviderStub stub) {
        return "providers:\n"
                + "  prices: [yahoo]\n"
                + "  crypto: [yahoo]\n"
                + "  earnings: [nasdaq]\n"
                + "  yahoo: { base-url: " + stub.baseUrl() + " }\n"
                + "  nasdaq: { base-url: " + stub.baseUrl() + " }\n";
    }

    static AlertsConfig config(int symbols, int rules, ProviderStub stub) throws ConfigException {
        return ConfigLoader.load("bench-alerts.yaml", Configs.alertsYaml(symbols, rules, providersYaml(stub)), Map.of());
    }

    /**
     * The production options with the configured concurrency, but without the per-provider request budgets (Yahoo's
     * polite 2 requests/s on average would otherwise be all that is measured: 500 symbols take minutes at that rate),
     * and with a history cache of the factory's own rather than the process-wide one.
     */
    static MarketDataOptions options() {
        return MarketDataOptions.defaults().withRateLimits(Map.of()).withHistoryCache(new DailyHistoryCache());
    }

    static MarketDataFactory factory(AlertsConfig config, Clock clock) {
        return new MarketDataFactory(config.providers(), KeyResolver.LOCAL, clock, options());
    }
}
