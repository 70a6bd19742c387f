package dev.marketalerts.marketdata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Test support: a recording read on its own, independently of the adapters' parsing, so that a test can say
 * what an answer must parse to. Every JSON number becomes a text node holding the number exactly as written.
 */
public final class Recorded {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Recorded() {
    }

    /** The recording under {@code providers/} as a tree whose numbers are their literal text. */
    public static JsonNode json(String name) {
        try (JsonParser p = FACTORY.createParser(ProviderFixtures.bytes(name))) {
            return value(p, p.nextToken());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("unexpected " + t);
        }
    }

    /** The number as written (e.g. {@code 1.6446899669484214e-05}, {@code 243.0}), or null for JSON null or a missing field. */
    public static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : new BigDecimal(node.asText());
    }

    public static Long whole(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Long.valueOf(node.asText());
    }

    public static Instant epochSecond(JsonNode node) {
        return Instant.ofEpochSecond(Long.parseLong(node.asText()));
    }
}
