package dev.marketalerts.marketdata.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads replay CSV files: daily bars in the Yahoo or Stooq download format and {@code earnings.csv}.
 * Lines starting with {@code #} are comments. Rows with missing values are skipped with a warning;
 * anything else that does not fit throws a {@link ReplayDataException} naming file and line.
 *
 * <p>Numbers are bounded where they are read, so that nothing later (indicators, the state store) works with a value
 * like {@code 1e999999999}: prices and EPS below {@link #MAX_PRICE} in magnitude, volumes below {@link #MAX_VOLUME},
 * each with at most {@link #MAX_DECIMALS} decimal places (trailing zeros aside).
 */
public final class ReplayCsv {
    static final String PROVIDER = "replay";
    public static final BigDecimal MAX_PRICE = new BigDecimal("1e12");
    public static final BigDecimal MAX_VOLUME = new BigDecimal("1e15");
    public static final int MAX_DECIMALS = 12;
    /** The largest replay file read, in bytes: decades of daily bars take a few MiB; reading costs several times the size. */
    public static final long MAX_FILE_BYTES = 64L << 20;
    /** Longer is not a number we accept whatever it says, and is not worth parsing. */
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final String PRICE_RANGE = "a price below 1e12";
    private static final String VOLUME_RANGE = "a volume below 1e15";
    private static final String EPS_RANGE = "an EPS between -1e12 and 1e12";

    private static final String BARS_FORMAT = "expected Date,Open,High,Low,Close[,Adj Close],Volume";
    private static final String EARNINGS_FORMAT = "expected symbol,date,time,epsEstimate,epsActual";

    /** Bar columns by lower-case header name; Adj Close and yfinance's Dividends/Stock Splits are read but ignored. */
    private static final Map<String, String> BAR_COLUMNS = columns(
            "Date", "Open", "High", "Low", "Close", "Adj Close", "Volume", "Dividends", "Stock Splits");
    private static final List<String> REQUIRED_BAR_COLUMNS = List.of("Date", "Open", "High", "Low", "Close");
    private static final List<String> PRICE_COLUMNS = List.of("Open", "High", "Low", "Close");
    private static final Map<String, String> EARNINGS_COLUMNS = columns("symbol", "date", "time", "epsEstimate", "epsActual");

    // yfinance sometimes writes the date as a midnight timestamp with the exchange offset.
    private static final Pattern DATE_WITH_TIME =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([+-]\\d{2}:?\\d{2}|Z)?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private ReplayCsv() {
    }

    /** One CSV record and the line it starts on (1-based, counting comment lines). */
    record Row(int line, List<String> fields) {
    }

    /** The bars of one symbol file, oldest first; skipped rows are appended to {@code warnings}. */
    public static List<DailyBar> readBars(Path file, List<String> warnings) {
        String name = file.toString();
        List<Row> rows = rows(file);
        Map<String, Integer> index = header(name, rows, BAR_COLUMNS, REQUIRED_BAR_COLUMNS, BARS_FORMAT);
        Map<LocalDate, Integer> lineOfDate = new HashMap<>(rows.size() * 2);
        List<DailyBar> bars = new ArrayList<>(rows.size());
        int dateColumn = index.get("Date");
        int[] priceColumns = PRICE_COLUMNS.stream().mapToInt(index::get).toArray();
        Integer volumeColumn = index.get("Volume");
        BigDecimal[] prices = new BigDecimal[PRICE_COLUMNS.size()];
        for (Row row : rows.subList(1, rows.size())) {
            checkWidth(name, row, index.size());
            String where = name + ":" + row.line();
            String dateText = row.fields().get(dateColumn);
            if (isMissing(dateText)) {
                warnings.add(where + ": skipped row: Date is " + describeMissing(dateText));
                continue;
            }
            LocalDate date = date(where, "Date", dateText);
            Integer firstLine = lineOfDate.putIfAbsent(date, row.line());
            if (firstLine != null) {
                throw new ReplayDataException(where + ": duplicate date " + date + " (also on line " + firstLine + ")");
            }
            String skip = null;
            for (int c = 0; c < priceColumns.length; c++) {
                String column = PRICE_COLUMNS.get(c);
                String text = row.fields().get(priceColumns[c]);
                if (isMissing(text)) {
                    skip = column + " is " + describeMissing(text);
                    break;
                }
                BigDecimal price = number(where, column, text);
                if (price != null && price.signum() <= 0) {
                    skip = column + " is not positive (" + abbreviate(text) + ")";
                    break;
                }
                prices[c] = bounded(where, column, text, price, MAX_PRICE, PRICE_RANGE);
            }
            Long volume = null;
            if (skip == null && volumeColumn != null) {
                String text = row.fields().get(volumeColumn);
                if (isMissing(text)) {
                    skip = "Volume is " + describeMissing(text);
                } else {
                    BigDecimal v = number(where, "Volume", text);
                    if (v != null && v.signum() < 0) {
                        skip = "Volume is negative (" + abbreviate(text) + ")";
                    } else {
                        // below 1e15, so the whole number fits a long
                        volume = bounded(where, "Volume", text, v, MAX_VOLUME, VOLUME_RANGE).setScale(0, RoundingMode.HALF_UP)
                                .longValueExact();
                    }
                }
            }
            if (skip != null) {
                warnings.add(where + ": skipped row " + date + ": " + skip);
                continue;
            }
            // prices in PRICE_COLUMNS' order: Open, High, Low, Close
            bars.add(new DailyBar(date, prices[0], prices[1], prices[2], prices[3], volume));
        }
        bars.sort(Comparator.comparing(DailyBar::date));
        return List.copyOf(bars);
    }

    /**
     * The events of {@code earnings.csv} sorted by date then symbol, with the actual EPS as written
     * (hiding it until the report has happened is the caller's job).
     */
    public static List<EarningsEvent> readEarnings(Path file, List<String> warnings) {
        String name = file.toString();
        List<Row> rows = rows(file);
        Map<String, Integer> index = header(name, rows, EARNINGS_COLUMNS, List.copyOf(EARNINGS_COLUMNS.values()), EARNINGS_FORMAT);
        Map<String, Integer> lineOfKey = new HashMap<>();
        List<EarningsEvent> events = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            checkWidth(name, row, index.size());
            String where = name + ":" + row.line();
            String symbol = value(row, index, "symbol");
            String dateText = value(row, index, "date");
            if (isMissing(symbol)) {
                warnings.add(where + ": skipped row: symbol is " + describeMissing(symbol));
                continue;
            }
            if (isMissing(dateText)) {
                warnings.add(where + ": skipped row " + symbol + ": date is " + describeMissing(dateText));
                continue;
            }
            LocalDate date = date(where, "date", dateText);
            Integer firstLine = lineOfKey.putIfAbsent(symbol + " " + date, row.line());
            if (firstLine != null) {
                throw new ReplayDataException(where + ": duplicate earnings of " + symbol + " on " + date
                        + " (also on line " + firstLine + ")");
            }
            EarningsSession session = session(where, value(row, index, "time"));
            BigDecimal estimate = eps(where, "epsEstimate", value(row, index, "epsEstimate"));
            BigDecimal actual = eps(where, "epsActual", value(row, index, "epsActual"));
            events.add(new EarningsEvent(symbol, date, session, null, estimate, actual, true, PROVIDER));
        }
        events.sort(Comparator.comparing(EarningsEvent::date).thenComparing(EarningsEvent::symbol));
        return List.copyOf(events);
    }

    static List<Row> rows(Path file) {
        String name = file.toString();
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ReplayDataException(name + ": the file is " + size + " bytes, more than the 64 MiB (" + MAX_FILE_BYTES
                        + " bytes) a replay file may have");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ReplayDataException(name + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ReplayDataException(name + ": cannot read: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> rows = new ArrayList<>();
        try (JsonParser parser = MAPPER.reader().with(CsvSchema.emptySchema().withComments()).createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_ARRAY) {
                    continue;
                }
                // A row's START_ARRAY carries the previous position; its first value has the row's line.
                int line = -1;
                List<String> fields = new ArrayList<>();
                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                    if (fields.isEmpty()) {
                        line = parser.currentTokenLocation().getLineNr();
                    }
                    fields.add(parser.getText());
                }
                if (!fields.isEmpty()) {
                    rows.add(new Row(line, fields));
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new ReplayDataException(name + (line > 0 ? ":" + line : "") + ": malformed CSV: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ReplayDataException(name + ": cannot read: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new ReplayDataException(name + ": no header line (" + (name.endsWith("earnings.csv") ? EARNINGS_FORMAT : BARS_FORMAT) + ")");
        }
        return rows;
    }

    /** Column positions by canonical name; the header is the first row. */
    private static Map<String, Integer> header(String name, List<Row> rows, Map<String, String> known, List<String> required,
            String format) {
        Row header = rows.get(0);
        String where = name + ":" + header.line();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String raw = header.fields().get(i);
            String column = known.get(raw.toLowerCase(Locale.ROOT));
            if (column == null) {
                throw new ReplayDataException(where + ": unknown column \"" + raw + "\" (" + format + ")");
            }
            if (index.putIfAbsent(column, i) != null) {
                throw new ReplayDataException(where + ": column " + column + " appears twice");
            }
        }
        for (String column : required) {
            if (!index.containsKey(column)) {
                throw new ReplayDataException(where + ": missing column " + column + " (" + format + ")");
            }
        }
        return index;
    }

    private static void checkWidth(String name, Row row, int width) {
        if (row.fields().size() != width) {
            throw new ReplayDataException(name + ":" + row.line() + ": expected " + width + " fields as in the header, found "
                    + row.fields().size());
        }
    }

    private static String value(Row row, Map<String, Integer> index, String column) {
        return row.fields().get(index.get(column));
    }

    private static boolean isMissing(String text) {
        return text.isBlank() || text.equalsIgnoreCase("null") || text.equalsIgnoreCase("nan");
    }

    private static String describeMissing(String text) {
        return text.isBlank() ? "blank" : text;
    }

    private static LocalDate date(String where, String column, String text) {
        LocalDate plain = plainDate(text);
        if (plain != null) {
            return plain;
        }
        Matcher withTime = DATE_WITH_TIME.matcher(text);
        String datePart = withTime.matches() ? withTime.group(1) : text;
        try {
            return LocalDate.parse(datePart);
        } catch (DateTimeParseException e) {
            throw new ReplayDataException(where + ": " + column + " \"" + text + "\" is not a date (yyyy-MM-dd)");
        }
    }

    /**
     * The date of a {@code yyyy-MM-dd} text, which nearly every row has, as {@code LocalDate.parse} reads it; null for any
     * other text (which {@link #date} reads the general way) or a day that does not exist (which it reports in its words).
     */
    private static LocalDate plainDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The value of the ASCII digits {@code text[from, to)}, or -1 when one is not a digit. */
    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * The number of a plain decimal such as {@code 187.30} or {@code 41000000} (digits, at most one point with digits on
     * both sides, up to 18 digits), as {@code new BigDecimal(text)} reads it; null for any other text, which
     * {@link #number} reads the general way.
     */
    private static BigDecimal plainDecimal(String text) {
        int n = text.length();
        if (n == 0 || n > 19) {
            return null;
        }
        long unscaled = 0;
        int point = -1;
        int digits = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                unscaled = unscaled * 10 + (c - '0');
                digits++;
            } else if (c == '.' && point < 0 && i > 0 && i < n - 1) {
                point = i;
            } else {
                return null;
            }
        }
        if (digits > 18) {
            return null;
        }
        return BigDecimal.valueOf(unscaled, point < 0 ? 0 : n - 1 - point);
    }

    /** The number, or null when it is too long or its exponent too large to read (out of range, whatever it is). */
    private static BigDecimal number(String where, String column, String text) {
        BigDecimal plain = plainDecimal(text);
        if (plain != null) {
            return plain;
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new ReplayDataException(where + ": " + column + " \"" + abbreviate(text) + "\" is not a number");
        }
        try {
            return text.length() > MAX_NUMBER_LENGTH ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code value}, if it is below {@code limit} in magnitude with at most {@link #MAX_DECIMALS} decimal places. */
    private static BigDecimal bounded(String where, String column, String text, BigDecimal value, BigDecimal limit, String range) {
        // a scale within MAX_DECIMALS cannot have more decimal places once trailing zeros are stripped
        if (value == null || value.abs().compareTo(limit) >= 0 || value.scale() > MAX_DECIMALS && decimals(value) > MAX_DECIMALS) {
            throw new ReplayDataException(where + ": " + column + " \"" + abbreviate(text) + "\" is out of range, expected " + range
                    + " with at most " + MAX_DECIMALS + " decimal places");
        }
        return value;
    }

    private static BigDecimal eps(String where, String column, String text) {
        return isMissing(text) ? null : bounded(where, column, text, number(where, column, text), MAX_PRICE, EPS_RANGE);
    }

    private static int decimals(BigDecimal value) {
        return value.signum() == 0 ? 0 : Math.max(0, value.stripTrailingZeros().scale());
    }

    /** A value as shown in a message: a runaway field is cut short. */
    private static String abbreviate(String text) {
        return text.length() > MAX_NUMBER_LENGTH ? text.substring(0, MAX_NUMBER_LENGTH) + "..." : text;
    }

    private static EarningsSession session(String where, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "bmo" -> EarningsSession.BMO;
            case "amc" -> EarningsSession.AMC;
            case "" -> EarningsSession.UNKNOWN;
            default -> throw new ReplayDataException(where + ": time \"" + text + "\" is not bmo, amc or empty");
        };
    }

    private static Map<String, String> columns(String... names) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String n : names) {
            map.put(n.toLowerCase(Locale.ROOT), n);
        }
        return map;
    }
}
