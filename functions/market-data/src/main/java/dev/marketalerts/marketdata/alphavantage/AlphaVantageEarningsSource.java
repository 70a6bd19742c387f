package dev.marketalerts.marketdata.alphavantage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Market;
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
import java.io.IOException;
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
import java.util.stream.Collectors;

/**
 * Alpha Vantage earnings (key, 25 requests/day): the bulk {@code EARNINGS_CALENDAR} CSV (one request for all
 * symbols) for dates from today on, and {@code EARNINGS} per symbol for dates up to today (the reported
 * EPS). A throttled CSV call returns the header plus the row {@code I,n,f,o,r,m,a}; rows whose reportDate
 * does not parse are rejected. Neither marks a date as confirmed, so none is.
 */
public final class AlphaVantageEarningsSource implements EarningsSource {
    public static final String NAME = AlphaVantage.NAME;

    private static final CsvMapper CSV = new CsvMapper();

    private final ProviderHttp http;
    private final String baseUrl;
    private final ApiKey key;

    public AlphaVantageEarningsSource(ProviderHttp http, String baseUrl, ApiKey key) {
        this.http = http;
        this.baseUrl = baseUrl == null ? AlphaVantage.DEFAULT_BASE_URL : baseUrl;
        this.key = key;
    }

    @Override
    public String name() {
        return NAME;
    }

    static String horizon(LocalDate today, LocalDate to) {
        if (!to.isAfter(today.plusMonths(3))) {
            return "3month";
        }
        return to.isAfter(today.plusMonths(6)) ? "12month" : "6month";
    }

    URI calendarUri(String horizon, String apiKey) {
        return Http.uri(baseUrl, AlphaVantage.PATH, Http.params("function", "EARNINGS_CALENDAR", "horizon", horizon, "apikey", apiKey));
    }

    URI earningsUri(String symbol, String apiKey) {
        return Http.uri(baseUrl, AlphaVantage.PATH, Http.params("function", "EARNINGS", "symbol", symbol, "apikey", apiKey));
    }

    @Override
    public EarningsResult fetch(Set<String> symbols, LocalDate from, LocalDate to, Instant asOf) throws ProviderException {
        String apiKey = key.require();
        LocalDate today = asOf.atZone(Market.US_EQUITY.zone()).toLocalDate();
        List<EarningsEvent> upcoming = to.isBefore(today) ? List.of()
                : calendar(symbols, from.isAfter(today) ? from : today, to, today, apiKey);
        List<EarningsEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> answered = symbols;
        if (!from.isAfter(today)) {
            LocalDate pastTo = to.isBefore(today) ? to : today;
            EarningsResult past = PerSymbol.collect(symbols, s -> reported(s, from, pastTo, apiKey));
            events.addAll(past.events());
            warnings.addAll(past.warnings());
            answered = past.answered();
        }
        // The reported figures stand in for the calendar's estimate-only row of the same report.
        Set<String> reported = events.stream().map(e -> e.symbol() + "|" + e.date()).collect(Collectors.toSet());
        upcoming.stream().filter(e -> !reported.contains(e.symbol() + "|" + e.date())).forEach(events::add);
        return new EarningsResult(events, answered, warnings);
    }

    List<EarningsEvent> calendar(Set<String> symbols, LocalDate from, LocalDate to, LocalDate today, String apiKey)
            throws ProviderException {
        ProviderHttp.Response response;
        try {
            response = http.get(calendarUri(horizon(today, to), apiKey), AlphaVantage.HEADERS);
        } catch (ProviderException e) {
            throw e.about("EARNINGS_CALENDAR");
        }
        String body = response.text().strip();
        if (body.startsWith("{")) {
            JsonNode root = Json.parse(http, "EARNINGS_CALENDAR", response);
            AlphaVantage.checkError(http, "EARNINGS_CALENDAR", root);
            throw http.failure(Kind.UNPARSABLE, "EARNINGS_CALENDAR: JSON instead of CSV");
        }
        return parseCalendar(body, symbols, from, to);
    }

