package dev.marketalerts.marketdata.yahoo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.market.DailyBar;
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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Yahoo Finance chart v8 (unofficial, no key): daily bars and the latest price of stocks and {@code BTC-USD}
 * in one request. Bars are stamped at the session open and converted to dates in the exchange's zone;
 * null entries are skipped; the last bar may be the session in progress. Prices are kept exactly as sent,
 * never rounded to {@code priceHint}: split-adjusted history has real digits beyond it (TSLA's first close
 * is 1.5926669836044312, 23.89 / 15).
 */
public final class YahooPriceSource implements PriceSource {
    public static final String NAME = "yahoo";
    public static final String DEFAULT_BASE_URL = "https://query1.finance.yahoo.com";
    public static final Map<String, String> HEADERS = Map.of(
            "User-Agent", Http.BROWSER_USER_AGENT,
            "Accept", "application/json");

    private static final String[] RANGES = {"1mo", "3mo", "6mo", "1y", "2y", "5y", "10y"};
    private static final int[] RANGE_DAYS = {28, 89, 181, 365, 730, 1826, 3652};

    private final ProviderHttp http;
    private final String baseUrl;

    public YahooPriceSource(ProviderHttp http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean covers(Instrument instrument) {
        return true;
    }

    /** The chart range that holds at least the sessions asked for (plus a margin for holidays). */
    public static String rangeFor(Market market, PriceRequest request) {
        if (!request.wantsBars()) {
            return "1d";
        }
        int sessions = request.bars();
        if (request.refresh() || sessions <= 4) {
            return "5d";
        }
        int days = market == Market.CRYPTO ? sessions + 1 : sessions * 7 / 5 + 7;
        for (int i = 0; i < RANGES.length; i++) {
            if (RANGE_DAYS[i] >= days) {
                return RANGES[i];
            }
        }
        return "max";
    }

    /** Yahoo spells share classes with a dash: BRK.B is BRK-B. */
    static String yahooSymbol(Instrument instrument) {
        return instrument.market() == Market.US_EQUITY ? instrument.symbol().replace('.', '-') : instrument.symbol();
    }

    public URI uri(Instrument instrument, PriceRequest request) {
        return Http.uri(baseUrl, "/v8/finance/chart/" + Http.encode(yahooSymbol(instrument)),
                Http.params("range", rangeFor(instrument.market(), request), "interval", "1d"));
    }

    @Override
    public PriceData fetch(Instrument instrument, PriceRequest request) throws ProviderException {
        String symbol = instrument.symbol();
        ProviderHttp.Response response;
        try {
            response = http.get(uri(instrument, request), HEADERS);
        } catch (ProviderException e) {
            throw e.about(symbol);
        }
        boolean singleDayRange = "1d".equals(rangeFor(instrument.market(), request));
        // the streaming reader for the charts Yahoo sends; the tree for anything else, with its messages
        PriceData plain = YahooChartReader.read(instrument, response.text(), singleDayRange);
        return plain != null ? plain : parse(instrument, Json.parse(http, symbol, response), singleDayRange);
    }

    PriceData parse(Instrument instrument, JsonNode root, boolean singleDayRange) throws ProviderException {
        String symbol = instrument.symbol();
        JsonNode chart = root.path("chart");
        if (!chart.isObject()) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": no \"chart\" object in the answer");
        }
        JsonNode error = chart.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            String code = error.path("code").asText("");
            String description = error.path("description").asText("");
            throw http.failure("Not Found".equalsIgnoreCase(code) ? Kind.NO_DATA : Kind.PROVIDER_ERROR,
                    symbol + ": chart.error " + code + (description.isEmpty() ? "" : ": " + description));
        }
        JsonNode result = chart.path("result");
        if (!result.isArray() || result.isEmpty()) {
            throw http.failure(Kind.NO_DATA, symbol + ": chart.result is empty");
        }
        JsonNode r = result.get(0);
        JsonNode meta = r.path("meta");
        List<String> warnings = new ArrayList<>();
        try {
            ZoneId zone = zone(instrument, meta);
            List<DailyBar> bars = bars(symbol, r, zone, warnings);
            Quote quote = null;
            BigDecimal price = Values.decimal(meta.path("regularMarketPrice"));
            JsonNode time = meta.path("regularMarketTime");
            if (price != null && time.canConvertToLong() && time.asLong() > 0) {
                quote = new Quote(price, Instant.ofEpochSecond(time.asLong()), NAME);
            }
            BigDecimal previousClose = singleDayRange ? Values.decimal(meta.path("chartPreviousClose")) : null;
            return new PriceData(bars, quote, previousClose, warnings);
        } catch (NumberFormatException | DateTimeException e) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": " + e.getMessage());
        }
    }

    private ZoneId zone(Instrument instrument, JsonNode meta) throws ProviderException {
        String name = meta.path("exchangeTimezoneName").asText("");
        if (name.isEmpty()) {
            return instrument.market().zone();
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw http.failure(Kind.UNPARSABLE, instrument.symbol() + ": unknown exchangeTimezoneName \"" + name + "\"");
        }
    }

    private List<DailyBar> bars(String symbol, JsonNode r, ZoneId zone, List<String> warnings) throws ProviderException {
        JsonNode timestamps = r.path("timestamp");
        if (timestamps.isMissingNode() || timestamps.isNull()) {
            return List.of();
        }
        if (!timestamps.isArray()) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": timestamp is not an array");
        }
        JsonNode q = r.path("indicators").path("quote").path(0);
        int n = timestamps.size();
        JsonNode open = column(symbol, q, "open", n);
        JsonNode high = column(symbol, q, "high", n);
        JsonNode low = column(symbol, q, "low", n);
        JsonNode close = column(symbol, q, "close", n);
        JsonNode volume = column(symbol, q, "volume", n);
        if (close == null) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": " + n + " timestamps but no close prices");
        }
        TreeMap<LocalDate, DailyBar> byDate = new TreeMap<>();
        int skipped = 0;
        for (int i = 0; i < n; i++) {
            BigDecimal c = Values.decimal(close.get(i));
            JsonNode ts = timestamps.get(i);
            if (c == null || !ts.canConvertToLong()) {
                skipped++;
                continue;
            }
            LocalDate date = Instant.ofEpochSecond(ts.asLong()).atZone(zone).toLocalDate();
            // A later entry for the same date (Yahoo repeats the live bar) replaces the earlier one.
            byDate.put(date, new DailyBar(date, Values.decimal(at(open, i)), Values.decimal(at(high, i)),
                    Values.decimal(at(low, i)), c, Values.wholeNumber(at(volume, i))));
        }
        if (skipped > 0) {
            warnings.add(NAME + ": " + symbol + ": skipped " + skipped + " daily bar(s) without a close");
        }
        return new ArrayList<>(byDate.values());
    }

    private JsonNode column(String symbol, JsonNode quote, String field, int expected) throws ProviderException {
        JsonNode a = quote.path(field);
        if (a.isMissingNode() || a.isNull()) {
            return null;
        }
        if (!a.isArray() || a.size() != expected) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": " + field + " has " + (a.isArray() ? a.size() : 0)
                    + " values for " + expected + " timestamps");
        }
        return a;
    }

    private static JsonNode at(JsonNode array, int i) {
        return array == null ? null : array.get(i);
    }
}
