package dev.marketalerts.marketdata.finnhub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.marketdata.ApiKey;
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
import java.time.Instant;

/**
 * Finnhub {@code /quote} (key): the latest US stock price and previous close, no history. An unknown
 * symbol comes back as HTTP 200 with an all-zero quote, and a real answer has been seen with {@code c} 0
 * beside a time: both are "no data", never a price of zero.
 */
public final class FinnhubQuoteSource implements PriceSource {
    public static final String NAME = Finnhub.NAME;
    public static final String DEFAULT_BASE_URL = Finnhub.DEFAULT_BASE_URL;

    private final ProviderHttp http;
    private final String baseUrl;
    private final ApiKey key;

    public FinnhubQuoteSource(ProviderHttp http, String baseUrl, ApiKey key) {
        this.http = http;
        this.baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
        this.key = key;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean covers(Instrument instrument) {
        return instrument.market() == Market.US_EQUITY;
    }

    @Override
    public boolean history() {
        return false;
    }

    URI uri(String symbol, String token) {
        return Http.uri(baseUrl, "/quote", Http.params("symbol", symbol, "token", token));
    }

    @Override
    public PriceData fetch(Instrument instrument, PriceRequest request) throws ProviderException {
        String symbol = instrument.symbol();
        if (!request.quote()) {
            throw http.failure(Kind.UNSUPPORTED, symbol + ": no daily history on the free plan");
        }
        String token = key.require();
        ProviderHttp.Response response;
        try {
            response = http.get(uri(symbol, token), Finnhub.HEADERS);
        } catch (ProviderException e) {
            throw e.about(symbol);
        }
        JsonNode root = Json.parse(http, symbol, response);
        Finnhub.checkError(http, symbol, root);
        try {
            BigDecimal c = Values.decimal(root.path("c"));
            BigDecimal pc = Values.decimal(root.path("pc"));
            JsonNode t = root.path("t");
            long seconds = t.canConvertToLong() ? t.asLong() : 0;
            if (c == null || c.signum() == 0 && seconds == 0) {
                throw http.failure(Kind.NO_DATA, symbol + ": empty quote (all zeros: unknown symbol or no data)");
            }
            if (c.signum() <= 0) {
                throw http.failure(Kind.NO_DATA, symbol + ": no price: c is " + c.toPlainString() + " (t " + seconds + ")");
            }
            if (seconds <= 0) {
                throw http.failure(Kind.UNPARSABLE, symbol + ": quote without a time (t)");
            }
            return PriceData.quoteOnly(new Quote(c, Instant.ofEpochSecond(seconds), NAME),
                    pc == null || pc.signum() == 0 ? null : pc);
        } catch (NumberFormatException e) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": " + e.getMessage());
        }
    }
}
