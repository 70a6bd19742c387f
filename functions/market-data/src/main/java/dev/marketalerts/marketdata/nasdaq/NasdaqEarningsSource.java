package dev.marketalerts.marketdata.nasdaq;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.marketdata.EarningsResult;
import dev.marketalerts.marketdata.EarningsSource;
import dev.marketalerts.marketdata.Http;
import dev.marketalerts.marketdata.Json;
import dev.marketalerts.marketdata.Values;
import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.ProviderHttp;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Nasdaq earnings calendar (unofficial, no key, browser-like headers): one request per US trading date.
 * Every value is a string; money may be {@code "$1.74"} or {@code "($0.09)"}; missing values are
 * {@code ""}, {@code "N/A"} or {@code "NA"}. Future dates carry {@code lastYearRptDt/lastYearEPS}; past
 * dates carry {@code eps} (the actual) and {@code surprise}. Errors are HTTP 200 with {@code data:null}.
 * No field says whether a date is confirmed, so none is.
 */
public final class NasdaqEarningsSource implements EarningsSource {
    public static final String NAME = "nasdaq";
    public static final String DEFAULT_BASE_URL = "https://api.nasdaq.com";
    /** The headers a browser sends (the OpenBB recording), without which the API is reported to hang. */
    public static final Map<String, String> HEADERS;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json, text/plain, */*");
        h.put("Accept-Encoding", "gzip");
        h.put("Accept-Language", "en-CA,en-US;q=0.7,en;q=0.3");
        h.put("Origin", "https://www.nasdaq.com");
        h.put("Referer", "https://www.nasdaq.com/");
        h.put("User-Agent", Http.BROWSER_USER_AGENT);
        HEADERS = Map.copyOf(h);
    }

    private static final DateTimeFormatter FISCAL_QUARTER = DateTimeFormatter.ofPattern("MMM/yyyy", Locale.ENGLISH);

    private final ProviderHttp http;
    private final String baseUrl;

    public NasdaqEarningsSource(ProviderHttp http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    }

    @Override
    public String name() {
        return NAME;
    }

    URI uri(LocalDate date) {
        return Http.uri(baseUrl, "/api/calendar/earnings", Http.params("date", date.toString()));
    }

    @Override
    public EarningsResult fetch(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) throws ProviderException {
        TradingCalendar calendar = TradingCalendar.forMarket(Market.US_EQUITY);
        List<EarningsEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (calendar.isTradingDay(d)) {
                events.addAll(day(d, symbols, warnings));
            }
        }
        return new EarningsResult(events, symbols, warnings);
    }

    /** The events of {@code symbols} in one date's calendar page. */
    List<EarningsEvent> day(LocalDate date, Set<String> symbols, List<String> warnings) throws ProviderException {
        ProviderHttp.Response response;
        try {
            response = http.get(uri(date), HEADERS);
        } catch (ProviderException e) {
            throw e.about(date.toString());
        }
        return parse(date, Json.parse(http, date.toString(), response), symbols, warnings);
    }

    List<EarningsEvent> parse(LocalDate date, JsonNode root, Set<String> symbols, List<String> warnings) throws ProviderException {
        String subject = date.toString();
        if (!root.has("data")) {
            throw http.failure(Kind.UNPARSABLE, subject + ": no \"data\" in the answer");
        }
        JsonNode data = root.path("data");
        if (data.isNull()) {
            throw http.failure(Kind.PROVIDER_ERROR, subject + ": data is null (" + statusText(root.path("status")) + ")");
        }
        JsonNode rows = data.path("rows");
        if (rows.isNull() || rows.isMissingNode()) {
            return List.of(); // weekends, holidays and empty days
        }
        if (!rows.isArray()) {
            throw http.failure(Kind.UNPARSABLE, subject + ": data.rows is not an array");
        }
        List<EarningsEvent> events = new ArrayList<>();
        for (JsonNode row : rows) {
            String symbol = row.path("symbol").asText("").strip();
            if (!symbols.contains(symbol)) {
                continue;
            }
            try {
                String time = row.path("time").asText("");
                EarningsSession session = session(time);
                if (session == null) {
                    warnings.add(NAME + ": " + symbol + " " + subject + ": unknown time \"" + time + "\", treated as not supplied");
                    session = EarningsSession.UNKNOWN;
                }
                BigDecimal estimate = Values.decimal(row.path("epsForecast"));
                // Past dates carry the reported EPS in "eps"; future ones have no actual.
                BigDecimal actual = Values.decimal(row.path("eps"));
                events.add(new EarningsEvent(symbol, date, session, fiscalPeriod(row.path("fiscalQuarterEnding")).orElse(null),
                        estimate, actual, false, NAME));
            } catch (NumberFormatException e) {
                throw http.failure(Kind.UNPARSABLE, subject + ": row " + symbol + ": " + e.getMessage());
            }
        }
        return events;
    }

    static EarningsSession session(String time) {
        return switch (time) {
            case "time-pre-market" -> EarningsSession.BMO;
            case "time-after-hours" -> EarningsSession.AMC;
            // during market hours has no session value of its own: neither before the open nor after the close
            case "time-not-supplied", "time-during-market", "" -> EarningsSession.UNKNOWN;
            default -> null;
        };
    }

    /** {@code "May/2024"} as {@code "2024-05"} (the month the fiscal quarter ends). */
    static Optional<String> fiscalPeriod(JsonNode node) {
        Optional<String> text = Values.text(node);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(YearMonth.parse(text.get(), FISCAL_QUARTER).toString());
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    private static String statusText(JsonNode status) {
        StringBuilder sb = new StringBuilder("rCode ").append(status.path("rCode").asText("?"));
        JsonNode messages = status.path("bCodeMessage");
        if (messages.isArray()) {
            for (JsonNode m : messages) {
                sb.append("; ").append(m.path("code").asText("")).append(" ").append(m.path("errorMessage").asText(""));
            }
        }
        return sb.toString();
    }
}
