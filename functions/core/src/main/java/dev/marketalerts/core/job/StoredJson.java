package dev.marketalerts.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.json.Jackson;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Strict readers for the JSON documents the stores keep for the job (health, the earnings calendar): every field is read
 * with its exact type, and anything else is an {@link IllegalArgumentException} naming the field's path, which the
 * stores report as a corrupt record. Nothing is ever coerced.
 */
final class StoredJson {
    static final ObjectMapper JSON = Jackson.json();

    private StoredJson() {
    }

    static ObjectNode object(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (ObjectNode) n;
    }

    /** The field {@code name} of {@code n}, which must be present (it may be JSON null); {@code where} is its path. */
    static JsonNode field(JsonNode n, String name, String where) {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + where + "' is missing");
        }
        return v;
    }

    static String text(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + where + "' is not a string");
        }
        return v.textValue();
    }

    static String textOrNull(JsonNode v, String where) {
        return v.isNull() ? null : text(v, where);
    }

    static Instant instant(JsonNode v, String where) {
        try {
            return Instant.parse(text(v, where));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + where + "' is not an instant like 2026-01-23T21:05:00Z");
        }
    }

    static Instant instantOrNull(JsonNode v, String where) {
        return v.isNull() ? null : instant(v, where);
    }

    static LocalDate date(String text, String where) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + where + "' is not a date like 2026-02-25");
        }
    }

    /** A decimal kept as a string, so that 1.620 stays 1.620; null for JSON null. */
    static BigDecimal decimalOrNull(JsonNode v, String where) {
        if (v.isNull()) {
            return null;
        }
        try {
            return new BigDecimal(text(v, where));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + where + "' is not a decimal number");
        }
    }
}
