package dev.marketalerts.cli.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The test's reading of Scheduler cron expressions, on the examples of the Scheduler documentation and the edges. */
class SchedulerCronTest {
    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // 2026-01-23 is a Friday, 2026-01-24 a Saturday, 2026-01-25 a Sunday
            "cron(30/5 9 ? * MON-FRI *)     | 2026-01-23T09:30 | true",
            "cron(30/5 9 ? * MON-FRI *)     | 2026-01-23T09:55 | true",
            "cron(30/5 9 ? * MON-FRI *)     | 2026-01-23T09:25 | false",
            "cron(30/5 9 ? * MON-FRI *)     | 2026-01-23T10:30 | false",
            "cron(30/5 9 ? * MON-FRI *)     | 2026-01-24T09:30 | false",
            "cron(0/5 10-15 ? * MON-FRI *)  | 2026-01-23T15:55 | true",
            "cron(0/5 10-15 ? * MON-FRI *)  | 2026-01-23T16:00 | false",
            "cron(0/5 10-15 ? * MON-FRI *)  | 2026-01-23T12:03 | false",
            "cron(0,5 16 ? * MON-FRI *)     | 2026-01-23T16:05 | true",
            "cron(0,5 16 ? * MON-FRI *)     | 2026-01-23T16:10 | false",
            "cron(0 7,18 * * ? *)           | 2026-01-24T18:00 | true",
            "cron(0 7,18 * * ? *)           | 2026-01-24T08:00 | false",
            "cron(15 10 ? * 1 *)            | 2026-01-25T10:15 | true",
            "cron(15 10 ? * SUN *)          | 2026-01-23T10:15 | false",
            "cron(0 8 1 JAN-MAR ? 2026)     | 2026-03-01T08:00 | true",
            "cron(0 8 1 JAN-MAR ? 2026)     | 2027-03-01T08:00 | false",
            "cron(0 8 1 JAN-MAR ? 2026)     | 2026-04-01T08:00 | false",
            "cron(0 12 ? JUN-JUL WED *)     | 2026-07-15T12:00 | true",
            "cron(0 12 ? JUN-JUL WED *)     | 2026-08-05T12:00 | false"})
    void firesExactlyAtTheMinutesTheExpressionNames(String expression, String at, boolean fires) {
        assertThat(SchedulerCron.parse(expression).firesAt(LocalDateTime.parse(at))).isEqualTo(fires);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(15 minutes)", "cron(0 7 * * *)", "cron(0 7 * * * *)", "cron(0 7 ? * ? *)", "cron(0 25 * * ? *)",
            "cron(0 7 L * ? *)", "cron(0 7 ? * 6#3 *)"})
    void refusesWhatItCannotReadRatherThanMisreadingIt(String expression) {
        assertThatThrownBy(() -> SchedulerCron.parse(expression)).isInstanceOf(IllegalArgumentException.class);
    }
}
