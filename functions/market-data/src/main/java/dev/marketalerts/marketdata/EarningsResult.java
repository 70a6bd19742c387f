package dev.marketalerts.marketdata;

import dev.marketalerts.core.market.EarningsEvent;
import java.util.List;
import java.util.Set;

/**
 * What one earnings source returned: the events in the window for the requested symbols, the symbols it
 * answered for (an answered symbol without events has no report in the window), and notes worth logging.
 */
public record EarningsResult(List<EarningsEvent> events, Set<String> answered, List<String> warnings) {
    public EarningsResult {
        events = List.copyOf(events);
        answered = Set.copyOf(answered);
        warnings = List.copyOf(warnings);
    }
}
