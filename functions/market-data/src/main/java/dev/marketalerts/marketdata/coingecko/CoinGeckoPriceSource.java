package dev.marketalerts.marketdata.coingecko;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.market.DailyBar;
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
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CoinGecko (keyless, or a Demo key in the {@code x-cg-demo-api-key} header): {@code simple/price} for the
 * latest price and {@code market_chart} for daily closes. A price without its 24h change is stale per the
 * docs. market_chart timestamps are milliseconds; a point at 00:00 UTC is the previous day's close and the
 * last point is "now".
 */
public final class CoinGeckoPriceSource implements PriceSource {
    public static final String NAME = "coingecko";
    public static final String DEFAULT_BASE_URL = "https://api.coingecko.com/api/v3";

    /** Coin ids of the common base symbols ({@code BTC-USD} is {@code bitcoin} in {@code usd}). */
    private static final Map<String, String> COIN_IDS = Map.ofEntries(
            Map.entry("BTC", "bitcoin"), Map.entry("ETH", "ethereum"), Map.entry("SOL", "solana"),
            Map.entry("XRP", "ripple"), Map.entry("ADA", "cardano"), Map.entry("DOGE", "dogecoin"),
            Map.entry("LTC", "litecoin"), Map.entry("BCH", "bitcoin-cash"), Map.entry("DOT", "polkadot"),
            Map.entry("AVAX", "avalanche-2"), Map.entry("LINK", "chainlink"), Map.entry("BNB", "binancecoin"));

    private final ProviderHttp http;
    private final String baseUrl;
    private final ApiKey key;

    public CoinGeckoPriceSource(ProviderHttp http, String baseUrl, ApiKey key) {
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
        return instrument.market() == Market.CRYPTO && pair(instrument.symbol()).isPresent();
    }

    /** {@code BTC-USD} as (coin id, vs currency), when the base coin is known. */
    static Optional<String[]> pair(String symbol) {
        int dash = symbol.indexOf('-');
        if (dash <= 0 || dash == symbol.length() - 1) {
            return Optional.empty();
        }
        String id = COIN_IDS.get(symbol.substring(0, dash).toUpperCase(Locale.ROOT));
        return id == null ? Optional.empty() : Optional.of(new String[] {id, symbol.substring(dash + 1).toLowerCase(Locale.ROOT)});
    }

    URI priceUri(String id, String vs) {
        return Http.uri(baseUrl, "/simple/price", Http.params("ids", id, "vs_currencies", vs,
                "include_24hr_change", "true", "include_last_updated_at", "true"));
    }

    URI chartUri(String id, String vs, int days) {
        return Http.uri(baseUrl, "/coins/" + Http.encode(id) + "/market_chart",
                Http.params("vs_currency", vs, "days", Integer.toString(days), "interval", "daily"));
    }

    Map<String, String> headers() throws ProviderException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        if (key.isConfigured()) {
            String header = baseUrl.contains("pro-api.") ? "x-cg-pro-api-key" : "x-cg-demo-api-key";
            h.put(header, key.require());
        }
        return h;
    }

    @Override
    public PriceData fetch(Instrument instrument, PriceRequest request) throws ProviderException {
        String symbol = instrument.symbol();
        String[] pair = pair(symbol).orElseThrow(() -> http.failure(Kind.UNSUPPORTED, symbol + ": no CoinGecko coin id known"));
        List<DailyBar> bars = List.of();
        if (request.wantsBars()) {
            int sessions = request.refresh() ? PriceRequest.REFRESH_BARS : request.bars();
            bars = parseChart(symbol, get(chartUri(pair[0], pair[1], sessions + 1), symbol));
        }
        Quote quote = null;
        BigDecimal previousClose = null;
        if (request.quote()) {
            JsonNode coin = get(priceUri(pair[0], pair[1]), symbol).path(pair[0]);
            try {
                BigDecimal price = Values.decimal(coin.path(pair[1]));
                BigDecimal change = Values.decimal(coin.path(pair[1] + "_24h_change"));
                JsonNode updated = coin.path("last_updated_at");
                if (price == null) {
                    throw http.failure(Kind.NO_DATA, symbol + ": no " + pair[1] + " price for " + pair[0]);
                }
                if (change == null) {
                    throw http.failure(Kind.STALE, symbol + ": price without a 24h change (CoinGecko marks stale prices so)");
                }
                if (!updated.canConvertToLong() || updated.asLong() <= 0) {
                    throw http.failure(Kind.UNPARSABLE, symbol + ": price without last_updated_at");
                }
                quote = new Quote(price, Instant.ofEpochSecond(updated.asLong()), NAME);
                // price = previous * (1 + change%), so the price 24h ago is price / (1 + change/100).
                BigDecimal factor = BigDecimal.ONE.add(change.movePointLeft(2));
                previousClose = factor.signum() > 0 ? price.divide(factor, java.math.MathContext.DECIMAL64) : null;
            } catch (NumberFormatException e) {
                throw http.failure(Kind.UNPARSABLE, symbol + ": " + e.getMessage());
            }
        }
        return new PriceData(bars, quote, previousClose, List.of());
    }

    private JsonNode get(URI uri, String symbol) throws ProviderException {
        ProviderHttp.Response response;
        try {
            response = http.get(uri, headers());
        } catch (ProviderException e) {
            throw e.about(symbol);
        }
        JsonNode root = Json.parse(http, symbol, response);
        JsonNode status = root.path("status");
        if (status.isObject() && status.has("error_code")) {
            int code = status.path("error_code").asInt();
            throw http.failure(code == 429 ? Kind.THROTTLED : Kind.PROVIDER_ERROR,
                    symbol + ": error " + code + ": " + status.path("error_message").asText(""));
        }
        if (root.has("error")) {
            throw http.failure(Kind.PROVIDER_ERROR, symbol + ": " + root.path("error").asText(root.path("error").toString()));
        }
        return root;
    }

    private List<DailyBar> parseChart(String symbol, JsonNode root) throws ProviderException {
        JsonNode prices = root.path("prices");
        if (!prices.isArray()) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": market_chart without a prices array");
        }
        TreeMap<LocalDate, BigDecimal> closes = new TreeMap<>();
        try {
            for (JsonNode point : prices) {
                if (!point.isArray() || point.size() < 2 || !point.get(0).canConvertToLong()) {
                    throw http.failure(Kind.UNPARSABLE, symbol + ": market_chart point is not [ms, price]: " + point);
                }
                BigDecimal price = Values.decimal(point.get(1));
                if (price == null) {
                    continue;
                }
                ZonedDateTime at = Instant.ofEpochMilli(point.get(0).asLong()).atZone(ZoneOffset.UTC);
                // A point at 00:00 UTC closes the day before; any later point of a day is that day's latest price.
                LocalDate day = at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate().minusDays(1) : at.toLocalDate();
                closes.put(day, price);
            }
        } catch (NumberFormatException e) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": market_chart: " + e.getMessage());
        }
        List<DailyBar> bars = new ArrayList<>();
        closes.forEach((d, c) -> bars.add(DailyBar.close(d, c)));
        return bars;
    }
}
