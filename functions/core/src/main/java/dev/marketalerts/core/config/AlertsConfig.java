package dev.marketalerts.core.config;

import dev.marketalerts.core.market.Instrument;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** A validated alerts.yaml: the zone dates are read in, the watchlist, the rules and the providers. */
public record AlertsConfig(ZoneId timezone, List<Instrument> watchlist, List<RuleConfig> rules, ProvidersConfig providers) {
    public AlertsConfig {
        watchlist = List.copyOf(watchlist);
        rules = List.copyOf(rules);
        providers = providers == null ? ProvidersConfig.defaults() : providers;
    }

    public Optional<Instrument> instrument(String symbol) {
        return watchlist.stream().filter(i -> i.symbol().equals(symbol)).findFirst();
    }
}
