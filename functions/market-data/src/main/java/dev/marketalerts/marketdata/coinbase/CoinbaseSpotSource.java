package dev.marketalerts.marketdata.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.marketdata.Http;
import dev.marketalerts.marketdata.Json;
import dev.marketalerts.marketdata.PriceData;
import dev.marketalerts.marketdata.PriceRequest;
import dev.marketalerts.marketdata.PriceSource;
import dev.marketalerts.marketdata.Values;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderHttp;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Coinbase spot price (no key): a decimal string with no timestamp and no history, so the quote is
 * stamped with the time it was received. The answer names its pair ({@code base}, {@code currency}); one
 * for another pair than the one asked for is a failure.
 */
public final class CoinbaseSpotSource implements PriceSource {
    public static final String NAME = "coinbase";
    public static final String DEFAULT_BASE_URL = "https://api.coinbase.com";
    static final Map<String, String> HEADERS = Map.of("Accept", "application/json");

    private final ProviderHttp http;
    private final String baseUrl;

    public CoinbaseSpotSource(ProviderHttp http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean covers(Instrument instrument) {
        return instrument.market() == Market.CRYPTO && instrument.symbol().indexOf('-') > 0;
    }

    @Override
    public boolean history() {
        return false;
    }

    URI uri(String symbol) {
        return Http.uri(baseUrl, "/v2/prices/" + Http.encode(symbol.toUpperCase(Locale.ROOT)) + "/spot", Map.of());
    }

    @Override
    public PriceData fetch(Instrument instrument, PriceRequest request) throws ProviderException {
        String symbol = instrument.symbol();
        if (!request.quote()) {
            throw http.failure(Kind.UNSUPPORTED, symbol + ": Coinbase spot has no daily history");
        }
        ProviderHttp.Response response;
        try {
            response = http.get(uri(symbol), HEADERS);
        } catch (ProviderException e) {
            throw e.about(symbol);
        }
        JsonNode root = Json.parse(http, symbol, response);
        JsonNode errors = root.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            throw http.failure("not_found".equals(first.path("id").asText()) ? Kind.NO_DATA : Kind.PROVIDER_ERROR,
                    symbol + ": " + first.path("id").asText("error") + ": " + first.path("message").asText(""));
        }
        JsonNode data = root.path("data");
        String pair = data.path("base").asText("") + "-" + data.path("currency").asText("");
        if (!pair.equalsIgnoreCase(symbol)) {
            throw http.failure(Kind.PROVIDER_ERROR, symbol + ": " + (pair.equals("-")
                    ? "the answer names no pair (no data.base and data.currency)" : "the answer is for " + pair + ", not " + symbol));
        }
        try {
            BigDecimal amount = Values.decimal(data.path("amount"));
            if (amount == null) {
                throw http.failure(Kind.UNPARSABLE, symbol + ": no data.amount in the answer");
            }
            return PriceData.quoteOnly(new Quote(amount, http.clock().instant(), NAME), null);
        } catch (NumberFormatException e) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": data.amount: " + e.getMessage());
        }
    }
}
