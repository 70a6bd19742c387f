package dev.marketalerts.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.json.Jackson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The alert's wire form: one compact JSON object, fields in the documented order. */
public final class AlertJson {
    private static final ObjectMapper MAPPER = Jackson.decimals();

    private AlertJson() {
    }

    public static String write(Alert alert) {
        return toNode(alert).toString();
    }

    public static ObjectNode toNode(Alert alert) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", alert.version());
        n.put("id", alert.id());
        n.put("rule", alert.rule());
        n.put("symbol", alert.symbol());
        n.put("kind", alert.kind().wireName());
        n.put("severity", alert.severity().wireName());
        n.put("title", alert.title());
        n.put("text", alert.text());
        n.put("triggeredAt", alert.triggeredAt().toString());
        ObjectNode observed = n.putObject("observed");
        for (Map.Entry<String, Object> e : alert.observed().entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (v instanceof BigDecimal b) {
                observed.put(k, b.stripTrailingZeros().scale() < 0 ? b.setScale(0) : b.stripTrailingZeros());
            } else if (v instanceof Number num) {
                observed.put(k, new BigDecimal(num.toString()));
            } else if (v instanceof Boolean b) {
                observed.put(k, b);
            } else if (v == null) {
                observed.putNull(k);
            } else {
                observed.put(k, v.toString());
            }
        }
        ObjectNode source = n.putObject("source");
        source.put("provider", alert.source().provider());
        source.put("asOf", alert.source().asOf().toString());
        return n;
    }

    /** Reads one alert back; throws IllegalArgumentException saying which field is wrong. */
    public static Alert read(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert JSON object: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not an alert JSON object");
        }
        Map<String, Object> observed = new LinkedHashMap<>();
        JsonNode obs = n.path("observed");
        for (Iterator<Map.Entry<String, JsonNode>> it = obs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            observed.put(e.getKey(), v.isNumber() ? v.decimalValue() : v.isBoolean() ? v.booleanValue() : v.isNull() ? null : v.asText());
        }
        return new Alert(
                n.path("version").asInt(Alert.VERSION),
                text(n, "id"),
                text(n, "rule"),
                text(n, "symbol"),
                AlertKind.fromWireName(text(n, "kind")).orElseThrow(() -> new IllegalArgumentException("unknown kind: " + n.path("kind").asText())),
                Severity.fromWireName(text(n, "severity")).orElseThrow(() -> new IllegalArgumentException("unknown severity: " + n.path("severity").asText())),
                text(n, "title"),
                text(n, "text"),
                Instant.parse(text(n, "triggeredAt")),
                observed,
                new AlertSource(text(n.path("source"), "provider"), Instant.parse(text(n.path("source"), "asOf"))));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("alert field '" + field + "' is missing");
        }
        return v.asText();
    }
}
