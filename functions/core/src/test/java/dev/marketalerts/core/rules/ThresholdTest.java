package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdTest {
    private static final BoolExpr.Op[] OPS = BoolExpr.Op.values();

    /** What the price rules compute: the unscaled long at its scale when it has one, else the BigDecimals. */
    private static boolean holds(Threshold threshold, BigDecimal value) {
        boolean primitive = value.scale() >= 0 && value.scale() < Threshold.SCALES && value.unscaledValue().bitLength() < Long.SIZE;
        return primitive ? threshold.holds(value.unscaledValue().longValue(), value.scale()) : threshold.holds(value);
    }

    private static void assertAgreesWithCompareTo(BigDecimal value, BigDecimal literal) {
        for (BoolExpr.Op op : OPS) {
            assertThat(holds(new Threshold(op, literal), value)).as("%s %s %s", value, op, literal)
                    .isEqualTo(op.test(value.compareTo(literal)));
        }
    }

    @ParameterizedTest(name = "{0} against {1}")
    @CsvSource({
        "100, 100",
        "100.00, 100",
        "100, 100.000",
        "100.001, 100",
        "99.9999999999999999999, 100",
        "181.83999633789062, 181.84",
        "181.84000000000001, 181.84",
        "100.12, 100.125",
        "100.13, 100.125",
        "100.1250, 100.125",
        "1E+3, 1000",
        "1E+3, 999.5",
        "-0.01, 0",
        "0.00, 0",
        "0.004, 0.005",
        "-0.006, -0.005",
        "-0.005, -0.005",
        "123456789012345678901234567890.5, 123456789012345678901234567890.5",
        "9223372036854775807, 9223372036854775806.9",
        "9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808",
        "-9223372036854775808, -9223372036854775807.5",
        "92233720368547758.07, 92233720368547758.08",
        "0.000000000000000001, 1E-18",
        "0.000000000000000001, 2E-19",
        "123.45, 1E+20",
        "0.000000000000012345, 1000",
    })
    void decidesEveryOperatorExactlyWhateverTheScales(String value, String literal) {
        assertAgreesWithCompareTo(new BigDecimal(value), new BigDecimal(literal));
    }

    @Test
    void agreesWithCompareToOnRandomValuesOfEveryScale() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            BigDecimal literal = randomDecimal(random);
            for (int k = 0; k < 6; k++) {
                // half of the values sit on or next to the literal, rescaled, where only exactness tells them apart
                assertAgreesWithCompareTo(k % 2 == 0 ? nearby(literal, random) : randomDecimal(random), literal);
            }
        }
    }

    private static BigDecimal randomDecimal(Random random) {
        BigInteger unscaled = switch (random.nextInt(10)) {
            case 0 -> new BigInteger(90, random).subtract(BigInteger.ONE.shiftLeft(89));
            case 1 -> BigInteger.valueOf(random.nextLong());
            default -> BigInteger.valueOf(random.nextInt(2_000_000) - 1_000_000);
        };
        return new BigDecimal(unscaled, random.nextInt(38) - 3);
    }

    private static BigDecimal nearby(BigDecimal literal, Random random) {
        BigDecimal rescaled = literal.setScale(Math.max(0, literal.scale()) + random.nextInt(6), RoundingMode.UNNECESSARY);
        BigDecimal ulp = BigDecimal.ONE.movePointLeft(rescaled.scale());
        return switch (random.nextInt(3)) {
            case 0 -> rescaled;
            case 1 -> rescaled.add(ulp);
            default -> rescaled.subtract(ulp);
        };
    }
}
