package dev.marketalerts.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.json.Jackson;
import dev.marketalerts.core.market.Market;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tick request as a Lambda receives it, in either shape: the EventBridge Scheduler input
 * {@code {"job":"price","scheduledTime":"2026-01-23T21:05:00Z","markets":["crypto"]}} ({@code markets} optional,
 * {@code scheduledTime} optional for a hand-made test event: then the invocation time), or the classic EventBridge
 * "Scheduled Event" envelope, which means "this function's own job at {@code time}". The earnings function's
 * report-day watch schedules add {@code "watch":true}.
 *
 * <p>A bad event throws {@link BadEventException}; the handler lets it propagate, so the invocation fails,
 * Lambda's retries run out and the event lands in the function's dead-letter queue, where the Errors and
 * dead-letter alarms make it seen (an event that can never succeed is cheap to retry twice). An event is read only up
 * to {@link #MAX_BYTES}.
 */
public record ScheduleEvent(JobKind job, Optional<Instant> scheduledTime, Set<Market> markets, Shape shape, boolean watch) {
    static final List<String> SCHEDULER_FIELDS = List.of("job", "scheduledTime", "markets", "watch");
    static final String EXAMPLE = "{\"job\":\"price\",\"scheduledTime\":\"2026-01-23T21:05:00Z\"}";
    /** The largest event read: what Lambda accepts for an asynchronous invocation, the way schedules invoke. */
    public static final int MAX_BYTES = 256 * 1024;
    /** What the event is refused with when it is larger than {@link #MAX_BYTES}. */
    public static final String TOO_LARGE = "more than the 256 KiB (" + MAX_BYTES + " bytes) Lambda accepts for an asynchronous invocation";
    private static final ObjectMapper JSON = Jackson.bounded(64, MAX_BYTES);

    /** Where the event came from. */
    public enum Shape { SCHEDULER, EVENTBRIDGE }

    public ScheduleEvent {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        markets = markets.isEmpty() ? EnumSet.noneOf(Market.class) : EnumSet.copyOf(markets);
        Objects.requireNonNull(shape, "shape");
    }

    public ScheduleEvent(JobKind job, Optional<Instant> scheduledTime, Set<Market> markets, Shape shape) {
        this(job, scheduledTime, markets, shape, false);
    }

    /** The tick time: the scheduled time, or {@code now} when the event gave none. */
    public Instant scheduledTimeOr(Instant now) {
        return scheduledTime.orElse(now);
    }

    /** Reads the event's JSON from {@code input} (at most {@link #MAX_BYTES} of it) for the function that runs {@code ownJob}. */
    public static ScheduleEvent read(InputStream input, JobKind ownJob) throws IOException {
        byte[] bytes = input.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new BadEventException("the event is " + TOO_LARGE);
        }
        JsonNode event;
        try {
            event = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadEventException("the event cannot be read as JSON (" + e.getOriginalMessage() + "): expected " + EXAMPLE);
        }
        return parse(event, ownJob);
    }

    /** Reads {@code event} for the function that runs {@code ownJob}. */
    public static ScheduleEvent parse(JsonNode event, JobKind ownJob) {
        if (event == null || event.isNull() || event.isMissingNode()) {
            throw new BadEventException("the event is empty: expected " + EXAMPLE + " or an EventBridge Scheduled Event");
        }
        if (!event.isObject()) {
            throw new BadEventException("the event must be a JSON object such as " + EXAMPLE + ", found " + kind(event));
        }
        if (event.has("detail-type") || "aws.events".equals(event.path("source").asText(null))) {
            return envelope(event, ownJob);
        }
        return scheduler(event, ownJob);
    }

    private static ScheduleEvent envelope(JsonNode event, JobKind ownJob) {
        String detailType = event.path("detail-type").asText("");
        String source = event.path("source").asText("");
        if (!"Scheduled Event".equals(detailType) || !"aws.events".equals(source)) {
            throw new BadEventException("an EventBridge event must have \"detail-type\":\"Scheduled Event\" and \"source\":\"aws.events\", "
                    + "found \"detail-type\":" + quote(detailType) + " and \"source\":" + quote(source));
        }
        JsonNode time = event.get("time");
        if (time == null || !time.isTextual()) {
            throw new BadEventException("the EventBridge Scheduled Event has no \"time\" (an ISO-8601 instant such as 2026-01-23T21:05:00Z)");
        }
        return new ScheduleEvent(ownJob, Optional.of(instant("time", time.asText())), EnumSet.allOf(Market.class), Shape.EVENTBRIDGE);
    }

    private static ScheduleEvent scheduler(JsonNode event, JobKind ownJob) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SCHEDULER_FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadEventException("unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + " in the event: expected job, scheduledTime and optionally markets (price) or watch (earnings), as in " + EXAMPLE);
        }
        JsonNode jobNode = event.get("job");
        if (jobNode == null || !jobNode.isTextual()) {
            throw new BadEventException("the event has no \"job\": expected " + EXAMPLE + " or an EventBridge Scheduled Event");
        }
        String jobName = jobNode.asText();
        JobKind job = JobKind.fromWireName(jobName).orElse(JobKind.ALL);
        if (job == JobKind.ALL) {
            throw new BadEventException("unknown job " + quote(jobName) + ": expected \"price\" or \"earnings\"");
        }
        if (job != ownJob) {
            throw new BadEventException("this function runs the " + ownJob.wireName() + " job, but the event asks for "
                    + quote(jobName) + " (send it to the " + jobName + " function)");
        }
        Optional<Instant> time = Optional.empty();
        JsonNode timeNode = event.get("scheduledTime");
        if (timeNode != null && !timeNode.isNull()) {
            if (!timeNode.isTextual()) {
                throw new BadEventException("\"scheduledTime\" must be a string such as \"2026-01-23T21:05:00Z\", found " + kind(timeNode));
            }
            time = Optional.of(instant("scheduledTime", timeNode.asText()));
        }
        boolean watch = false;
        JsonNode watchNode = event.get("watch");
        if (watchNode != null && !watchNode.isNull()) {
            if (!watchNode.isBoolean()) {
                throw new BadEventException("\"watch\" must be true or false, found " + kind(watchNode));
            }
            if (job != JobKind.EARNINGS && watchNode.booleanValue()) {
                throw new BadEventException("\"watch\" is for the earnings job (its report-day watch), not the " + job.wireName() + " job");
            }
            watch = watchNode.booleanValue();
        }
        return new ScheduleEvent(job, time, markets(event.get("markets")), Shape.SCHEDULER, watch);
    }

    private static Set<Market> markets(JsonNode node) {
        if (node == null || node.isNull()) {
            return EnumSet.allOf(Market.class);
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new BadEventException("\"markets\" must be a non-empty list such as [\"crypto\"] or [\"us-equity\", \"crypto\"]");
        }
        Set<Market> out = EnumSet.noneOf(Market.class);
        for (JsonNode item : node) {
            String name = item.asText("");
            Optional<Market> market = Market.fromWireName(name);
            if (market.isEmpty()) {
                throw new BadEventException("unknown market " + quote(item.isTextual() ? name : item.toString())
                        + " in \"markets\": expected \"us-equity\" or \"crypto\"");
            }
            out.add(market.get());
        }
        return out;
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e2) {
                throw new BadEventException("\"" + field + "\" " + quote(text) + " is not an ISO-8601 instant such as 2026-01-23T21:05:00Z");
            }
        }
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(n.toString());
    }

    private static String quote(String s) {
        return "\"" + abbreviate(s) + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** The event cannot be run: it says what was expected. */
    public static final class BadEventException extends IllegalArgumentException {
        public BadEventException(String message) {
            super("bad event: " + message);
        }
    }
}
