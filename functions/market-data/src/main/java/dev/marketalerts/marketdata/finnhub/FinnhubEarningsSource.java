package dev.marketalerts.marketdata.finnhub;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finnhub earnings calendar (key), one request per symbol for the window. {@code hour} is bmo, amc,
 * dmh (during market hours) or empty; EPS are adjusted figures; {@code epsActual} is null before the report.
 * The fiscal period is given as {@code FY2020 Q1} (Finnhub's fiscal year and quarter). No field marks a date
 * as confirmed (Finnhub's dates are projected until the company confirms them), so none is.
 */
public final class FinnhubEarningsSource implements EarningsSource {
    public static final String NAME = Finnhub.NAME;

    private final ProviderHttp http;
    private final String baseUrl;
    private final ApiKey key;

    public FinnhubEarningsSource(ProviderHttp http, String baseUrl, ApiKey key) {
        this.http = http;
        this.baseUrl = baseUrl == null ? Finnhub.DEFAULT_BASE_URL : baseUrl;
        this.key = key;
    }

    @Override
    public String name() {
        return NAME;
    }

    URI uri(String symbol, LocalDate from, LocalDate to, String token) {
        return Http.uri(baseUrl, "/calendar/earnings",
                Http.params("from", from.toString(), "to", to.toString(), "symbol", symbol, "token", token));
    }

    @Override
    public EarningsResult fetch(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) throws ProviderException {
        String token = key.require();
        return PerSymbol.collect(symbols, symbol -> events(symbol, from, to, token));
    }

    private List<EarningsEvent> events(String symbol, LocalDate from, LocalDate to, String token) throws ProviderException {
        ProviderHttp.Response response;
        try {
            response = http.get(uri(symbol, from, to, token), Finnhub.HEADERS);
        } catch (ProviderException e) {
            throw e.about(symbol);
        }
        JsonNode root = Json.parse(http, symbol, response);
        Finnhub.checkError(http, symbol, root);
        return parse(symbol, root, from, to);
    }

    List<EarningsEvent> parse(String symbol, JsonNode root, LocalDate from, LocalDate to) throws ProviderException {
        JsonNode rows = root.path("earningsCalendar");
        if (rows.isNull()) {
            return List.of();
        }
        if (!rows.isArray()) {
            throw http.failure(Kind.UNPARSABLE, symbol + ": no earningsCalendar array in the answer");
        }
        List<EarningsEvent> events = new ArrayList<>();
        for (JsonNode row : rows) {
            if (!symbol.equals(row.path("symbol").asText())) {
                continue;
            }
            try {
                LocalDate date = LocalDate.parse(row.path("date").asText(""));
                if (date.isBefore(from) || date.isAfter(to)) {
                    continue;
                }
                EarningsSession session = switch (row.path("hour").asText("")) {
                    case "bmo" -> EarningsSession.BMO;
                    case "amc" -> EarningsSession.AMC;
                    default -> EarningsSession.UNKNOWN;
                };
                String period = row.path("year").canConvertToInt() && row.path("quarter").canConvertToInt()
                        && row.path("year").asInt() > 0
                        ? "FY" + row.path("year").asInt() + " Q" + row.path("quarter").asInt() : null;
                events.add(new EarningsEvent(symbol, date, session, period, Values.decimal(row.path("epsEstimate")),
                        Values.decimal(row.path("epsActual")), false, NAME));
            } catch (DateTimeException | NumberFormatException e) {
                throw http.failure(Kind.UNPARSABLE, symbol + ": earnings row " + row + ": " + e.getMessage());
            }
        }
        return events;
    }
}
