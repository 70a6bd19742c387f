package dev.marketalerts.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.EarningsCalendarCache;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.HealthState;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file store's records as JSON documents, and back. Reading is strict: a field of another JSON type than the
 * writer writes (integers are integral numbers, booleans true/false, dates, instants and crossing values strings) makes
 * the file corrupt, reported with its path; it is never coerced.
 */
final class StateCodec {
    /** An unrecorded claim as its pending file holds it. */
    record Claim(String id, String token, Instant claimedAt, Instant leaseUntil, int attempts, String lastOutcome, Alert alert) {
    }

    /** A recorded claim: who recorded it, and the message id. */
    record Sent(String token, String messageId) {
    }

    private StateCodec() {
    }

    // ---- records ----

    static ObjectNode ruleStateDocument(RuleKey key, RuleState state) {
        ObjectNode n = JsonDirectory.document();
        n.put("rule", key.ruleId());
        n.put("symbol", key.symbol());
        if (state.lastResult() == null) {
            n.putNull("lastResult");
        } else {
            n.put("lastResult", state.lastResult());
        }
        n.put("armed", state.armed());
        n.put("episodes", state.episodes());
        putNullable(n, "lastFiredAt", state.lastFiredAt());
        putNullable(n, "lastFiredDay", state.lastFiredDay());
        ObjectNode crossings = n.putObject("crossingValues");
        for (Map.Entry<String, BigDecimal> e : state.crossingValues().entrySet()) {
            crossings.put(e.getKey(), e.getValue().toPlainString());
        }
        putNullable(n, "lastEvaluatedAt", state.lastEvaluatedAt());
        return n;
    }

