package dev.marketalerts.marketdata;

import dev.marketalerts.core.market.DailyBar;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Completed daily bars per (provider, symbol) for one exchange day, kept for the life of the container so
 * that warm invocations only refresh the last few sessions. Entries of earlier days are dropped.
 */
public final class DailyHistoryCache {

    private record Key(String provider, String symbol, LocalDate day) {
    }

    private static final DailyHistoryCache SHARED = new DailyHistoryCache();

    private final Map<Key, List<DailyBar>> entries = new ConcurrentHashMap<>();

    /**
     * The cache of this process (a Lambda container): warm invocations find it even when they build their
     * chains anew.
     */
    public static DailyHistoryCache shared() {
        return SHARED;
    }

    /** The completed bars cached today for this provider and symbol, or null. */
    public List<DailyBar> get(String provider, String symbol, LocalDate day) {
        return entries.get(new Key(provider, symbol, day));
    }

    /** Caches the bars dated before {@code day} (the day's own bar may still change). */
    public void put(String provider, String symbol, LocalDate day, List<DailyBar> bars) {
        entries.keySet().removeIf(k -> !k.day().equals(day) && k.symbol().equals(symbol));
        List<DailyBar> completed = bars.stream().filter(b -> b.date().isBefore(day)).toList();
        if (!completed.isEmpty()) {
            entries.put(new Key(provider, symbol, day), completed);
        }
    }

    public int size() {
        return entries.size();
    }
}
