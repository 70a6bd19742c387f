package dev.marketalerts.marketdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.core.json.Jackson;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderHttp;

/**
 * Parses provider bodies as JSON, turning HTML or garbage into a clear failure. Every number is kept as the
 * decimal it was written as: {@code 34.647} stays 34.647 and {@code 243.0} keeps its scale.
 */
public final class Json {
    private static final ObjectMapper MAPPER = Jackson.decimals();

    private Json() {
    }

    public static JsonNode parse(ProviderHttp http, String what, ProviderHttp.Response response) throws ProviderException {
        String text = response.text().strip();
        if (text.isEmpty()) {
            throw http.failure(Kind.UNPARSABLE, what + ": empty body");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String start = text.length() > 60 ? text.substring(0, 60) + "..." : text;
            throw http.failure(Kind.UNPARSABLE, what + ": body is not JSON (starts with \"" + start.replaceAll("\\s+", " ") + "\")");
        }
    }
}
