package dev.marketalerts.marketdata.yahoo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Quote;
import dev.marketalerts.marketdata.PriceData;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a Yahoo chart of the shape Yahoo sends with Jackson's streaming parser, without a tree of the body: a cold start
 * reads several charts at once, each thread in the interpreter, and the tree was most of that work. Anything else (an
 * error, a value of another type, a key given twice, columns of other lengths, a body that is not JSON) gives null, and
 * {@link YahooPriceSource} reads the chart through the tree as before, so that every answer and message stays the same.
 */
final class YahooChartReader {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Thrown inside the reader when the chart is not of the plain shape. */
    private static final class NotPlain extends Exception {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    private static final NotPlain NOT_PLAIN = new NotPlain();

    private String zoneName;
    private BigDecimal price;
    private Long time;
    private BigDecimal previousClose;
    private List<Long> timestamps;
    private List<BigDecimal> open;
    private List<BigDecimal> high;
    private List<BigDecimal> low;
    private List<BigDecimal> close;
    private List<Long> volume;

    private YahooChartReader() {
    }

    /** The chart's bars and quote as {@link YahooPriceSource#parse} reads them, or null when the chart is not of the plain shape. */
    static PriceData read(Instrument instrument, String body, boolean singleDayRange) {
        YahooChartReader r = new YahooChartReader();
        try (JsonParser p = FACTORY.createParser(body)) {
            r.root(p);
            return r.data(instrument, singleDayRange);
        } catch (NotPlain | IOException | DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private PriceData data(Instrument instrument, boolean singleDayRange) throws NotPlain {
        ZoneId zone = zoneName == null || zoneName.isEmpty() ? instrument.market().zone() : ZoneId.of(zoneName);
        List<DailyBar> bars = List.of();
        List<String> warnings = new ArrayList<>();
        if (timestamps != null) {
            int n = timestamps.size();
            if (close == null || !fits(open, n) || !fits(high, n) || !fits(low, n) || !fits(close, n) || !fits(volume, n)) {
                throw NOT_PLAIN;
            }
            TreeMap<LocalDate, DailyBar> byDate = new TreeMap<>();
            int skipped = 0;
            for (int i = 0; i < n; i++) {
                BigDecimal c = close.get(i);
                Long ts = timestamps.get(i);
                if (c == null || ts == null) {
                    skipped++;
                    continue;
                }
                LocalDate date = Instant.ofEpochSecond(ts).atZone(zone).toLocalDate();
                // A later entry for the same date (Yahoo repeats the live bar) replaces the earlier one.
                byDate.put(date, new DailyBar(date, at(open, i), at(high, i), at(low, i), c, at(volume, i)));
            }
            if (skipped > 0) {
                warnings.add(YahooPriceSource.NAME + ": " + instrument.symbol() + ": skipped " + skipped + " daily bar(s) without a close");
            }
            bars = new ArrayList<>(byDate.values());
        }
        Quote quote = price != null && time != null && time > 0 ? new Quote(price, Instant.ofEpochSecond(time), YahooPriceSource.NAME) : null;
        return new PriceData(bars, quote, singleDayRange ? previousClose : null, warnings);
    }

    private static boolean fits(List<?> column, int n) {
        return column == null || column.size() == n;
    }

    private static <T> T at(List<T> column, int i) {
        return column == null ? null : column.get(i);
    }

    private void root(JsonParser p) throws IOException, NotPlain {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        boolean chart = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("chart")) {
                chart = once(chart);
                chart(p);
            } else {
                p.skipChildren();
            }
        }
        if (!chart) {
            throw NOT_PLAIN;
        }
    }

