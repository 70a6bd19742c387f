package dev.marketalerts.marketdata;

import dev.marketalerts.core.market.DailyBar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Completed daily bars per (provider, symbol) for one exchange day, kept for the life of the container so
 * that warm invocations only refresh the last few sessions. Entries of earlier days are dropped.
 */
public final class DailyHistoryCache {

    /**
     * equals and hashCode written out: a record's are bootstrapped through {@code ObjectMethods} on first use, which
     * a cold start pays on every fetch thread at once (so do lambdas: this class runs on all of them, hence the loops).
     */
    private record Key(String provider, String symbol, LocalDate day) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(provider, k.provider) && Objects.equals(symbol, k.symbol) && Objects.equals(day, k.day);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(provider) * 31 + Objects.hashCode(symbol)) * 31 + Objects.hashCode(day);
        }
    }

    private static final DailyHistoryCache SHARED = new DailyHistoryCache();

    /** Entries grouped by symbol, so that dropping a symbol's earlier days does not scan every symbol's entries. */
    private final Map<String, Map<Key, List<DailyBar>>> bySymbol = new ConcurrentHashMap<>();

    /**
     * The cache of this process (a Lambda container): warm invocations find it even when they build their
     * chains anew.
     */
    public static DailyHistoryCache shared() {
        return SHARED;
    }

    /** The completed bars cached today for this provider and symbol, or null. */
    public List<DailyBar> get(String provider, String symbol, LocalDate day) {
        Map<Key, List<DailyBar>> entries = bySymbol.get(symbol);
        return entries == null ? null : entries.get(new Key(provider, symbol, day));
    }

    /** Caches the bars dated before {@code day} (the day's own bar may still change). */
    public void put(String provider, String symbol, LocalDate day, List<DailyBar> bars) {
        // putIfAbsent, not computeIfAbsent with a lambda: the fetch threads of a cold start race here, each spinning its own copy
        Map<Key, List<DailyBar>> entries = bySymbol.get(symbol);
        if (entries == null) {
            Map<Key, List<DailyBar>> fresh = new ConcurrentHashMap<>();
            entries = bySymbol.putIfAbsent(symbol, fresh);
            if (entries == null) {
                entries = fresh;
            }
        }
        for (Iterator<Key> keys = entries.keySet().iterator(); keys.hasNext(); ) {
            if (!keys.next().day().equals(day)) {
                keys.remove();
            }
        }
        List<DailyBar> completed = new ArrayList<>(bars.size());
        for (DailyBar b : bars) {
            if (b.date().isBefore(day)) {
                completed.add(b);
            }
        }
        completed = List.copyOf(completed);
        if (!completed.isEmpty()) {
            entries.put(new Key(provider, symbol, day), completed);
        }
    }

    public int size() {
        return bySymbol.values().stream().mapToInt(Map::size).sum();
    }
}