    List<EarningsEvent> parseCalendar(String body, Set<String> symbols, LocalDate from, LocalDate to) throws ProviderException {
        String what = "EARNINGS_CALENDAR";
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(body)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        } catch (IOException | RuntimeException e) {
            throw http.failure(Kind.UNPARSABLE, what + ": not a CSV: " + e.getMessage());
        }
        if (!rows.isEmpty() && !(rows.get(0).containsKey("symbol") && rows.get(0).containsKey("reportDate"))) {
            throw http.failure(Kind.UNPARSABLE, what + ": header lacks symbol/reportDate: " + rows.get(0).keySet());
        }
        List<EarningsEvent> events = new ArrayList<>();
        int rejected = 0;
        for (Map<String, String> row : rows) {
            LocalDate date;
            try {
                date = LocalDate.parse(row.getOrDefault("reportDate", "").strip());
            } catch (DateTimeException e) {
                rejected++;
                continue;
            }
            String symbol = row.getOrDefault("symbol", "").strip();
            if (!symbols.contains(symbol) || date.isBefore(from) || date.isAfter(to)) {
                continue;
            }
            try {
                events.add(new EarningsEvent(symbol, date, session(row.get("timeOfTheDay")), fiscalPeriod(row.get("fiscalDateEnding")),
                        Values.decimal(row.get("estimate")), null, false, NAME));
            } catch (NumberFormatException e) {
                throw http.failure(Kind.UNPARSABLE, what + ": row " + symbol + ": " + e.getMessage());
            }
        }
        if (rejected > 0 && rejected == rows.size()) {
            Map<String, String> first = rows.get(0);
            boolean throttled = "I".equals(first.get("symbol")) && "n".equals(first.get("name"));
            throw http.failure(throttled ? Kind.THROTTLED : Kind.UNPARSABLE, what + ": "
                    + (throttled ? "throttled (the CSV holds the row I,n,f,o,r,m,a)" : "no row has a reportDate that parses"));
        }
        return events;
    }

    private List<EarningsEvent> reported(String symbol, LocalDate from, LocalDate to, String apiKey) throws ProviderException {
        ProviderHttp.Response response;
        try {
            response = http.get(earningsUri(symbol, apiKey), AlphaVantage.HEADERS);
        } catch (ProviderException e) {
            throw e.about(symbol);
        }
        JsonNode root = Json.parse(http, symbol, response);
        AlphaVantage.checkError(http, symbol, root);
        return parseEarnings(symbol, root, from, to);
    }

    List<EarningsEvent> parseEarnings(String symbol, JsonNode root, LocalDate from, LocalDate to) throws ProviderException {
        JsonNode quarters = root.path("quarterlyEarnings");
        if (!quarters.isArray()) {
            if (root.isObject() && root.isEmpty()) {
                throw http.failure(Kind.NO_DATA, symbol + ": empty EARNINGS answer (unknown symbol?)");
            }
            throw http.failure(Kind.UNPARSABLE, symbol + ": no quarterlyEarnings array in the EARNINGS answer");
        }
        List<EarningsEvent> events = new ArrayList<>();
        for (JsonNode q : quarters) {
            try {
                Optional<String> reported = Values.text(q.path("reportedDate"));
                if (reported.isEmpty()) {
                    continue;
                }
                LocalDate date = LocalDate.parse(reported.get());
                if (date.isBefore(from) || date.isAfter(to)) {
                    continue;
                }
                events.add(new EarningsEvent(symbol, date, session(q.path("reportTime").asText(null)),
                        fiscalPeriod(q.path("fiscalDateEnding").asText(null)), Values.decimal(q.path("estimatedEPS")),
                        Values.decimal(q.path("reportedEPS")), false, NAME));
            } catch (DateTimeException | NumberFormatException e) {
                throw http.failure(Kind.UNPARSABLE, symbol + ": quarterlyEarnings row: " + e.getMessage());
            }
        }
        return events;
    }

    static EarningsSession session(String timeOfTheDay) {
        if (timeOfTheDay == null) {
            return EarningsSession.UNKNOWN;
        }
        return switch (timeOfTheDay.strip()) {
            case "pre-market" -> EarningsSession.BMO;
            case "post-market" -> EarningsSession.AMC;
            default -> EarningsSession.UNKNOWN;
        };
    }

    /** {@code 2026-07-31} as {@code 2026-07}; Alpha Vantage rounds period ends to the month end anyway. */
    static String fiscalPeriod(String fiscalDateEnding) {
        if (Values.isAbsent(fiscalDateEnding)) {
            return null;
        }
        try {
            return YearMonth.from(LocalDate.parse(fiscalDateEnding.strip())).toString();
        } catch (DateTimeException e) {
            return fiscalDateEnding.strip();
        }
    }
}
