package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    @ParameterizedTest(name = "{0} against {1} is {2}")
    @CsvSource({
        "100, 100, 0",
        "100.00, 100, 0",
        "100, 100.000, 0",
        "100.001, 100, 1",
        "99.9999999999999999999, 100, -1",
        "181.83999633789062, 181.84, -1",
        "181.84000000000001, 181.84, 1",
        "100.12, 100.125, -1",
        "100.13, 100.125, 1",
        "100.1250, 100.125, 0",
        "1E+3, 1000, 0",
        "1E+3, 999.5, 1",
        "-0.01, 0, -1",
        "0.00, 0, 0",
        "123456789012345678901234567890.5, 123456789012345678901234567890.5, 0",
        "9223372036854775807, 9223372036854775806.9, 1",
        "92233720368547758.07, 92233720368547758.08, -1",
    })
    void comparesExactlyWhateverTheScales(String value, String threshold, int expected) {
        assertThat(Integer.signum(new Threshold(new BigDecimal(threshold)).compareFrom(new BigDecimal(value)))).isEqualTo(expected);
    }

    @Test
    void agreesWithCompareToOnRandomValuesOfEveryScale() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            BigDecimal literal = randomDecimal(random);
            Threshold threshold = new Threshold(literal);
            for (int k = 0; k < 10; k++) {
                // half of the values sit on the literal itself, rescaled, where only exactness tells them apart
                BigDecimal value = k % 2 == 0 ? nearby(literal, random) : randomDecimal(random);
                assertThat(Integer.signum(threshold.compareFrom(value)))
                        .as("%s against %s", value, literal)
                        .isEqualTo(Integer.signum(value.compareTo(literal)));
            }
        }
    }

    private static BigDecimal randomDecimal(Random random) {
        BigInteger unscaled = random.nextInt(10) == 0 ? new BigInteger(90, random) : BigInteger.valueOf(random.nextInt(2_000_000) - 1_000_000);
        return new BigDecimal(unscaled, random.nextInt(24) - 3);
    }

    private static BigDecimal nearby(BigDecimal literal, Random random) {
        BigDecimal rescaled = literal.setScale(Math.max(0, literal.scale()) + random.nextInt(6), java.math.RoundingMode.UNNECESSARY);
        BigDecimal ulp = BigDecimal.ONE.movePointLeft(rescaled.scale());
        return switch (random.nextInt(3)) {
            case 0 -> rescaled;
            case 1 -> rescaled.add(ulp);
            default -> rescaled.subtract(ulp);
        };
    }
}