    static RuleState readRuleState(Path file, JsonNode n) {
        try {
            Map<String, BigDecimal> crossings = new LinkedHashMap<>();
            JsonNode values = required(n, "crossingValues");
            if (!values.isObject()) {
                throw new IllegalArgumentException("field 'crossingValues' is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                crossings.put(e.getKey(), decimal(e.getValue(), "crossingValues." + e.getKey()));
            }
            return new RuleState(
                    optionalBool(n, "lastResult"),
                    bool(n, "armed"),
                    integer(n, "episodes"),
                    optionalInstant(n, "lastFiredAt"),
                    optionalDate(n, "lastFiredDay"),
                    crossings,
                    optionalInstant(n, "lastEvaluatedAt"));
        } catch (RuntimeException e) {
            throw corrupt(file, e);
        }
    }

    static ObjectNode claimDocument(Claim c) {
        ObjectNode n = JsonDirectory.document();
        n.put("id", c.id());
        n.put("token", c.token());
        n.put("claimedAt", c.claimedAt().toString());
        n.put("leaseUntil", c.leaseUntil().toString());
        n.put("attempts", c.attempts());
        n.put("lastOutcome", c.lastOutcome());
        n.set("alert", AlertJson.toNode(c.alert()));
        return n;
    }

    static Claim readClaim(Path file, JsonNode n) {
        try {
            // claims written before attempts were counted had made one attempt
            int attempts = n.has("attempts") ? integer(n, "attempts") : 1;
            if (attempts < 1) {
                throw new IllegalArgumentException("field 'attempts' is " + attempts + ", not at least 1");
            }
            return new Claim(text(n, "id"), text(n, "token"), instant(n, "claimedAt"), instant(n, "leaseUntil"), attempts,
                    optionalText(n, "lastOutcome"), alert(n));
        } catch (RuntimeException e) {
            throw corrupt(file, e);
        }
    }

    /** The sent record of a claim: the claim's fields, the message id and when it was sent. */
    static ObjectNode sentDocument(Claim c, String messageId, Instant at) {
        ObjectNode n = claimDocument(c);
        n.put("messageId", messageId);
        n.put("sentAt", at.toString());
        return n;
    }

    static Sent readSent(Path file, JsonNode n) {
        try {
            return new Sent(text(n, "token"), text(n, "messageId"));
        } catch (RuntimeException e) {
            throw corrupt(file, e);
        }
    }

    static ObjectNode healthDocument(String job, HealthState state) {
        ObjectNode n = JsonDirectory.document();
        n.put("job", job);
        n.set("state", JsonDirectory.tree(state.toJson()));
        return n;
    }

    static HealthState readHealth(Path file, JsonNode n) {
        try {
            return HealthState.fromJson(required(n, "state").toString());
        } catch (RuntimeException e) {
            throw corrupt(file, e);
        }
    }

    static ObjectNode calendarDocument(EarningsCalendarCache calendar) {
        ObjectNode n = JsonDirectory.document();
        n.set("calendar", JsonDirectory.tree(calendar.toJson()));
        return n;
    }

    static EarningsCalendarCache readCalendar(Path file, JsonNode n) {
        try {
            return EarningsCalendarCache.fromJson(required(n, "calendar").toString());
        } catch (RuntimeException e) {
            throw corrupt(file, e);
        }
    }

    static ObjectNode snapshotDocument(EarningsSnapshot snapshot) {
        ObjectNode n = JsonDirectory.document();
        n.put("symbol", snapshot.symbol());
        putNullable(n, "date", snapshot.date());
        n.put("confirmed", snapshot.confirmed());
        n.put("provider", snapshot.provider());
        putNullable(n, "lastReported", snapshot.lastReported());
        return n;
    }

    static EarningsSnapshot readSnapshot(Path file, JsonNode n) {
        try {
            return new EarningsSnapshot(
                    text(n, "symbol"),
                    optionalDate(n, "date"),
                    bool(n, "confirmed"),
                    optionalText(n, "provider"),
                    optionalDate(n, "lastReported"));
        } catch (RuntimeException e) {
            throw corrupt(file, e);
        }
    }

    static ObjectNode historyDocument(Alert alert, String messageId, Instant sentAt) {
        ObjectNode n = JsonDirectory.document();
        n.put("messageId", messageId);
        n.put("sentAt", sentAt.toString());
        n.set("alert", AlertJson.toNode(alert));
        return n;
    }

    static Alert readHistoryAlert(Path file, JsonNode n) {
        try {
            return alert(n);
        } catch (RuntimeException e) {
            throw corrupt(file, e);
        }
    }

    // ---- JSON fields ----

    private static void putNullable(ObjectNode n, String field, Object value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.toString());
        }
    }

    /** Runs a reader, reporting what it finds wrong as the file's corruption. */
    /** What a document that does not read means (a try block in each reader rather than a lambda: see {@link JsonDirectory#hold}). */
    private static StateStoreException corrupt(Path file, RuntimeException e) {
        return e instanceof StateStoreException known ? known : JsonDirectory.corrupt(file, e.getMessage());
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v;
    }

    /** A field the writer may write as null: missing or null is null, anything else must have the type. */
    private static JsonNode optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode n, String field) {
        return textValue(required(n, field), field);
    }

    private static String textValue(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is not a string");
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = optional(n, field);
        return v == null ? null : textValue(v, field);
    }

    private static boolean bool(JsonNode n, String field) {
        return boolValue(required(n, field), field);
    }

    private static boolean boolValue(JsonNode v, String field) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' is not true/false");
        }
        return v.booleanValue();
    }

    private static Boolean optionalBool(JsonNode n, String field) {
        JsonNode v = optional(n, field);
        return v == null ? null : boolValue(v, field);
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' is not an integer (" + v + ")");
        }
        return v.intValue();
    }

    private static BigDecimal decimal(JsonNode v, String field) {
        String s = textValue(v, field);
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' is not a decimal number: '" + s + "'");
        }
    }

    private static Instant instant(JsonNode n, String field) {
        return instantValue(required(n, field), field);
    }

    private static Instant instantValue(JsonNode v, String field) {
        String s = textValue(v, field);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an instant (ISO-8601 UTC): '" + s + "'");
        }
    }

    private static Instant optionalInstant(JsonNode n, String field) {
        JsonNode v = optional(n, field);
        return v == null ? null : instantValue(v, field);
    }

    private static LocalDate optionalDate(JsonNode n, String field) {
        JsonNode v = optional(n, field);
        if (v == null) {
            return null;
        }
        String s = textValue(v, field);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not a date (yyyy-mm-dd): '" + s + "'");
        }
    }

    private static Alert alert(JsonNode n) {
        JsonNode v = required(n, "alert");
        if (!v.isObject()) {
            throw new IllegalArgumentException("field 'alert' is not an object");
        }
        try {
            return AlertJson.read(v.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field 'alert' is not an alert: " + e.getMessage(), e);
        }
    }
}