    private void chart(JsonParser p) throws IOException, NotPlain {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        boolean result = false;
        boolean error = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("result")) {
                result = once(result);
                expect(value, JsonToken.START_ARRAY);
                expect(p.nextToken(), JsonToken.START_OBJECT);
                result(p);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren(); // later results are not read, as in the tree
                }
            } else if (name.equals("error")) {
                error = once(error);
                expect(value, JsonToken.VALUE_NULL);
            } else {
                p.skipChildren();
            }
        }
        if (!result) {
            throw NOT_PLAIN;
        }
    }

    private void result(JsonParser p) throws IOException, NotPlain {
        boolean meta = false;
        boolean seenTimestamps = false;
        boolean indicators = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "meta" -> {
                    meta = once(meta);
                    expect(value, JsonToken.START_OBJECT);
                    meta(p);
                }
                case "timestamp" -> {
                    seenTimestamps = once(seenTimestamps);
                    timestamps = value == JsonToken.VALUE_NULL ? null : longs(p);
                }
                case "indicators" -> {
                    indicators = once(indicators);
                    expect(value, JsonToken.START_OBJECT);
                    indicators(p);
                }
                default -> p.skipChildren();
            }
        }
    }

    private void meta(JsonParser p) throws IOException, NotPlain {
        boolean zone = false;
        boolean seenPrice = false;
        boolean seenTime = false;
        boolean seenPrevious = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "exchangeTimezoneName" -> {
                    zone = once(zone);
                    if (value == JsonToken.VALUE_STRING) {
                        zoneName = p.getText();
                    } else {
                        expect(value, JsonToken.VALUE_NULL);
                        zoneName = null;
                    }
                }
                case "regularMarketPrice" -> {
                    seenPrice = once(seenPrice);
                    price = decimal(p, value);
                }
                case "regularMarketTime" -> {
                    seenTime = once(seenTime);
                    time = whole(p, value);
                }
                case "chartPreviousClose" -> {
                    seenPrevious = once(seenPrevious);
                    previousClose = decimal(p, value);
                }
                default -> p.skipChildren();
            }
        }
    }

    private void indicators(JsonParser p) throws IOException, NotPlain {
        boolean quote = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("quote")) {
                quote = once(quote);
                expect(value, JsonToken.START_ARRAY);
                expect(p.nextToken(), JsonToken.START_OBJECT);
                quote(p);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void quote(JsonParser p) throws IOException, NotPlain {
        boolean seenOpen = false;
        boolean seenHigh = false;
        boolean seenLow = false;
        boolean seenClose = false;
        boolean seenVolume = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "open" -> {
                    seenOpen = once(seenOpen);
                    open = decimals(p, value);
                }
                case "high" -> {
                    seenHigh = once(seenHigh);
                    high = decimals(p, value);
                }
                case "low" -> {
                    seenLow = once(seenLow);
                    low = decimals(p, value);
                }
                case "close" -> {
                    seenClose = once(seenClose);
                    close = decimals(p, value);
                }
                case "volume" -> {
                    seenVolume = once(seenVolume);
                    if (value == JsonToken.VALUE_NULL) {
                        volume = null;
                    } else {
                        expect(value, JsonToken.START_ARRAY);
                        List<Long> out = new ArrayList<>();
                        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                            BigDecimal d = decimal(p, t);
                            out.add(d == null ? null : d.longValueExact());
                        }
                        volume = out;
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /** A column of numbers and nulls, or null for a JSON null. */
    private static List<BigDecimal> decimals(JsonParser p, JsonToken value) throws IOException, NotPlain {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.START_ARRAY);
        List<BigDecimal> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            out.add(decimal(p, t));
        }
        return out;
    }

    /** Timestamps: whole numbers that fit a long, and nulls. */
    private static List<Long> longs(JsonParser p) throws IOException, NotPlain {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        List<Long> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            out.add(whole(p, t));
        }
        return out;
    }

    /** A number exactly as written (as the tree's decimalValue gives it), or null for a JSON null. */
    private static BigDecimal decimal(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw NOT_PLAIN;
        }
        return p.getDecimalValue();
    }

    /** A whole number that fits a long, or null for a JSON null. */
    private static Long whole(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw NOT_PLAIN;
        }
        return p.getLongValue();
    }

    private static void expect(JsonToken actual, JsonToken expected) throws NotPlain {
        if (actual != expected) {
            throw NOT_PLAIN;
        }
    }

    /** A key given twice is read by the tree (the last one wins there). */
    private static boolean once(boolean seen) throws NotPlain {
        if (seen) {
            throw NOT_PLAIN;
        }
        return true;
    }
}
