package dev.marketalerts.marketdata.fmp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.marketdata.ApiKey;
import dev.marketalerts.marketdata.EarningsResult;
import dev.marketalerts.marketdata.EarningsSource;
import dev.marketalerts.marketdata.Http;
import dev.marketalerts.marketdata.Json;
import dev.marketalerts.marketdata.PerSymbol;
import dev.marketalerts.marketdata.Values;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderHttp;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Financial Modeling Prep {@code /stable/earnings?symbol=} (key), one request per symbol; the stable
 * calendar endpoint ignores {@code symbol} and truncates, so it is not used. Stable rows have
 * {@code epsActual/epsEstimated} and no time of day; the legacy v3 row shape ({@code eps}, {@code time},
 * {@code fiscalDateEnding}) is read too. Neither shape marks a date as confirmed (FMP has a separate
 * confirmed-dates endpoint, not used), so none is.
 */
public final class FmpEarningsSource implements EarningsSource {
    public static final String NAME = "fmp";
    public static final String DEFAULT_BASE_URL = "https://financialmodelingprep.com";
    static final Map<String, String> HEADERS = Map.of("Accept", "application/json");

    private final ProviderHttp http;
    private final String baseUrl;
    private final ApiKey key;

    public FmpEarningsSource(ProviderHttp http, String baseUrl, ApiKey key) {
        this.http = http;
        this.baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
        this.key = key;
    }

    @Override
    public String name() {
        return NAME;
    }

    URI uri(String symbol, String apiKey) {
        return Http.uri(baseUrl, "/stable/earnings", Http.params("symbol", symbol, "apikey", apiKey));
    }

    @Override
    public EarningsResult fetch(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) throws ProviderException {
        String apiKey = key.require();
        return PerSymbol.collect(symbols, symbol -> {
            ProviderHttp.Response response;
            try {
                response = http.get(uri(symbol, apiKey), HEADERS);
            } catch (ProviderException e) {
                throw e.about(symbol);
            }
            return parse(symbol, Json.parse(http, symbol, response), from, to);
        });
    }

    List<EarningsEvent> parse(String symbol, JsonNode root, LocalDate from, LocalDate to) throws ProviderException {
        JsonNode error = root.path("Error Message");
        if (error.isTextual()) {
            throw http.failure(Kind.PROVIDER_ERROR, symbol + ": " + error.asText());
        }
        if (!root.isArray()) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": expected a JSON array of earnings rows");
        }
        List<EarningsEvent> events = new ArrayList<>();
        for (JsonNode row : root) {
            if (!symbol.equals(row.path("symbol").asText())) {
                continue;
            }
            try {
                LocalDate date = LocalDate.parse(row.path("date").asText(""));
                if (date.isBefore(from) || date.isAfter(to)) {
                    continue;
                }
                JsonNode actual = row.has("epsActual") ? row.path("epsActual") : row.path("eps");
                EarningsSession session = switch (row.path("time").asText("")) {
                    case "bmo" -> EarningsSession.BMO;
                    case "amc" -> EarningsSession.AMC;
                    default -> EarningsSession.UNKNOWN;
                };
                events.add(new EarningsEvent(symbol, date, session, fiscalPeriod(row.path("fiscalDateEnding")),
                        Values.decimal(row.path("epsEstimated")), Values.decimal(actual), false, NAME));
            } catch (DateTimeException | NumberFormatException e) {
                throw http.failure(Kind.UNPARSABLE, symbol + ": earnings row " + row + ": " + e.getMessage());
            }
        }
        return events;
    }

    private static String fiscalPeriod(JsonNode node) {
        Optional<String> text = Values.text(node);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return YearMonth.from(LocalDate.parse(text.get())).toString();
        } catch (DateTimeException e) {
            return text.get();
        }
    }
}
