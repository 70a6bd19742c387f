package dev.marketalerts.marketdata.finnhub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderHttp;
import java.util.Map;

/** What Finnhub's endpoints share: base URL, auth by the {@code token} query parameter, the error shape. */
final class Finnhub {
    static final String NAME = "finnhub";
    static final String DEFAULT_BASE_URL = "https://finnhub.io/api/v1";
    static final Map<String, String> HEADERS = Map.of("Accept", "application/json");

    private Finnhub() {
    }

    /** Finnhub reports errors as {@code {"error": "..."}} (also inside some 200s). */
    static void checkError(ProviderHttp http, String subject, JsonNode root) throws ProviderException {
        JsonNode error = root.path("error");
        if (error.isTextual() && !error.asText().isBlank()) {
            String text = error.asText();
            Kind kind = text.toLowerCase().contains("limit") ? Kind.THROTTLED : Kind.PROVIDER_ERROR;
            throw http.failure(kind, subject + ": " + text);
        }
    }
}
