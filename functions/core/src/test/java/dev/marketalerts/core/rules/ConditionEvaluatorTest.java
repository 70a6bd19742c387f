package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.marketalerts.core.calendar.CryptoCalendar;
import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Evaluates parsed conditions over hand-built snapshots on the NYSE and crypto calendars. */
class ConditionEvaluatorTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");

    // ---- fixtures -------------------------------------------------------------------------------------------

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    private static DailyBar close(String date, String close) {
        return DailyBar.close(LocalDate.parse(date), dec(close));
    }

    private static DailyBar bar(String date, String open, String high, String low, String close, Long volume) {
        return new DailyBar(LocalDate.parse(date), open == null ? null : dec(open), high == null ? null : dec(high),
                low == null ? null : dec(low), dec(close), volume);
    }

    /** New York wall-clock time, e.g. {@code ny("2026-01-23T16:00")}. */
    private static Instant ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NY).toInstant();
    }

    private static MetricContext equity(List<DailyBar> bars, String price, Instant quoteAt, Instant now) {
        return equity(bars, price, quoteAt, now, null);
    }

    private static MetricContext equity(List<DailyBar> bars, String price, Instant quoteAt, Instant now, LocalDate lastEarnings) {
        Quote quote = price == null ? null : new Quote(dec(price), quoteAt, "test");
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity("IREN"), bars, quote, "test", now);
        return new MetricContext(snapshot, NyseCalendar.INSTANCE, now, lastEarnings);
    }

    /** An equity evaluated at 16:05 on {@code date} with a closing print at 16:00. */
    private static MetricContext closeOf(String date, List<DailyBar> bars, String price) {
        return equity(bars, price, ny(date + "T16:00"), ny(date + "T16:05"));
    }

    private static MetricContext crypto(List<DailyBar> bars, String price, Instant quoteAt, Instant now) {
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.crypto("BTC-USD"), bars,
                new Quote(dec(price), quoteAt, "test"), "test", now);
        return new MetricContext(snapshot, CryptoCalendar.INSTANCE, now, null);
    }

    /** Evaluates, and checks on the way that the job's cheap path ({@link Condition#check} with the crossings' values) agrees. */
    private static Evaluation eval(String expression, MetricContext ctx) throws ConditionSyntaxException {
        return evaluated(ConditionParser.parse(expression), ctx, Map.of());
    }

    private static Evaluation evaluated(Condition c, MetricContext ctx, Map<String, BigDecimal> previous) {
        return CheckAgreement.evaluated(c, ctx, previous);
    }

    private static TriState result(String expression, MetricContext ctx) throws ConditionSyntaxException {
        return eval(expression, ctx).result();
    }

    private static BigDecimal observed(String expression, MetricContext ctx, String metric) throws ConditionSyntaxException {
        return eval(expression, ctx).observed().get(metric);
    }

    /** January 2026 closes around Martin Luther King Day (Monday 2026-01-19, NYSE closed). */
    private static final List<DailyBar> JANUARY = List.of(
            close("2025-12-30", "10"),
            close("2025-12-31", "20"),
            close("2026-01-02", "25"),
            close("2026-01-14", "24"),
            close("2026-01-15", "26"),
            close("2026-01-16", "20"),
            close("2026-01-20", "21"),
            close("2026-01-21", "22"),
            close("2026-01-22", "23"),
            close("2026-01-23", "29.40"));

    // ---- thresholds and comparisons ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} at {1} is {2}")
    @CsvSource({
        "price >= 100, 100, TRUE",
        "price > 100, 100, FALSE",
        "price <= 100, 100, TRUE",
        "price < 100, 100, FALSE",
        "price > 99.99, 100, TRUE",
        "price >= 100.01, 100, FALSE",
        "price >= 10000%, 100, TRUE",
        "-price < -99, 100, TRUE",
        "price * 2 >= 200, 100, TRUE",
        "2 * price > 200, 100, FALSE",
        "price >= 1e2, 100, TRUE",
        "price > 1e2, 100, FALSE",
        "price < 1.0001e2, 100, TRUE",
        "price > 99999e-3, 100, TRUE",
    })
    void valueExactlyAtTheThreshold(String expression, String price, TriState expected) throws Exception {
        MetricContext ctx = closeOf("2026-01-23", JANUARY, price);

        assertThat(result(expression, ctx)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} at {1} is {2}")
    @CsvSource({
        "price > 100.125, 100.12, FALSE",
        "price > 100.125, 100.1250, FALSE",
        "price >= 100.125, 100.1250000, TRUE",
        "price > 100.125, 100.12500001, TRUE",
        "price < 181.84, 181.83999633789062, TRUE",
        "price <= 181.84, 181.84000000000001, FALSE",
        "100 < price, 100.01, TRUE",
        "100 <= price, 99.99999999999999999999, FALSE",
        "100 >= price, 100.000, TRUE",
        "price > 0.5%, 0.006, TRUE",
        "price < 999999999999999.999999999999, 999999999999999.999999999998, TRUE",
    })
    void priceAgainstANumberIsExactWhateverTheScales(String expression, String price, TriState expected) throws Exception {
        MetricContext ctx = closeOf("2026-01-23", JANUARY, price);

        assertThat(result(expression, ctx)).isEqualTo(expected);
        assertSameAsTheGeneralRules(expression, ctx);
    }

    /**
     * {@code price OP number} alone is decided and explained straight from the quote; the same comparison inside an
     * {@code and} goes through the general evaluation, which must give the same evaluation in every respect.
     */
    private static void assertSameAsTheGeneralRules(String expression, MetricContext ctx) throws ConditionSyntaxException {
        assertThat(eval(expression, ctx)).isEqualTo(eval(expression + " and " + expression, ctx));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "price > 5 and change(1d) > 0, UNKNOWN",
        "price < 5 and change(1d) > 0, FALSE",
        "change(1d) > 0 and price < 5, FALSE",
        "price > 5 or change(1d) > 0, TRUE",
        "change(1d) > 0 or price > 5, TRUE",
        "price < 5 or change(1d) > 0, UNKNOWN",
        "not change(1d) > 0, UNKNOWN",
        "not price < 5, TRUE",
        "not (price < 5 or change(1d) > 0), UNKNOWN",
        "not (price < 5 and change(1d) > 0), TRUE",
    })
    void kleeneLogicWithUnknown(String expression, TriState expected) throws Exception {
        // No bar for the previous session (2026-01-22), so change(1d) is unknown; price is 10.
        List<DailyBar> bars = List.of(close("2026-01-21", "9"), close("2026-01-23", "10"));

        assertThat(result(expression, closeOf("2026-01-23", bars, "10"))).isEqualTo(expected);
    }

    // ---- quote freshness ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            quote 10 minutes old in session            | 2026-01-23T11:00 | 2026-01-23T11:10 | TRUE
            quote exactly 30 minutes old in session    | 2026-01-23T11:00 | 2026-01-23T11:30 | TRUE
            quote 31 minutes old in session            | 2026-01-23T11:00 | 2026-01-23T11:31 | UNKNOWN
            Friday closing print on Saturday            | 2026-01-23T16:00 | 2026-01-24T12:00 | TRUE
            Friday closing print before Monday open     | 2026-01-23T16:00 | 2026-01-26T09:29 | TRUE
            Friday closing print after Monday open      | 2026-01-23T16:00 | 2026-01-26T10:01 | UNKNOWN
            print after the close on Saturday           | 2026-01-23T16:20 | 2026-01-24T12:00 | TRUE
            print before the close on Saturday          | 2026-01-23T15:59 | 2026-01-24T12:00 | UNKNOWN
            closing print over the MLK long weekend     | 2026-01-16T16:00 | 2026-01-19T15:00 | TRUE
            Thursday print before Good Friday weekend   | 2026-04-02T16:00 | 2026-04-05T12:00 | TRUE
            Thursday print on the Good Friday weekend   | 2026-04-01T16:00 | 2026-04-05T12:00 | UNKNOWN
            closing print at 18:00 the same evening     | 2026-01-23T16:00 | 2026-01-23T18:00 | TRUE
            """)
    void equityQuoteFreshness(String name, String quoteAt, String now, TriState expected) throws Exception {
        MetricContext ctx = equity(JANUARY, "30", ny(quoteAt), ny(now));

        assertThat(result("price > 1", ctx)).isEqualTo(expected);
        assertSameAsTheGeneralRules("price > 1", ctx);
    }

    @ParameterizedTest(name = "crypto quote {0} minutes old on a Saturday is {1}")
    @CsvSource({"0, TRUE", "30, TRUE", "31, UNKNOWN", "600, UNKNOWN"})
    void cryptoQuotesGoStaleAfterThirtyMinutesAlways(int minutes, TriState expected) throws Exception {
        Instant now = Instant.parse("2026-01-24T12:00:00Z");
        MetricContext ctx = crypto(List.of(), "90000", now.minusSeconds(60L * minutes), now);

        assertThat(result("price > 1", ctx)).isEqualTo(expected);
        assertSameAsTheGeneralRules("price > 1", ctx);
    }

    @ParameterizedTest(name = "price {0}")
    @CsvSource({"0", "-1"})
    void nonPositiveQuoteIsUnknown(String price) throws Exception {
        assertThat(result("price < 1000", closeOf("2026-01-23", JANUARY, price))).isEqualTo(TriState.UNKNOWN);
        assertSameAsTheGeneralRules("price < 1000", closeOf("2026-01-23", JANUARY, price));
    }

    @Test
    void noQuoteMeansUnknownPriceButBarMetricsStillWork() throws Exception {
        List<DailyBar> bars = List.of(bar("2026-01-22", "9", "9", "9", "9", 100L), bar("2026-01-23", "10", "11", "9", "10", 500L));
        MetricContext ctx = equity(bars, null, null, ny("2026-01-23T16:05"));

        Evaluation e = eval("price > 1 or volume > 400", ctx);

        assertThat(e.result()).isEqualTo(TriState.TRUE);
        assertThat(e.observed()).containsExactly(entry("volume", dec("500")));
        assertThat(e.dataAsOf()).isEqualTo(ny("2026-01-23T16:05"));
    }

    @Test
    void dataAsOfIsTheQuoteTime() throws Exception {
        MetricContext ctx = equity(JANUARY, "30", ny("2026-01-23T15:50"), ny("2026-01-23T16:05"));

        assertThat(eval("price > 1", ctx).dataAsOf()).isEqualTo(ny("2026-01-23T15:50"));
    }

    // ---- change, change_since, ytd --------------------------------------------------------------------------------

    @Test
    void changeOneDayAcrossAHolidayUsesThePreviousTradingSession() throws Exception {
        // Tuesday 2026-01-20 follows Martin Luther King Day: the previous session is Friday 2026-01-16 (close 20).
        MetricContext ctx = closeOf("2026-01-20", JANUARY, "22");

        assertThat(observed("change(1d) > 0", ctx, "change(1d)")).isEqualByComparingTo("0.1");
        assertThat(observed("change(2d) > 0", ctx, "change(2d)")).isEqualByComparingTo("-0.1538461538461538");
    }

    @Test
    void changeIsUnknownWhenTheExactReferenceBarIsMissing() throws Exception {
        List<DailyBar> withoutFriday = JANUARY.stream().filter(b -> !b.date().equals(LocalDate.of(2026, 1, 16))).toList();

        assertThat(result("change(1d) > 0", closeOf("2026-01-20", withoutFriday, "22"))).isEqualTo(TriState.UNKNOWN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            change(1d)                  | 0.2782608695652174
            change(5d)                  | 0.1307692307692308
            change(1w)                  | 0.47
            change(3w)                  | 0.176
            change(1m)                  | 1.94
            change(ytd)                 | 0.47
            change_since(2026-01-01)    | 0.47
            change_since(2026-01-02)    | 0.47
            change_since(2026-01-03)    | 0.176
            change_since(2026-01-20)    | 0.47
            change_since(2026-01-23)    | 0.2782608695652174
            """)
    void changeReferences(String metric, String expected) throws Exception {
        // Friday 2026-01-23 at 29.40. 1d: Thu 01-22 (23); 5d: Thu 01-15 (26), as Monday 01-19 is a holiday;
        // 1w: on/before Fri 01-16 (20); 3w: on/before Fri 01-02 (25); 1m: on/before 2025-12-23, only in `deep` (10).
        MetricContext ctx = closeOf("2026-01-23", JANUARY, "29.40");
        List<DailyBar> withDecember = new ArrayList<>(JANUARY);
        withDecember.add(0, close("2025-12-22", "10"));
        MetricContext deep = closeOf("2026-01-23", withDecember, "29.40");

        BigDecimal value = observed(metric + " > 0", metric.equals("change(1m)") ? deep : ctx, metric);

        assertThat(value).isEqualByComparingTo(expected);
    }

    @Test
    void changeSinceNewYearIsMeasuredFromTheLastCloseOf2025() throws Exception {
        // The README's 47.1%: 29.42 against the 2025-12-31 close of 20.
        MetricContext ctx = closeOf("2026-01-23", JANUARY, "29.42");

        Evaluation e = eval("change_since(2026-01-01) >= 40%", ctx);

        assertThat(e.result()).isEqualTo(TriState.TRUE);
        assertThat(e.observed()).containsExactly(entry("change_since(2026-01-01)", dec("0.471")));
    }

    @Test
    void changeSinceReachesBackAYearAtMost() throws Exception {
        List<DailyBar> bars = new ArrayList<>(List.of(close("2025-01-22", "10"), close("2025-01-23", "12")));
        bars.addAll(JANUARY);

        assertThat(observed("change_since(2025-01-23) > 0", closeOf("2026-01-23", bars, "29.40"), "change_since(2025-01-23)"))
                .isEqualByComparingTo("1.94");
        Evaluation older = eval("change_since(2025-01-22) > 0", closeOf("2026-01-23", bars, "29.40"));
        assertThat(older.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(older.unknownReason()).isEqualTo(
                "change_since(2025-01-22) unknown: 2025-01-22 is more than a year before the current session 2026-01-23");
    }

    @Test
    void changeSinceIsUnknownWhenTheLastTradingDayBeforeTheDateHasNoBar() throws Exception {
        List<DailyBar> withoutNewYearsEve = JANUARY.stream().filter(b -> !b.date().equals(LocalDate.of(2025, 12, 31))).toList();

        assertThat(result("change_since(2026-01-01) >= 0", closeOf("2026-01-23", withoutNewYearsEve, "29.40")))
                .isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void changeSinceAFutureDateIsUnknown() throws Exception {
        assertThat(result("change_since(2026-01-26) >= 0", closeOf("2026-01-23", JANUARY, "29.40"))).isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void changeSinceLastEarningsUsesTheContextDate() throws Exception {
        Instant at = ny("2026-01-23T16:00");
        MetricContext known = equity(JANUARY, "29.40", at, at, LocalDate.of(2026, 1, 21));
        MetricContext unknown = equity(JANUARY, "29.40", at, at, null);

        // Last close strictly before 2026-01-21 is Tuesday 01-20 (21).
        assertThat(observed("change_since(last_earnings) > 0", known, "change_since(last_earnings)")).isEqualByComparingTo("0.4");
        assertThat(result("change_since(last_earnings) > 0", unknown)).isEqualTo(TriState.UNKNOWN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"change(ytd)", "change(52w)", "change(2m)"})
    void changeBeforeTheFirstBarIsUnknown(String metric) throws Exception {
        List<DailyBar> thisYearOnly = JANUARY.subList(2, JANUARY.size());

        assertThat(result(metric + " > 0", closeOf("2026-01-23", thisYearOnly, "29.40"))).isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void cryptoDaysAreCalendarDaysAndAPrintAtMidnightBelongsToTheDayThatClosed() throws Exception {
        List<DailyBar> bars = List.of(close("2026-01-09", "80000"), close("2026-01-10", "90000"), close("2026-01-11", "99000"));
        Instant endOfSaturday = Instant.parse("2026-01-11T00:00:00Z");
        MetricContext ctx = crypto(bars.subList(0, 2), "90000", endOfSaturday, endOfSaturday.plusSeconds(300));

        // Session Saturday 01-10 (price 90000) against Friday 01-09: a weekend counts for crypto.
        assertThat(observed("change(1d) > 0", ctx, "change(1d)")).isEqualByComparingTo("0.125");
    }

    // ---- gap, open, volume, averages, highs and lows ---------------------------------------------------------

    private static final List<DailyBar> VOLUMES = List.of(
            bar("2026-01-16", "10", "12", "9", "10", 100L),
            bar("2026-01-20", "10", "11", "8", "10", 200L),
            bar("2026-01-21", "11", null, null, "13", 300L),
            bar("2026-01-22", "12", "12.5", "11", "12", 400L),
            bar("2026-01-23", "12.36", "14", "12", "13.9", 2000L));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            open                 | 12.36
            volume               | 2000
            gap                  | 0.03
            avg_volume(3)        | 300
            avg_volume(4)        | 250
            abs(gap)             | 0.03
            abs(-price * 2)      | 28
            """)
    void barMetrics(String metric, String expected) throws Exception {
        MetricContext ctx = closeOf("2026-01-23", VOLUMES, "14");

        assertThat(observed(metric + " > -1000", ctx, metric)).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            high(1d)             | 12.5
            low(1d)              | 11
            high(2d)             | 13
            low(3d)              | 8
            high(4d)             | 13
            low(4d)              | 8
            high(1w)             | 13
            low(1w)              | 8
            """)
    void highsAndLowsAreTheExtremesOfTheSessionsBeforeToday(String metric, String expected) throws Exception {
        // Session Friday 2026-01-23 (high 14, excluded), price 14. Before it: 01-16 (12/9), 01-20 (11/8), 01-21 (no
        // high or low: its close 13), 01-22 (12.5/11); Monday 01-19 is a holiday, so 4d and 1w both start on 01-16.
        MetricContext ctx = closeOf("2026-01-23", VOLUMES, "14");

        assertThat(observed(metric + " > -1000", ctx, metric)).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            high(5d)     | high(5d) unknown: the bars held start on 2026-01-16, after the start of the 5d before 2026-01-23 (2026-01-15)
            low(2w)      | low(2w) unknown: the bars held start on 2026-01-16, after the start of the 2w before 2026-01-23 (2026-01-09)
            high(1m)     | high(1m) unknown: the bars held start on 2026-01-16, after the start of the 1m before 2026-01-23 (2025-12-23)
            high(ytd)    | high(ytd) unknown: the bars held start on 2026-01-16, after the start of the ytd before 2026-01-23 (2026-01-01)
            """)
    void highsAndLowsAreUnknownWhenTheBarsDoNotReachBackTheWholeWindow(String metric, String reason) throws Exception {
        Evaluation e = eval(metric + " > 0", closeOf("2026-01-23", VOLUMES, "14"));

        assertThat(e.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(e.unknownReason()).isEqualTo(reason);
    }

    @Test
    void aWindowStartingOnAHolidayReachesBackFromTheNextSession() throws Exception {
        // One week before Monday 2026-01-26 is Monday 01-19, a holiday: bars from 01-20 cover the window.
        List<DailyBar> bars = VOLUMES.subList(1, 5);
        MetricContext ctx = equity(bars, "14", ny("2026-01-26T11:00"), ny("2026-01-26T11:05"));

        assertThat(observed("high(1w) > 0", ctx, "high(1w)")).isEqualByComparingTo("14");
        assertThat(result("high(1w) > 0", equity(bars.subList(1, 4), "14", ny("2026-01-26T11:00"), ny("2026-01-26T11:05"))))
                .isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void aNewHighFiresWhenThePriceTopsEveryEarlierSession() throws Exception {
        // Today's own high (14) is above the price: with today inside the window the rule could never hold.
        MetricContext ctx = closeOf("2026-01-23", VOLUMES, "13.9");

        assertThat(result("price > high(4d)", ctx)).isEqualTo(TriState.TRUE);
        assertThat(result("price > high(4d)", closeOf("2026-01-23", VOLUMES, "12.9"))).isEqualTo(TriState.FALSE);
        assertThat(result("price < low(4d)", closeOf("2026-01-23", VOLUMES, "7.99"))).isEqualTo(TriState.TRUE);
    }

    @Test
    void theReadmesFiftyTwoWeekHighRuleFiresOnANewHigh() throws Exception {
        List<DailyBar> year = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2025, 1, 2); !d.isAfter(LocalDate.of(2026, 1, 23)); d = d.plusDays(1)) {
            if (NyseCalendar.INSTANCE.isTradingDay(d)) {
                String c = String.valueOf(100 + year.size() % 20);
                year.add(bar(d.toString(), c, c, c, c, 1L));
            }
        }

        // The sessions since 2025-01-24 closed between 100 and 119.
        assertThat(result("price > high(52w) or gap >= 5%", closeOf("2026-01-23", year, "119"))).isEqualTo(TriState.FALSE);
        assertThat(result("price > high(52w) or gap >= 5%", closeOf("2026-01-23", year, "119.01"))).isEqualTo(TriState.TRUE);
        List<DailyBar> fromFebruary = year.stream().filter(b -> b.date().isAfter(LocalDate.of(2025, 1, 31))).toList();
        Evaluation tooShort = eval("price > high(52w)", closeOf("2026-01-23", fromFebruary, "130"));
        assertThat(tooShort.unknownReason()).isEqualTo("high(52w) unknown: the bars held start on 2025-02-03, after the start of the "
                + "52w before 2026-01-23 (2025-01-24)");
    }

    @Test
    void theFirstSessionOfTheYearHasNoYearToDateExtremeYet() throws Exception {
        List<DailyBar> bars = List.of(bar("2025-12-31", "10", "12", "9", "11", 1L), bar("2026-01-02", "11", "13", "10", "12", 1L),
                bar("2026-01-05", "12", "15", "11", "14", 1L));

        Evaluation first = eval("high(ytd) > 0", closeOf("2026-01-02", bars.subList(0, 2), "12"));
        assertThat(first.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(first.unknownReason()).startsWith("high(ytd) unknown: no bar from 2026-01-01 to the session before 2026-01-02");
        assertThat(observed("high(ytd) > 0", closeOf("2026-01-05", bars, "14"), "high(ytd)")).isEqualByComparingTo("13");
    }

    @Test
    void avgVolumeExcludesTodaySoTodayIsComparedWithThePast() throws Exception {
        MetricContext ctx = closeOf("2026-01-23", VOLUMES, "14");

        assertThat(result("volume > 2 * avg_volume(4)", ctx)).isEqualTo(TriState.TRUE);
        assertThat(result("avg_volume(5) > 0", ctx)).isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void avgVolumeIsUnknownWhenABarHasNoVolume() throws Exception {
        List<DailyBar> bars = List.of(close("2026-01-21", "1"), bar("2026-01-22", "1", "1", "1", "1", 5L),
                bar("2026-01-23", "1", "1", "1", "1", 5L));

        assertThat(result("avg_volume(2) > 0", closeOf("2026-01-23", bars, "1"))).isEqualTo(TriState.UNKNOWN);
        assertThat(observed("avg_volume(1) > 0", closeOf("2026-01-23", bars, "1"), "avg_volume(1)")).isEqualByComparingTo("5");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"open > 0", "volume > 0", "gap > -1"})
    void sessionMetricsAreUnknownWithoutTodaysBar(String expression) throws Exception {
        MetricContext ctx = closeOf("2026-01-26", VOLUMES, "14");

        assertThat(result(expression, ctx)).isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void highsAndLowsNeedNoBarForToday() throws Exception {
        MetricContext ctx = closeOf("2026-01-26", VOLUMES, "14");

        assertThat(observed("high(1d) > 0", ctx, "high(1d)")).isEqualByComparingTo("14");
        assertThat(observed("low(2d) > 0", ctx, "low(2d)")).isEqualByComparingTo("11");
    }

    @Test
    void gapIsUnknownWhenThePreviousSessionHasNoBar() throws Exception {
        List<DailyBar> bars = List.of(VOLUMES.get(0), VOLUMES.get(4));

        assertThat(result("gap > -1", closeOf("2026-01-23", bars, "14"))).isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void absOfANegativeChangeHolds() throws Exception {
        List<DailyBar> bars = List.of(close("2026-01-22", "50"), close("2026-01-23", "46"));

        Evaluation e = eval("abs(change(1d)) >= 8%", closeOf("2026-01-23", bars, "46"));

        assertThat(e.result()).isEqualTo(TriState.TRUE);
        assertThat(e.observed()).containsExactly(entry("abs(change(1d))", dec("0.08")), entry("change(1d)", dec("-0.08")));
    }

    // ---- moving averages -----------------------------------------------------------------------------------------

    /** Closes 10, 12, 14, 20 and today's bar whose close (99) is replaced by the current price (17). */
    private static final List<DailyBar> AVERAGES = List.of(
            close("2026-01-16", "10"),
            close("2026-01-20", "12"),
            close("2026-01-21", "14"),
            close("2026-01-22", "20"),
            close("2026-01-23", "99"));

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "sma(1), 17",
        "sma(3), 17",        // (14 + 20 + 17) / 3
        "sma(5), 14.6",      // 73 / 5
        "ema(3), 16.5",      // alpha 1/2, seed (10 + 12 + 14) / 3 = 12, then 16, then 16.5
        "ema(5), 14.6",      // seeded with all five closes
        "ema(1), 17",
    })
    void movingAveragesUseTheCurrentPriceAsTodaysClose(String metric, String expected) throws Exception {
        assertThat(observed(metric + " > 0", closeOf("2026-01-23", AVERAGES, "17"), metric)).isEqualByComparingTo(expected);
    }

    @Test
    void movingAveragesWithoutTodaysBarUseTheBarsAsTheyAre() throws Exception {
        // Evaluated on Monday 01-26 (no bar yet): the last three closes are 14, 20, 99.
        MetricContext ctx = equity(AVERAGES, "17", ny("2026-01-26T11:00"), ny("2026-01-26T11:05"));

        assertThat(observed("sma(3) > 0", ctx, "sma(3)")).isEqualByComparingTo("44.33333333333333");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sma(200) > 0", "ema(200) > 0", "sma(6) > 0", "ema(6) > 0"})
    void movingAveragesNeedEnoughHistory(String expression) throws Exception {
        assertThat(result(expression, closeOf("2026-01-23", AVERAGES, "17"))).isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void movingAverageIncludingTodayIsUnknownWhenThePriceIsStale() throws Exception {
        MetricContext stale = equity(AVERAGES, "17", ny("2026-01-23T11:00"), ny("2026-01-23T12:00"));

        assertThat(result("sma(3) > 0", stale)).isEqualTo(TriState.UNKNOWN);
    }

    // ---- crossings -----------------------------------------------------------------------------------------------

    private static final String BELOW_KEY = "#1:price crosses below 80000";
    private static final String ABOVE_KEY = "#1:price crosses above 80000";

    private static MetricContext btc(String price) {
        Instant now = Instant.parse("2026-01-24T12:00:00Z");
        return crypto(List.of(), price, now, now);
    }

    @ParameterizedTest(name = "{0}: previous {1}, price {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            above | -1000 | 80001 | TRUE
            above | 0     | 80001 | TRUE
            above | -500  | 80300 | TRUE
            above | 500   | 81000 | FALSE
            above | -500  | 80000 | FALSE
            above | -500  | 79000 | FALSE
            below | 0     | 79999 | TRUE
            below | 100   | 79000 | TRUE
            below | 100   | 80000 | FALSE
            below | -100  | 79000 | FALSE
            below | -100  | 81000 | FALSE
            """)
    void crossingComparesThePreviousAndCurrentDistanceToTheThreshold(String direction, String previous, String price,
            TriState expected) throws Exception {
        Condition c = ConditionParser.parse("price crosses " + direction + " 80000");
        String key = "#1:price crosses " + direction + " 80000";

        Evaluation e = evaluated(c, btc(price), Map.of(key, dec(previous)));

        assertThat(e.result()).isEqualTo(expected);
        assertThat(e.crossingValues()).containsExactly(entry(key, dec(price).subtract(dec("80000"))));
        assertThat(e).isEqualTo(generalRules("price crosses " + direction + " 80000", btc(price), Map.of(key, dec(previous))));
    }

    /**
     * {@code price crosses above|below number} alone is decided and explained from the quote's unscaled price; with
     * {@code and price > 0} added (true for every usable price) it goes through the general evaluation, which has the
     * same observed values and crossing key and must give the same evaluation in every respect.
     */
    private static Evaluation generalRules(String crossing, MetricContext ctx, Map<String, BigDecimal> previous)
            throws ConditionSyntaxException {
        return evaluated(ConditionParser.parse(crossing + " and price > 0"), ctx, previous);
    }

    @ParameterizedTest(name = "{0} at {1} after {2}: {3}")
    @CsvSource({
        "price crosses above 100.125, 100.12, -1, FALSE",
        "price crosses above 100.125, 100.1250, -1, FALSE",
        "price crosses above 100.125, 100.12500001, -1, TRUE",
        "price crosses below 100.125, 100.12, 1, TRUE",
        "price crosses above 1e2, 100.01, 0, TRUE",
        "price crosses below 99999e-3, 99.998, 0.5, TRUE",
        "price crosses above 0.5%, 0.006, -1, TRUE",
        "price crosses above 181.84, 181.83999633789062, -1, FALSE",
        "price crosses below 181.84, 181.83999633789062, 1, TRUE",
        "price crosses below 999999999999999.999999999999, 999999999999999.999999999998, 1, TRUE",
        "price crosses above 100, 100.00000000000000000001, 0, TRUE",
        "price crosses above 100, 9223372036854775807, 0, TRUE",
        "price crosses above 0.000000000001, 92233720368.54775807, 0, TRUE",
    })
    void aPriceCrossingsLevelIsExactWhateverTheScales(String expression, String price, String previous, TriState expected)
            throws Exception {
        MetricContext ctx = closeOf("2026-01-23", JANUARY, price);
        String literal = expression.substring(expression.lastIndexOf(' ') + 1);
        Map<String, BigDecimal> before = Map.of("#1:" + expression, dec(previous));
        BigDecimal level = dec(price).subtract(literal.endsWith("%") ? new BigDecimal("0.005") : dec(literal));

        Evaluation e = evaluated(ConditionParser.parse(expression), ctx, before);

        assertThat(e.result()).isEqualTo(expected);
        assertThat(e.crossingValues()).containsExactly(entry("#1:" + expression, level));
        assertThat(e).isEqualTo(generalRules(expression, ctx, before));
    }

    @Test
    void crossingAboveIsUnknownFirstThenFiresOnceWhenItLeavesTheThreshold() throws Exception {
        Condition c = ConditionParser.parse("price crosses above 80000");
        Map<String, BigDecimal> remembered = Map.of();
        List<TriState> results = new ArrayList<>();

        for (String price : List.of("79000", "80000", "80500", "81000", "79999", "80001")) {
            Evaluation e = evaluated(c, btc(price), remembered);
            results.add(e.result());
            remembered = e.crossingValues();
        }

        assertThat(results).containsExactly(
                TriState.UNKNOWN, TriState.FALSE, TriState.TRUE, TriState.FALSE, TriState.FALSE, TriState.TRUE);
    }

    @Test
    void crossingWithUnknownValueIsUnknownAndRemembersNothing() throws Exception {
        Condition c = ConditionParser.parse("price crosses below 80000");
        Instant now = Instant.parse("2026-01-24T12:00:00Z");

        Evaluation e = evaluated(c, crypto(List.of(), "79000", now.minusSeconds(3600), now), Map.of(BELOW_KEY, dec("5")));

        assertThat(e.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(e.crossingValues()).isEmpty();
    }

    @Test
    void everyCrossingReportsItsCurrentValueUnderItsOwnKey() throws Exception {
        Condition c = ConditionParser.parse("price crosses below 80000 or price crosses above 80000");
        Map<String, BigDecimal> previous = new HashMap<>();
        previous.put("#1:price crosses below 80000", dec("10"));
        previous.put("#2:price crosses above 80000", dec("10"));

        Evaluation e = evaluated(c, btc("79990"), previous);

        assertThat(e.result()).isEqualTo(TriState.TRUE);
        assertThat(e.crossingValues()).containsExactly(
                entry("#1:price crosses below 80000", dec("-10")), entry("#2:price crosses above 80000", dec("-10")));
    }

    @Test
    void crossingIgnoresValuesRememberedForAnotherThreshold() throws Exception {
        Condition c = ConditionParser.parse("price crosses above 80000");

        Evaluation e = evaluated(c, btc("80500"), Map.of("#1:price crosses above 79000", dec("-1")));

        assertThat(e.result()).isEqualTo(TriState.UNKNOWN);
        assertThat(e.crossingValues()).containsOnlyKeys(ABOVE_KEY);
    }

    // ---- hysteresis ----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} with rearm {1} at {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            price < 85000               | 2%   | 86699 | TRUE
            price < 85000               | 2%   | 86700 | FALSE
            85000 > price               | 2%   | 86699 | TRUE
            85000 > price               | 2%   | 86700 | FALSE
            price < 85000               | 1500 | 86499 | TRUE
            price < 85000               | 1500 | 86500 | FALSE
            price <= 85000              | 2%   | 86700 | TRUE
            price <= 85000              | 2%   | 86701 | FALSE
            price >= 80000              | 2%   | 78400 | TRUE
            price >= 80000              | 2%   | 78399 | FALSE
            price > 80000               | 0    | 80001 | TRUE
            price > 80000               | 0    | 80000 | FALSE
            price crosses below 80000   | 2%   | 81599 | TRUE
            price crosses below 80000   | 2%   | 81600 | FALSE
            price crosses above 80000   | 2%   | 78401 | TRUE
            price crosses above 80000   | 2%   | 78400 | FALSE
            price crosses above 80000   | 1000 | 79001 | TRUE
            price crosses above 80000   | 1000 | 79000 | FALSE
            not price > 85000           | 2%   | 86700 | TRUE
            not price > 85000           | 2%   | 86701 | FALSE
            not price < 85000           | 2%   | 83300 | TRUE
            not price < 85000           | 2%   | 83299 | FALSE
            not not price < 85000       | 2%   | 86699 | TRUE
            not not price < 85000       | 2%   | 86700 | FALSE
            price < 85000 and price > 1 | 2%   | 86699 | TRUE
            price < 85000 or price > 90000 | 2% | 86700 | FALSE
            """)
    void holdsLoosenedMovesEachThresholdByTheRearmBand(String expression, String rearm, String price, TriState expected)
            throws Exception {
        Rearm r = rearm.endsWith("%")
                ? new Rearm(dec(rearm.substring(0, rearm.length() - 1)).movePointLeft(2), true)
                : new Rearm(dec(rearm), false);

        assertThat(ConditionParser.parse(expression).holdsLoosened(btc(price), r)).isEqualTo(expected);
    }

    @Test
    void holdsLoosenedIsUnknownWhenTheValueIsUnknown() throws Exception {
        Instant now = Instant.parse("2026-01-24T12:00:00Z");
        MetricContext stale = crypto(List.of(), "90000", now.minusSeconds(3600), now);

        assertThat(ConditionParser.parse("price < 85000").holdsLoosened(stale, new Rearm(dec("0.02"), true)))
                .isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void holdsLoosenedTakesTheBandOfAMetricThreshold() throws Exception {
        // sma(3) = 17; 2% of it is 0.34, so price < sma(3) re-arms from 17.34.
        Condition c = ConditionParser.parse("price < sma(3)");
        Rearm rearm = new Rearm(dec("0.02"), true);
        List<DailyBar> bars = List.of(close("2026-01-20", "17"), close("2026-01-21", "17"), close("2026-01-22", "17"));
        MetricContext justBelow = equity(bars, "17.33", ny("2026-01-23T11:00"), ny("2026-01-23T11:00"));
        MetricContext at = equity(bars, "17.34", ny("2026-01-23T11:00"), ny("2026-01-23T11:00"));

        assertThat(c.holdsLoosened(justBelow, rearm)).isEqualTo(TriState.TRUE);
        assertThat(c.holdsLoosened(at, rearm)).isEqualTo(TriState.FALSE);
    }

    // ---- observed ------------------------------------------------------------------------------------------------

    @Test
    void observedHoldsEveryKnownMetricOnceInOrderOfAppearance() throws Exception {
        Evaluation e = eval("abs(change( 1d )) >= 8% or price > sma(3) and price > 1 or change(200d) > 0 or gap > 0",
                closeOf("2026-01-23", AVERAGES, "17"));

        assertThat(e.observed()).containsExactly(
                entry("abs(change(1d))", dec("0.15")),
                entry("change(1d)", dec("-0.15")),
                entry("price", dec("17")),
                entry("sma(3)", dec("17")));
        assertThat(e.result()).isEqualTo(TriState.TRUE);
    }

    @Test
    void observedValuesAreFractions() throws Exception {
        Evaluation e = eval("change(1d) > 0", closeOf("2026-01-23", JANUARY, "27.6"));

        assertThat(e.observed()).containsExactly(entry("change(1d)", dec("0.2")));
    }

    @Test
    void evaluationIsRepeatableOnTheSameCondition() throws Exception {
        Condition c = ConditionParser.parse("price > sma(3) and volume > 0");
        MetricContext ctx = closeOf("2026-01-23", VOLUMES, "14");

        assertThat(c.evaluate(ctx, Map.of())).isEqualTo(c.evaluate(ctx, Map.of()));
    }

    @Test
    void aWeekendDatedEquityQuoteBelongsToFridaysSession() throws Exception {
        // Provider stamps Friday's close on Saturday morning: change(1d) still compares Friday with Thursday.
        MetricContext ctx = equity(JANUARY, "29.40", ny("2026-01-24T09:00"), ny("2026-01-24T09:05"));

        assertThat(observed("change(1d) > 0", ctx, "change(1d)")).isEqualByComparingTo("0.2782608695652174");
    }
}
