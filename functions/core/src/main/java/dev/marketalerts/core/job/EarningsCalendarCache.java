package dev.marketalerts.core.job;

import static dev.marketalerts.core.job.StoredJson.date;
import static dev.marketalerts.core.job.StoredJson.decimalOrNull;
import static dev.marketalerts.core.job.StoredJson.field;
import static dev.marketalerts.core.job.StoredJson.instant;
import static dev.marketalerts.core.job.StoredJson.text;
import static dev.marketalerts.core.job.StoredJson.textOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The earnings calendar the job keeps between runs: for the symbols it was asked for, one page per report date with
 * the instant it was fetched and the reports of those symbols dated that day. Stored as one JSON document
 * ({@link #toJson()} / {@link #fromJson(String)}: every field read with its exact type; anything else is an
 * {@link IllegalArgumentException} the store reports as corrupt).
 */
public record EarningsCalendarCache(Set<String> symbols, Map<LocalDate, Page> pages) {

    public EarningsCalendarCache {
        symbols = Set.copyOf(new TreeSet<>(symbols));
        pages = Map.copyOf(new TreeMap<>(pages));
    }

    /** What one date's page said when it was fetched. */
    public record Page(Instant fetchedAt, List<EarningsEvent> events) {
        public Page {
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            events = List.copyOf(events);
        }
    }

    /**
     * Every cached report dated within [from, to], by date then symbol. A symbol found on several pages dated today or
     * later keeps only the most recently fetched page's reports: a moved report is still on the page of its old date
     * until that page is fetched again.
     */
    public List<EarningsEvent> events(LocalDate from, LocalDate to, LocalDate today) {
        Map<String, Instant> newest = new TreeMap<>();
        pages.forEach((date, page) -> {
            if (!date.isBefore(today) && !date.isBefore(from) && !date.isAfter(to)) {
                page.events().forEach(e -> newest.merge(e.symbol(), page.fetchedAt(), (a, b) -> a.isAfter(b) ? a : b));
            }
        });
        List<EarningsEvent> out = new ArrayList<>();
        new TreeMap<>(pages).subMap(from, true, to, true).forEach((date, page) -> page.events().stream()
                .filter(e -> date.isBefore(today) || page.fetchedAt().equals(newest.get(e.symbol())))
                .forEach(out::add));
        out.sort(java.util.Comparator.comparing(EarningsEvent::date).thenComparing(EarningsEvent::symbol));
        return out;
    }

    public String toJson() {
        ObjectNode n = StoredJson.JSON.createObjectNode();
        ArrayNode s = n.putArray("symbols");
        new TreeSet<>(symbols).forEach(s::add);
        ObjectNode p = n.putObject("pages");
        new TreeMap<>(pages).forEach((date, page) -> {
            ObjectNode pn = p.putObject(date.toString());
            pn.put("fetchedAt", page.fetchedAt().toString());
            ArrayNode events = pn.putArray("events");
            for (EarningsEvent e : page.events()) {
                ObjectNode en = events.addObject();
                en.put("symbol", e.symbol());
                en.put("date", e.date().toString());
                en.put("session", e.session().name().toLowerCase(Locale.ROOT));
                en.put("fiscalPeriod", e.fiscalPeriod());
                en.put("epsEstimate", e.epsEstimate() == null ? null : e.epsEstimate().toPlainString());
                en.put("epsActual", e.epsActual() == null ? null : e.epsActual().toPlainString());
                en.put("confirmed", e.confirmed());
                en.put("provider", e.provider());
            }
        });
        return n.toString();
    }

    /** Reads {@link #toJson()}'s form; a missing field or one of another type is an IllegalArgumentException naming it. */
    public static EarningsCalendarCache fromJson(String json) {
        JsonNode n = StoredJson.object(json);
        JsonNode s = field(n, "symbols", "symbols");
        if (!s.isArray()) {
            throw new IllegalArgumentException("field 'symbols' is not a list");
        }
        Set<String> symbols = new TreeSet<>();
        s.forEach(v -> symbols.add(text(v, "symbols[]")));
        JsonNode p = field(n, "pages", "pages");
        if (!p.isObject()) {
            throw new IllegalArgumentException("field 'pages' is not an object");
        }
        Map<LocalDate, Page> pages = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "pages." + e.getKey();
            LocalDate date = date(e.getKey(), where);
            JsonNode page = e.getValue();
            if (!page.isObject()) {
                throw new IllegalArgumentException("field '" + where + "' is not an object");
            }
            JsonNode events = field(page, "events", where + ".events");
            if (!events.isArray()) {
                throw new IllegalArgumentException("field '" + where + ".events' is not a list");
            }
            List<EarningsEvent> list = new ArrayList<>();
            for (JsonNode ev : events) {
                list.add(event(ev, where + ".events[]"));
            }
            pages.put(date, new Page(instant(field(page, "fetchedAt", where + ".fetchedAt"), where + ".fetchedAt"), list));
        }
        return new EarningsCalendarCache(symbols, pages);
    }

    private static EarningsEvent event(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("field '" + where + "' is not an object");
        }
        String session = text(field(n, "session", where + ".session"), where + ".session");
        EarningsSession s;
        try {
            s = EarningsSession.valueOf(session.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + where + ".session' is not bmo, amc or unknown");
        }
        JsonNode confirmed = field(n, "confirmed", where + ".confirmed");
        if (!confirmed.isBoolean()) {
            throw new IllegalArgumentException("field '" + where + ".confirmed' is not a boolean");
        }
        return new EarningsEvent(text(field(n, "symbol", where + ".symbol"), where + ".symbol"),
                date(text(field(n, "date", where + ".date"), where + ".date"), where + ".date"), s,
                textOrNull(field(n, "fiscalPeriod", where + ".fiscalPeriod"), where + ".fiscalPeriod"),
                decimalOrNull(field(n, "epsEstimate", where + ".epsEstimate"), where + ".epsEstimate"),
                decimalOrNull(field(n, "epsActual", where + ".epsActual"), where + ".epsActual"), confirmed.booleanValue(),
                text(field(n, "provider", where + ".provider"), where + ".provider"));
    }
}
