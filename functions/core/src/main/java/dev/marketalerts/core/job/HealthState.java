package dev.marketalerts.core.job;

import static dev.marketalerts.core.job.StoredJson.field;
import static dev.marketalerts.core.job.StoredJson.instant;
import static dev.marketalerts.core.job.StoredJson.instantOrNull;
import static dev.marketalerts.core.job.StoredJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one job remembers about its own health between ticks: the last tick it counted, per symbol how many
 * consecutive ticks it has been without usable data (and since when), how many consecutive ticks publishing failed,
 * and the open incidents. Stored as one JSON document per job ({@link #toJson()} / {@link #fromJson(String)}: every
 * field read with its exact type; anything else is an {@link IllegalArgumentException} the store reports as corrupt).
 */
public record HealthState(Instant lastTick, Map<String, Streak> missing, Streak publishFailures, Incident dataIncident,
                          Incident deliveryIncident) {
    public static final HealthState INITIAL = new HealthState(null, Map.of(), null, null, null);

    public HealthState {
        missing = Map.copyOf(new TreeMap<>(missing));
    }

    /** {@code ticks} consecutive ticks with the same trouble since the tick at {@code since}; the last reason seen. */
    public record Streak(int ticks, Instant since, String reason) {
        public Streak {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(reason, "reason");
            if (ticks < 1) {
                throw new IllegalArgumentException("a streak has at least one tick");
            }
        }
    }

    /** An open incident: its start (the first failing tick, which names its alerts), the alert's symbol attribute and severity. */
    public record Incident(Instant start, String symbol, Severity severity, List<String> symbols) {
        public Incident {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(severity, "severity");
            symbols = List.copyOf(symbols);
        }
    }

    public int openIncidents() {
        return (dataIncident == null ? 0 : 1) + (deliveryIncident == null ? 0 : 1);
    }

    public String toJson() {
        ObjectNode n = StoredJson.JSON.createObjectNode();
        n.put("lastTick", lastTick == null ? null : lastTick.toString());
        ObjectNode m = n.putObject("missing");
        for (Map.Entry<String, Streak> e : missing.entrySet()) {
            m.set(e.getKey(), streak(e.getValue()));
        }
        n.set("publishFailures", publishFailures == null ? null : streak(publishFailures));
        n.set("dataIncident", incident(dataIncident));
        n.set("deliveryIncident", incident(deliveryIncident));
        return n.toString();
    }

    private static JsonNode streak(Streak s) {
        ObjectNode n = StoredJson.JSON.createObjectNode();
        n.put("ticks", s.ticks());
        n.put("since", s.since().toString());
        n.put("reason", s.reason());
        return n;
    }

    private static JsonNode incident(Incident i) {
        if (i == null) {
            return StoredJson.JSON.nullNode();
        }
        ObjectNode n = StoredJson.JSON.createObjectNode();
        n.put("start", i.start().toString());
        n.put("symbol", i.symbol());
        n.put("severity", i.severity().wireName());
        ArrayNode symbols = n.putArray("symbols");
        for (String s : i.symbols()) {
            symbols.add(s);
        }
        return n;
    }

    /** Reads {@link #toJson()}'s form; a missing field or one of another type is an IllegalArgumentException naming it. */
    public static HealthState fromJson(String json) {
        JsonNode n = StoredJson.object(json);
        Map<String, Streak> missing = new TreeMap<>();
        JsonNode m = field(n, "missing", "missing");
        if (!m.isObject()) {
            throw new IllegalArgumentException("field 'missing' is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            missing.put(e.getKey(), readStreak(e.getValue(), "missing." + e.getKey()));
        }
        JsonNode pf = field(n, "publishFailures", "publishFailures");
        return new HealthState(instantOrNull(field(n, "lastTick", "lastTick"), "lastTick"), missing,
                pf.isNull() ? null : readStreak(pf, "publishFailures"),
                readIncident(field(n, "dataIncident", "dataIncident"), "dataIncident"), readIncident(field(n, "deliveryIncident", "deliveryIncident"), "deliveryIncident"));
    }

    private static Streak readStreak(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("field '" + where + "' is not an object");
        }
        JsonNode ticks = field(n, "ticks", where + ".ticks");
        if (!ticks.isInt() || ticks.intValue() < 1) {
            throw new IllegalArgumentException("field '" + where + ".ticks' is not a positive integer");
        }
        return new Streak(ticks.intValue(), instant(field(n, "since", where + ".since"), where + ".since"), text(field(n, "reason", where + ".reason"), where + ".reason"));
    }

    private static Incident readIncident(JsonNode n, String where) {
        if (n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("field '" + where + "' is not an object");
        }
        String severity = text(field(n, "severity", where + ".severity"), where + ".severity");
        JsonNode symbols = field(n, "symbols", where + ".symbols");
        if (!symbols.isArray()) {
            throw new IllegalArgumentException("field '" + where + ".symbols' is not a list");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode s : symbols) {
            list.add(text(s, where + ".symbols[]"));
        }
        return new Incident(instant(field(n, "start", where + ".start"), where + ".start"), text(field(n, "symbol", where + ".symbol"), where + ".symbol"),
                Severity.fromWireName(severity).orElseThrow(() ->
                        new IllegalArgumentException("field '" + where + ".severity' is not a severity")), list);
    }
}
