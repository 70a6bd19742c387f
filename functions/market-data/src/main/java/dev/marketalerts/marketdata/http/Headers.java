package dev.marketalerts.marketdata.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The headers of an HTTP response: names compared without regard to case, each name's values in the order received. */
public final class Headers {
    public static final Headers EMPTY = new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    private final Map<String, List<String>> values;

    private Headers(TreeMap<String, List<String>> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Headers from name/value pairs; a name given twice (in any case) keeps both values in order. */
    public static Headers of(List<Map.Entry<String, String>> pairs) {
        TreeMap<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        // loops, not lambdas: this runs on every answer, and each lambda is a class a cold Lambda container spins
        for (Map.Entry<String, String> p : pairs) {
            List<String> values = m.get(p.getKey());
            if (values == null) {
                values = new ArrayList<>();
                m.put(p.getKey(), values);
            }
            values.add(p.getValue());
        }
        for (Map.Entry<String, List<String>> e : m.entrySet()) {
            e.setValue(List.copyOf(e.getValue()));
        }
        return new Headers(m);
    }

    public Optional<String> firstValue(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public List<String> allValues(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Every header, names in case-insensitive order. */
    public Map<String, List<String>> map() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
