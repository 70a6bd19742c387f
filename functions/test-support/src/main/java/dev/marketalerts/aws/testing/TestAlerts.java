package dev.marketalerts.aws.testing;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.AlertSource;
import dev.marketalerts.core.alert.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test data: alerts shaped like the job's, with observed values already in their JSON form. */
public final class TestAlerts {
    public static final Instant TRIGGERED = Instant.parse("2026-01-23T21:05:00Z");

    private TestAlerts() {
    }

    public static Alert price(String rule, String symbol, String occurrence) {
        return alert(rule, symbol, AlertKind.PRICE, Severity.INFO, occurrence, symbol + " up 47.1% since 2026-01-01");
    }

    public static Alert alert(String rule, String symbol, AlertKind kind, Severity severity, String occurrence, String title) {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("price", new BigDecimal("55.61"));
        observed.put("change_since(2026-01-01)", new BigDecimal("0.471"));
        observed.put("reportDate", "2026-02-25");
        return new Alert(Alert.VERSION, rule + ":" + symbol + ":" + kind.wireName() + ":" + occurrence, rule, symbol, kind,
                severity, title, "Rule " + rule + " holds for " + symbol + ". Observed: price 55.61.", TRIGGERED, observed,
                new AlertSource("yahoo", Instant.parse("2026-01-23T21:00:00Z")));
    }
}
