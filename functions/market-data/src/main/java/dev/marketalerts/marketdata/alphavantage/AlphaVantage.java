package dev.marketalerts.marketdata.alphavantage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderHttp;
import java.util.Locale;
import java.util.Map;

/**
 * What Alpha Vantage's functions share: one {@code /query} endpoint with {@code apikey}, and errors that
 * all arrive as HTTP 200 with a {@code Note}, {@code Information} or {@code Error Message} key.
 */
final class AlphaVantage {
    static final String NAME = "alphavantage";
    static final String DEFAULT_BASE_URL = "https://www.alphavantage.co";
    static final String PATH = "/query";
    static final Map<String, String> HEADERS = Map.of("Accept", "application/json, text/csv");

    private AlphaVantage() {
    }

    static void checkError(ProviderHttp http, String subject, JsonNode root) throws ProviderException {
        for (String field : new String[] {"Error Message", "Information", "Note"}) {
            JsonNode node = root.path(field);
            if (node.isTextual()) {
                String text = node.asText();
                throw http.failure(classify(field, text), subject + ": " + field + ": " + text);
            }
        }
    }

    /** Throttling is worth trying again later; "premium" and bad keys are permanent. */
    static Kind classify(String field, String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("rate limit") || t.contains("call frequency") || t.contains("spreading out")
                || t.contains("requests per day") || t.contains("request per second")) {
            return Kind.THROTTLED;
        }
        if (t.contains("premium endpoint") || t.contains("premium feature") || t.contains("apikey is invalid")
                || t.contains("demo") || t.contains("api key")) {
            return Kind.CLIENT_ERROR;
        }
        return "Error Message".equals(field) ? Kind.NO_DATA : Kind.PROVIDER_ERROR;
    }
}
