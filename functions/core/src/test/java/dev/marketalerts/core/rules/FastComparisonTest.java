package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.calendar.NyseCalendar;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.MarketSnapshot;
import dev.marketalerts.core.market.Quote;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The comparisons the context decides with longs (volume, open, kept values and their absolute values against a number,
 * the price against the open) give what {@link BigDecimal#compareTo} gives, at the edges of scale and of {@code long},
 * for negative values and numbers, and UNKNOWN where a value is; every case also goes through {@link CheckAgreement}.
 */
class FastComparisonTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final String[] OPS = {">", ">=", "<", "<="};

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    private static Instant ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NY).toInstant();
    }

    /** Friday 2026-01-23 at 16:05 with a closing print at {@code quoteAt}; Thursday's close, then Friday's bar. */
    private static MetricContext friday(String previousClose, String open, String close, Long volume, String price, String quoteAt, String now) {
        List<DailyBar> bars = List.of(
                DailyBar.close(LocalDate.parse("2026-01-22"), dec(previousClose)),
                new DailyBar(LocalDate.parse("2026-01-23"), open == null ? null : dec(open), null, null, dec(close), volume));
        Quote quote = new Quote(dec(price), ny(quoteAt), "test");
        MarketSnapshot snapshot = new MarketSnapshot(Instrument.equity("IREN"), bars, quote, "test", ny(now));
        return new MetricContext(snapshot, NyseCalendar.INSTANCE, ny(now), null);
    }

    private static MetricContext friday(String previousClose, String open, Long volume, String price) {
        return friday(previousClose, open, price, volume, price, "2026-01-23T16:00", "2026-01-23T16:05");
    }

    private static TriState checked(String expression, MetricContext context) throws ConditionSyntaxException {
        return CheckAgreement.evaluated(ConditionParser.parse(expression), context, Map.of()).result();
    }

    private static TriState expected(BigDecimal left, String op, BigDecimal right) {
        int c = left.compareTo(right);
        return TriState.of(switch (op) {
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            default -> c <= 0;
        });
    }

    private static String mirrored(String op) {
        return switch (op) {
            case ">" -> "<";
            case ">=" -> "<=";
            case "<" -> ">";
            default -> ">=";
        };
    }

    @ParameterizedTest(name = "volume {0} against {1}")
    @CsvSource({
        "3000000, 3000000",
        "3000000, 2999999.5",
        "3000000, 3000000.000000000001",
        "0, 0",
        "0, -1",
        "9223372036854775807, 999999999999999.999999999999",
        "999999999999999, 999999999999999.5",
        "-5, -1e3",
        "5, 1E+1",
    })
    void volumeAgainstANumber(long volume, String number) throws Exception {
        MetricContext context = friday("10", "10", volume, "10");
        for (String op : OPS) {
            TriState want = expected(BigDecimal.valueOf(volume), op, dec(number));
            assertThat(checked("volume " + op + " " + number, context)).as("volume %s %s %s", volume, op, number).isEqualTo(want);
            assertThat(checked(number + " " + mirrored(op) + " volume", context)).as("%s %s volume %s", number, mirrored(op), volume)
                    .isEqualTo(want);
        }
    }

    @Test
    void volumeIsUnknownWithoutOne() throws Exception {
        assertThat(checked("volume > 0", friday("10", "10", null, "10"))).isEqualTo(TriState.UNKNOWN);
        assertThat(checked("volume < 0", friday("10", "10", null, "10"))).isEqualTo(TriState.UNKNOWN);
    }

    @ParameterizedTest(name = "open {0} against {1}")
    @CsvSource({
        "100.125, 100.125",
        "100.125, 100.12",
        "100.1250, 100.125000000001",
        "100.12500000000000000000001, 100.125",
        "-1.5, -1.5",
        "-1.5, -1.49",
        "92233720368.54775807, 92233720368.547758",
        "92233720368547758.07, 999999999999999.99",
        "1E+3, 999.99",
        "0.0000000000000000000000000000001, 0",
    })
    void openAgainstANumber(String open, String number) throws Exception {
        MetricContext context = friday("10", open, 1L, "10");
        for (String op : OPS) {
            TriState want = expected(dec(open), op, dec(number));
            assertThat(checked("open " + op + " " + number, context)).as("open %s %s %s", open, op, number).isEqualTo(want);
            assertThat(checked(number + " " + mirrored(op) + " open", context)).as("%s %s open %s", number, mirrored(op), open)
                    .isEqualTo(want);
        }
    }

    @ParameterizedTest(name = "price {0} against open {1}")
    @CsvSource({
        "100.12, 100.12",
        "100.1, 100.10",
        "100.12, 100.125",
        "100.13, 100.125",
        "181.83999633789062, 181.84",
        "92233720368.54775807, 92233720368.5",
        "92233720368.54775807, 1.1",
        "922337203685477580.7, 1.25",
        "1.2, 922337203685477580.75",
        "0.01, 922337203685477580.7",
        "0.1, 92233720368547758.07",
        "0.000000000000000000001, 0",
        "0.000000000000000000001, 0.0000000000000000000009999",
        "1.0000000000000000000000000000000001, 1",
        "1000, 1E+3",
        "999.999, 1E+3",
        "12345678901234567890.5, 12345678901234567890.4",
    })
    void priceAgainstTheOpen(String price, String open) throws Exception {
        MetricContext context = friday("10", open, 1L, price);
        for (String op : OPS) {
            TriState want = expected(dec(price), op, dec(open));
            assertThat(checked("price " + op + " open", context)).as("price %s %s open %s", price, op, open).isEqualTo(want);
            assertThat(checked("open " + mirrored(op) + " price", context)).as("open %s %s price %s", open, mirrored(op), price)
                    .isEqualTo(want);
        }
    }

    @Test
    void priceAgainstTheOpenIsUnknownWithoutAnOpenOrAFreshPrice() throws Exception {
        assertThat(checked("price > open", friday("10", null, 1L, "10"))).isEqualTo(TriState.UNKNOWN);
        // Read during the session, a print from the morning is stale: no price.
        MetricContext stale = friday("10", "9", "10", 1L, "10", "2026-01-23T10:00", "2026-01-23T15:00");
        assertThat(checked("price > open", stale)).isEqualTo(TriState.UNKNOWN);
        // Read in the evening, the closing print is still the price.
        MetricContext closing = friday("10", "9", "10", 1L, "10", "2026-01-23T16:00", "2026-01-23T20:00");
        assertThat(checked("price > open", closing)).isEqualTo(TriState.TRUE);
    }

    /** (price - previous close) / previous close, to 16 digits: change(1d) and change_since(2026-01-23) as the README defines them. */
    private static BigDecimal change(String previousClose, String price) {
        return dec(price).subtract(dec(previousClose)).divide(dec(previousClose), MathContext.DECIMAL64);
    }

    @ParameterizedTest(name = "change from {0} to {1}")
    @CsvSource({
        "100, 101",
        "100, 99",
        "100, 100",
        "3, 3.0000001",
        "3, 2.9999999",
        "1, 1.00000000000000000001",
        "1, 1.00000000000000000001234567890123456",
        "1, 0.99999999999999999998765432109876544",
        "7, 1000000",
        "0.0001, 0.0003",
    })
    void changesAndTheirAbsoluteValuesAgainstNumbers(String previousClose, String price) throws Exception {
        MetricContext context = friday(previousClose, "1", 1L, price);
        BigDecimal change = change(previousClose, price);
        for (String number : List.of("1%", "-1%", "0", "0.000000000001%", "-0.00000001%", "0.000000000001", "1e-12", "1e14")) {
            BigDecimal n = number.endsWith("%") ? dec(number.substring(0, number.length() - 1)).movePointLeft(2) : dec(number);
            for (String op : OPS) {
                TriState want = expected(change, op, n);
                assertThat(checked("change(1d) " + op + " " + number, context)).as("change %s %s %s", change, op, number).isEqualTo(want);
                assertThat(checked("change_since(2026-01-23) " + op + " " + number, context)).isEqualTo(want);
                assertThat(checked(number + " " + mirrored(op) + " change(1d)", context)).isEqualTo(want);
                TriState absolute = expected(change.abs(), op, n);
                assertThat(checked("abs(change(1d)) " + op + " " + number, context)).as("abs(%s) %s %s", change, op, number)
                        .isEqualTo(absolute);
                assertThat(checked(number + " " + mirrored(op) + " abs(change(1d))", context)).isEqualTo(absolute);
            }
        }
    }

    @Test
    void aNegatedOrMultipliedNumberIsANumberToo() throws Exception {
        MetricContext context = friday("100", "1", 1L, "98.5");

        assertThat(checked("change(1d) > -(1%)", context)).isEqualTo(TriState.FALSE);
        assertThat(checked("change(1d) > -2 * 1%", context)).isEqualTo(TriState.TRUE);
        assertThat(checked("abs(change(1d)) > 3 * 0.5%", context)).isEqualTo(TriState.FALSE);
        assertThat(checked("abs(change(1d)) >= 3 * 0.5%", context)).isEqualTo(TriState.TRUE);
    }

    @ParameterizedTest(name = "gap from {0} to an open of {1}")
    @CsvSource({"100, 100.5", "100, 100.49", "100, 99.5", "100, 100", "3, 3.0000001"})
    void gapAgainstNumbers(String previousClose, String open) throws Exception {
        MetricContext context = friday(previousClose, open, 1L, "1");
        BigDecimal gap = change(previousClose, open);
        for (String number : List.of("0.5%", "-0.5%", "0")) {
            BigDecimal n = number.endsWith("%") ? dec(number.substring(0, number.length() - 1)).movePointLeft(2) : dec(number);
            for (String op : OPS) {
                assertThat(checked("gap " + op + " " + number, context)).as("gap %s %s %s", gap, op, number).isEqualTo(expected(gap, op, n));
                assertThat(checked("abs(gap) " + op + " " + number, context)).isEqualTo(expected(gap.abs(), op, n));
            }
        }
    }

    @Test
    void keptValuesThatAreUnknownStayUnknown() throws Exception {
        // No bar for Thursday: no reference close, no gap.
        List<DailyBar> bars = List.of(new DailyBar(LocalDate.parse("2026-01-23"), dec("10"), null, null, dec("10"), 1L));
        MetricContext context = new MetricContext(new MarketSnapshot(Instrument.equity("IREN"), bars,
                new Quote(dec("10"), ny("2026-01-23T16:00"), "test"), "test", ny("2026-01-23T16:05")), NyseCalendar.INSTANCE,
                ny("2026-01-23T16:05"), null);

        for (String expression : List.of("change(1d) > 0", "abs(change(1d)) >= 0", "abs(change(1d)) < -1", "gap < 1", "0 > gap")) {
            assertThat(checked(expression, context)).as(expression).isEqualTo(TriState.UNKNOWN);
        }
    }

    @Test
    void aStalePriceLeavesTheChangeUnknown() throws Exception {
        MetricContext stale = friday("100", "1", "101", 1L, "101", "2026-01-23T10:00", "2026-01-23T15:00");

        assertThat(checked("change(1d) > 0", stale)).isEqualTo(TriState.UNKNOWN);
        assertThat(checked("abs(change(1d)) > 0", stale)).isEqualTo(TriState.UNKNOWN);
    }

    @Test
    void unscaledComparisonAgreesWithCompareToWhereverItAnswers() {
        Random random = new Random(17);
        int answered = 0;
        long[] edges = {0, 1, -1, 9, 10, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 10, Long.MIN_VALUE / 10, 922337203685477580L,
                -922337203685477580L, 922337203685477581L};
        for (int i = 0; i < 200_000; i++) {
            long a = i % 4 == 0 ? edges[random.nextInt(edges.length)] : randomLong(random);
            long b = i % 3 == 0 ? edges[random.nextInt(edges.length)] : randomLong(random);
            int scaleA = random.nextInt(Threshold.SCALES);
            int scaleB = i % 5 == 0 ? scaleA : random.nextInt(Threshold.SCALES);
            int c = Unscaled.compare(a, scaleA, b, scaleB);
            if (c != Unscaled.INCOMPARABLE) {
                answered++;
                assertThat(c).as("%s e-%s against %s e-%s", a, scaleA, b, scaleB)
                        .isEqualTo(new BigDecimal(BigInteger.valueOf(a), scaleA).compareTo(new BigDecimal(BigInteger.valueOf(b), scaleB)));
            }
        }
        assertThat(answered).as("most pairs fit a long at a common scale").isGreaterThan(100_000);
    }

    private static long randomLong(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt();
            default -> random.nextInt(2_000_001) - 1_000_000;
        };
    }
}
