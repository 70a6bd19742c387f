package dev.marketalerts.core.config;

import dev.marketalerts.core.market.Instrument;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A validated alerts.yaml: the zone dates are read in, the watchlist, the rules, the providers, and after how many
 * consecutive ticks without usable data (or without a working publish) a health incident opens (0: never).
 */
public record AlertsConfig(ZoneId timezone, List<Instrument> watchlist, List<RuleConfig> rules, ProvidersConfig providers,
                           int healthAfter) {
    public static final int DEFAULT_HEALTH_AFTER = 3;
    public static final int MAX_HEALTH_AFTER = 1000;

    public AlertsConfig {
        watchlist = List.copyOf(watchlist);
        rules = List.copyOf(rules);
        providers = providers == null ? ProvidersConfig.defaults() : providers;
        if (healthAfter < 0 || healthAfter > MAX_HEALTH_AFTER) {
            throw new IllegalArgumentException("health.after must be 0 to " + MAX_HEALTH_AFTER);
        }
    }

    public AlertsConfig(ZoneId timezone, List<Instrument> watchlist, List<RuleConfig> rules, ProvidersConfig providers) {
        this(timezone, watchlist, rules, providers, DEFAULT_HEALTH_AFTER);
    }

    public AlertsConfig withHealthAfter(int after) {
        return new AlertsConfig(timezone, watchlist, rules, providers, after);
    }

    public Optional<Instrument> instrument(String symbol) {
        return watchlist.stream().filter(i -> i.symbol().equals(symbol)).findFirst();
    }
}
