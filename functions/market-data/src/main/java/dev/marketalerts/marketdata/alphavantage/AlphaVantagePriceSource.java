package dev.marketalerts.marketdata.alphavantage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.calendar.TradingSession;
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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Alpha Vantage (key, 25 requests/day): {@code TIME_SERIES_DAILY} (compact: the last 100 sessions) for
 * history and {@code GLOBAL_QUOTE} for the latest price. Each is requested only when the chain needs it.
 */
public final class AlphaVantagePriceSource implements PriceSource {
    public static final String NAME = AlphaVantage.NAME;
    public static final String DEFAULT_BASE_URL = AlphaVantage.DEFAULT_BASE_URL;

    private final ProviderHttp http;
    private final String baseUrl;
    private final ApiKey key;

    public AlphaVantagePriceSource(ProviderHttp http, String baseUrl, ApiKey key) {
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

    URI quoteUri(String symbol, String apiKey) {
        return Http.uri(baseUrl, AlphaVantage.PATH, Http.params("function", "GLOBAL_QUOTE", "symbol", symbol, "apikey", apiKey));
    }

    URI dailyUri(String symbol, String apiKey) {
        // outputsize=full is premium now; compact is the last 100 sessions.
        return Http.uri(baseUrl, AlphaVantage.PATH,
                Http.params("function", "TIME_SERIES_DAILY", "symbol", symbol, "outputsize", "compact", "apikey", apiKey));
    }

    @Override
    public PriceData fetch(Instrument instrument, PriceRequest request) throws ProviderException {
        String symbol = instrument.symbol();
        String apiKey = key.require();
        List<DailyBar> bars = List.of();
        List<String> warnings = new ArrayList<>();
        if (request.wantsBars() && !request.refresh()) {
            bars = parseDaily(symbol, get(dailyUri(symbol, apiKey), symbol));
            if (bars.size() < request.bars()) {
                warnings.add(NAME + ": " + symbol + ": only " + bars.size() + " sessions on the free plan (" + request.bars() + " wanted)");
            }
        }
        Quote quote = null;
        BigDecimal previousClose = null;
        if (request.quote()) {
            JsonNode root = get(quoteUri(symbol, apiKey), symbol);
            JsonNode q = root.path("Global Quote");
            if (!q.isObject() || q.isEmpty()) {
                if (bars.isEmpty()) {
                    throw http.failure(Kind.NO_DATA, symbol + ": empty Global Quote (unknown symbol?)");
                }
                warnings.add(NAME + ": " + symbol + ": empty Global Quote");
            } else {
                try {
                    BigDecimal price = Values.decimal(q.path("05. price"));
                    Optional<String> day = Values.text(q.path("07. latest trading day"));
                    previousClose = Values.decimal(q.path("08. previous close"));
                    if (price == null || day.isEmpty()) {
                        throw http.failure(Kind.UNPARSABLE, symbol + ": Global Quote without \"05. price\" or \"07. latest trading day\"");
                    }
                    quote = new Quote(price, printedAt(instrument.market(), LocalDate.parse(day.get()), request.asOf()), NAME);
                } catch (NumberFormatException | DateTimeException e) {
                    throw http.failure(Kind.UNPARSABLE, symbol + ": Global Quote: " + e.getMessage());
                }
            }
        }
        return new PriceData(bars, quote, previousClose, warnings);
    }

    /**
     * GLOBAL_QUOTE carries only the trading day, not a time: after that day's close the price is its close;
     * during the session the time is unknown, so the session open is assumed (the staleness rule then keeps
     * an in-session quote out rather than presenting an old price as live).
     */
    static Instant printedAt(Market market, LocalDate day, Instant asOf) {
        TradingCalendar calendar = TradingCalendar.forMarket(market);
        Optional<TradingSession> session = calendar.session(day);
        if (session.isEmpty()) {
            return day.atTime(16, 0).atZone(market.zone()).toInstant();
        }
        return asOf.isBefore(session.get().closeInstant()) ? session.get().openInstant() : session.get().closeInstant();
    }

    private JsonNode get(URI uri, String symbol) throws ProviderException {
        ProviderHttp.Response response;
        try {
            response = http.get(uri, AlphaVantage.HEADERS);
        } catch (ProviderException e) {
            throw e.about(symbol);
        }
        JsonNode root = Json.parse(http, symbol, response);
        AlphaVantage.checkError(http, symbol, root);
        return root;
    }

    private List<DailyBar> parseDaily(String symbol, JsonNode root) throws ProviderException {
        JsonNode series = root.path("Time Series (Daily)");
        if (!series.isObject()) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": no \"Time Series (Daily)\" object in the answer");
        }
        if (series.isEmpty()) {
            throw http.failure(Kind.NO_DATA, symbol + ": empty daily series");
        }
        // The series is an object keyed by date and its order is not guaranteed: sort by date.
        TreeMap<LocalDate, DailyBar> byDate = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = series.fields();
        try {
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                LocalDate date = LocalDate.parse(e.getKey());
                JsonNode v = e.getValue();
                BigDecimal close = Values.decimal(v.path("4. close"));
                if (close == null) {
                    continue;
                }
                byDate.put(date, new DailyBar(date, Values.decimal(v.path("1. open")), Values.decimal(v.path("2. high")),
                        Values.decimal(v.path("3. low")), close, Values.wholeNumber(v.path("5. volume"))));
            }
        } catch (NumberFormatException | DateTimeException e) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": daily series: " + e.getMessage());
        }
        return new ArrayList<>(byDate.values());
    }
}
