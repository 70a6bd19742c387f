package dev.marketalerts.marketdata;

import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.marketdata.http.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Runs a per-symbol earnings request for each symbol, keeping the answers it got and failing only if all failed. */
public final class PerSymbol {

    /** One symbol's request. */
    @FunctionalInterface
    public interface Fetch {
        List<EarningsEvent> events(String symbol) throws ProviderException;
    }

    private PerSymbol() {
    }

    public static EarningsResult collect(Set<String> symbols, Fetch fetch) throws ProviderException {
        List<EarningsEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> answered = new TreeSet<>();
        ProviderException first = null;
        for (String symbol : new TreeSet<>(symbols)) {
            try {
                events.addAll(fetch.events(symbol));
                answered.add(symbol);
            } catch (ProviderException e) {
                if (first == null) {
                    first = e;
                }
                warnings.add(e.getMessage());
                if (e.kind() == ProviderException.Kind.NOT_CONFIGURED || e.kind() == ProviderException.Kind.LOCAL_RATE_LIMIT
                        || e.kind() == ProviderException.Kind.THROTTLED || e.kind() == ProviderException.Kind.TIMEOUT) {
                    break; // the next symbol would meet the same wall
                }
            }
        }
        if (answered.isEmpty() && first != null) {
            throw first;
        }
        return new EarningsResult(events, answered, warnings);
    }
}
