package dev.marketalerts.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The allocation-free staleness test agrees with {@code !at.plus(d).isBefore(now)}, to the nanosecond. */
class EvalScopeTest {

    @ParameterizedTest(name = "{0} + {1} vs {2}")
    @CsvSource({
            "2026-01-23T11:00:00Z,           PT30M,        2026-01-23T11:30:00Z",
            "2026-01-23T11:00:00Z,           PT30M,        2026-01-23T11:30:00.000000001Z",
            "2026-01-23T11:00:00Z,           PT30M,        2026-01-23T11:29:59.999999999Z",
            "2026-01-23T11:00:00.5Z,         PT30M,        2026-01-23T11:30:00.5Z",
            "2026-01-23T11:00:00.5Z,         PT30M,        2026-01-23T11:30:00.500000001Z",
            "2026-01-23T11:00:00.7Z,         PT30M0.6S,    2026-01-23T11:30:01.3Z",
            "2026-01-23T11:00:00.7Z,         PT30M0.6S,    2026-01-23T11:30:01.300000001Z",
            "2026-01-23T11:00:00.999999999Z, PT0.000000001S, 2026-01-23T11:00:01Z",
            "2026-01-23T11:00:00Z,           PT0S,         2026-01-23T11:00:00Z",
            "2026-01-23T11:00:00Z,           PT-30M,       2026-01-23T10:30:00Z",
            "2026-01-23T11:00:00Z,           PT-30M,       2026-01-23T10:30:00.000000001Z",
            "1969-12-31T23:59:59.5Z,         PT0.5S,       1970-01-01T00:00:00Z",
            "2026-01-24T12:00:00Z,           PT30M,        2026-01-23T12:00:00Z"})
    void notBeforeMatchesInstantArithmetic(String at, String duration, String now) {
        Instant a = Instant.parse(at);
        Duration d = Duration.parse(duration);
        Instant n = Instant.parse(now);

        assertThat(EvalScope.notBefore(a, d, n)).isEqualTo(!a.plus(d).isBefore(n));
    }
}
