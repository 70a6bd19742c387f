package dev.marketalerts.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.lambda.ScheduleEvent.BadEventException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void schedulerInputGivesTheJobTimeAndMarkets() throws Exception {
        ScheduleEvent e = parse("{\"job\":\"price\",\"scheduledTime\":\"2026-01-23T21:05:00Z\",\"markets\":[\"crypto\"]}", JobKind.PRICE);

        assertThat(e.job()).isEqualTo(JobKind.PRICE);
        assertThat(e.scheduledTime()).contains(Instant.parse("2026-01-23T21:05:00Z"));
        assertThat(e.markets()).containsExactly(Market.CRYPTO);
        assertThat(e.shape()).isEqualTo(ScheduleEvent.Shape.SCHEDULER);
    }

    @Test
    void schedulerInputWithoutMarketsCoversEveryMarketAndAnOffsetTimeIsAccepted() throws Exception {
        ScheduleEvent e = parse("{\"job\":\"earnings\",\"scheduledTime\":\"2026-02-18T07:00:00-05:00\"}", JobKind.EARNINGS);

        assertThat(e.markets()).isEqualTo(EnumSet.allOf(Market.class));
        assertThat(e.scheduledTime()).contains(Instant.parse("2026-02-18T12:00:00Z"));
    }

    @Test
    void theEarningsWatchIsAnEarningsEventWithWatchTrue() throws Exception {
        ScheduleEvent watch = parse("{\"job\":\"earnings\",\"scheduledTime\":\"2026-02-25T21:05:00Z\",\"watch\":true}", JobKind.EARNINGS);
        ScheduleEvent routine = parse("{\"job\":\"earnings\",\"scheduledTime\":\"2026-02-25T23:00:00Z\"}", JobKind.EARNINGS);

        assertThat(watch.watch()).isTrue();
        assertThat(watch.scheduledTime()).contains(Instant.parse("2026-02-25T21:05:00Z"));
        assertThat(routine.watch()).isFalse();
    }

    @Test
    void aHandMadeEventWithoutATimeRunsAtTheInvocationTime() throws Exception {
        ScheduleEvent e = parse("{\"job\":\"price\"}", JobKind.PRICE);

        assertThat(e.scheduledTime()).isEmpty();
        assertThat(e.scheduledTimeOr(Instant.parse("2026-03-02T15:00:00Z"))).isEqualTo(Instant.parse("2026-03-02T15:00:00Z"));
    }

    @Test
    void classicScheduledEventMeansThisFunctionsJobAtItsTime() throws Exception {
        String envelope = "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"123456789012\",\"time\":\"2026-01-08T21:05:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/r\"],\"detail\":{}}";

        ScheduleEvent price = parse(envelope, JobKind.PRICE);
        ScheduleEvent earnings = parse(envelope, JobKind.EARNINGS);

        assertThat(price.job()).isEqualTo(JobKind.PRICE);
        assertThat(earnings.job()).isEqualTo(JobKind.EARNINGS);
        assertThat(price.scheduledTime()).contains(Instant.parse("2026-01-08T21:05:00Z"));
        assertThat(price.shape()).isEqualTo(ScheduleEvent.Shape.EVENTBRIDGE);
        assertThat(price.markets()).isEqualTo(EnumSet.allOf(Market.class));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "null                                                          | the event is empty",
            "[1,2]                                                         | must be a JSON object",
            "{}                                                            | the event has no \"job\"",
            "{\"job\":\"dividends\"}                                      | unknown job \"dividends\": expected \"price\" or \"earnings\"",
            "{\"job\":\"all\"}                                            | unknown job \"all\"",
            "{\"job\":\"earnings\"}                                       | this function runs the price job, but the event asks for \"earnings\"",
            "{\"job\":\"price\",\"scheduledTime\":\"next tuesday\"}      | \"scheduledTime\" \"next tuesday\" is not an ISO-8601 instant",
            "{\"job\":\"price\",\"scheduledTime\":1769202300}            | \"scheduledTime\" must be a string",
            "{\"job\":\"price\",\"markets\":[\"forex\"]}                 | unknown market \"forex\"",
            "{\"job\":\"price\",\"markets\":[]}                          | \"markets\" must be a non-empty list",
            "{\"job\":\"price\",\"market\":[\"crypto\"]}                 | unknown field market in the event",
            "{\"job\":\"price\",\"watch\":true}                         | \"watch\" is for the earnings job",
            "{\"job\":\"price\",\"watch\":\"yes\"}                      | \"watch\" must be true or false",
            "{\"detail-type\":\"Object Created\",\"source\":\"aws.s3\"}  | must have \"detail-type\":\"Scheduled Event\"",
            "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"} | has no \"time\"",
            "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\"yesterday\"} | \"time\" \"yesterday\" is not an ISO-8601 instant",
    })
    void aBadEventSaysWhatWasExpected(String event, String message) {
        assertThatThrownBy(() -> parse(event, JobKind.PRICE))
                .isInstanceOf(BadEventException.class)
                .hasMessageStartingWith("bad event: ")
                .hasMessageContaining(message);
    }

    @Test
    void anEventOfUpTo256KiBIsRead() throws Exception {
        ScheduleEvent e = ScheduleEvent.read(event(256 * 1024), JobKind.PRICE);

        assertThat(e.job()).isEqualTo(JobKind.PRICE);
        assertThat(e.scheduledTime()).contains(Instant.parse("2026-01-23T21:05:00Z"));
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"262145", "104857600"})
    void anEventOver256KiBIsABadEventAndIsNotReadToItsEnd(long bytes) {
        CountingEvent input = event(bytes);

        assertThatThrownBy(() -> ScheduleEvent.read(input, JobKind.PRICE))
                .isInstanceOf(BadEventException.class)
                .hasMessage("bad event: the event is more than the 256 KiB (262144 bytes) Lambda accepts for an asynchronous invocation");
        assertThat(input.served).isLessThanOrEqualTo(256 * 1024 + 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json       | the event cannot be read as JSON",
            "{\"job\":      | the event cannot be read as JSON",
            "''             | the event is empty",
    })
    void anEventThatIsNotJsonIsABadEvent(String event, String message) {
        InputStream input = new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ScheduleEvent.read(input, JobKind.PRICE))
                .isInstanceOf(BadEventException.class)
                .hasMessageStartingWith("bad event: " + message);
    }

    @Test
    void deeplyNestedEventJsonIsABadEventNotACrash() {
        String event = "{\"job\":\"price\",\"markets\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertThatThrownBy(() -> ScheduleEvent.read(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), JobKind.PRICE))
                .isInstanceOf(BadEventException.class)
                .hasMessageStartingWith("bad event: the event cannot be read as JSON");
    }

    /** A valid price event padded with spaces to {@code bytes} bytes, made as it is read. */
    private static CountingEvent event(long bytes) {
        return new CountingEvent("{\"job\":\"price\",\"scheduledTime\":\"2026-01-23T21:05:00Z\"}".getBytes(StandardCharsets.UTF_8), bytes);
    }

    private static final class CountingEvent extends InputStream {
        private final byte[] json;
        private final long size;
        long served;

        CountingEvent(byte[] json, long size) {
            this.json = json;
            this.size = size;
        }

        @Override
        public int read() {
            if (served == size) {
                return -1;
            }
            int b = served < json.length ? json[(int) served] : ' ';
            served++;
            return b;
        }
    }

    private static ScheduleEvent parse(String json, JobKind job) throws Exception {
        return ScheduleEvent.parse(JSON.readTree(json), job);
    }
}
