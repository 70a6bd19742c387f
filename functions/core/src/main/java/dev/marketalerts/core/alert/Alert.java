package dev.marketalerts.core.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One notification. {@code id} is the stable dedupe key of the episode; {@code observed}
 * holds the values that made it fire (numbers as BigDecimal, dates and words as String), in order.
 */
public record Alert(
        int version,
        String id,
        String rule,
        String symbol,
        AlertKind kind,
        Severity severity,
        String title,
        String text,
        Instant triggeredAt,
        Map<String, Object> observed,
        AlertSource source) {

    public static final int VERSION = 1;

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(triggeredAt, "triggeredAt");
        Objects.requireNonNull(source, "source");
        observed = Collections.unmodifiableMap(new LinkedHashMap<>(observed == null ? Map.of() : observed));
    }
}
