package dev.marketalerts.cli.template;

import static dev.marketalerts.cli.template.TemplateFile.JOBS;
import static dev.marketalerts.cli.template.TemplateFile.JSON;
import static dev.marketalerts.cli.template.TemplateFile.REPO;
import static dev.marketalerts.cli.template.TemplateFile.TEMPLATE;
import static dev.marketalerts.cli.template.TemplateFile.readJson;
import static dev.marketalerts.cli.template.TemplateFile.schedules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.lambda.ScheduleEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schedules of template.yaml: what EventBridge Scheduler sends each function, and when. */
class ScheduleTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";

    @Test
    void everyScheduleHasATimeZoneARetryPolicyADeadLetterQueueAndNoFixedName() {
        for (Map.Entry<String, JobKind> fn : JOBS.entrySet()) {
            assertThat(schedules(fn.getKey())).as(fn.getKey() + " schedules").isNotEmpty();
            schedules(fn.getKey()).forEach((name, event) -> {
                String where = fn.getKey() + "." + name;
                JsonNode p = event.path("Properties");
                assertThat(event.path("Type").asText()).as(where + ": ScheduleV2 (the old Schedule has no time zone)").isEqualTo("ScheduleV2");
                assertThat(p.path("ScheduleExpressionTimezone").asText()).as(where).isEqualTo("America/New_York");
                // without it SAM names the schedule after the event, and a second stack in the account and region collides
                assertThat(p.path("OmitName").asBoolean()).as(where + " OmitName").isTrue();
                assertThat(p.path("RetryPolicy").path("MaximumRetryAttempts").isInt()).as(where + " RetryPolicy").isTrue();
                String dlq = p.path("DeadLetterConfig").path("Arn").path("Fn::GetAtt").path(0).asText();
                assertThat(TEMPLATE.resources().path(dlq).path("Type").asText()).as(where + " DeadLetterConfig").isEqualTo("AWS::SQS::Queue");
                JsonNode input = readJson(p.path("Input").asText());
                assertThat(input.path("scheduledTime").asText()).as(where).isEqualTo(SCHEDULED_TIME);
                // what the Scheduler sends, with the placeholder filled in, is an event the function accepts
                ((ObjectNode) input).put("scheduledTime", "2026-01-23T21:05:00Z");
                assertThat(ScheduleEvent.parse(input, fn.getValue()).job()).as(where).isEqualTo(fn.getValue());
            });
        }
    }

    @Test
    void everyPriceScheduleEvaluatesOneMarketAndEachMarketHasItsSchedules() {
        Map<String, List<String>> byMarket = new LinkedHashMap<>();
        schedules("PriceAlertsFunction").forEach((name, event) -> {
            JsonNode markets = readJson(event.path("Properties").path("Input").asText()).path("markets");
            assertThat(markets.size()).as(name + " markets " + markets).isEqualTo(1);
            byMarket.computeIfAbsent(markets.get(0).asText(), m -> new ArrayList<>()).add(name);
        });

        assertThat(byMarket).as("price schedules by market").containsOnlyKeys("us-equity", "crypto");
        assertThat(byMarket.get("crypto")).as("crypto trades around the clock: a rate, not market-hours crons")
                .allMatch(name -> schedules("PriceAlertsFunction").get(name).path("Properties").path("ScheduleExpression").asText()
                        .startsWith("rate("));
    }

    /** A January week, a July week (daylight saving time) and the week clocks go forward, each Monday to Sunday. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-01-19", "2026-07-13", "2026-03-02"})
    void equityTicksAreEveryFiveMinutesFrom0930To1605NewYorkTimeOnWeekdaysOnly(String monday) {
        Map<String, SchedulerCron> equity = new LinkedHashMap<>();
        schedules("PriceAlertsFunction").forEach((name, event) -> {
            JsonNode p = event.path("Properties");
            if (readJson(p.path("Input").asText()).path("markets").toString().contains("us-equity")) {
                assertThat(ZoneId.of(p.path("ScheduleExpressionTimezone").asText())).isEqualTo(NEW_YORK);
                equity.put(name, SchedulerCron.parse(p.path("ScheduleExpression").asText()));
            }
        });
        assertThat(equity).as("equity schedules").isNotEmpty();

        for (LocalDate day = LocalDate.parse(monday); day.isBefore(LocalDate.parse(monday).plusDays(7)); day = day.plusDays(1)) {
            List<LocalTime> ticks = new ArrayList<>();
            for (LocalDateTime t = day.atStartOfDay(); t.isBefore(day.plusDays(1).atStartOfDay()); t = t.plusMinutes(1)) {
                for (SchedulerCron cron : equity.values()) {
                    if (cron.firesAt(t)) {
                        ticks.add(t.toLocalTime());
                    }
                }
            }
            List<LocalTime> expected = new ArrayList<>();
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                for (int minute = 9 * 60 + 30; minute <= 16 * 60 + 5; minute += 5) {
                    expected.add(LocalTime.of(minute / 60, minute % 60));
                }
            }
            assertThat(ticks).as(day + " (" + day.getDayOfWeek() + ") equity ticks of " + equity + ", in order, none twice")
                    .containsExactlyElementsOf(expected);
        }
    }

    /** Routine earnings runs at 07:00 and 18:00 every day; the watch every 5 minutes 06:00-09:55 and 16:05-19:55 on weekdays. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-02-23", "2026-07-13", "2026-03-02"})
    void earningsRunsTwiceADayAndWatchesEveryFiveMinutesAroundTheReportsOnWeekdays(String monday) {
        Map<String, SchedulerCron> crons = new LinkedHashMap<>();
        Map<String, Boolean> watches = new LinkedHashMap<>();
        schedules("EarningsAlertsFunction").forEach((name, event) -> {
            JsonNode p = event.path("Properties");
            crons.put(name, SchedulerCron.parse(p.path("ScheduleExpression").asText()));
            watches.put(name, readJson(p.path("Input").asText()).path("watch").asBoolean(false));
        });

        for (LocalDate day = LocalDate.parse(monday); day.isBefore(LocalDate.parse(monday).plusDays(7)); day = day.plusDays(1)) {
            List<String> ticks = new ArrayList<>();
            for (LocalDateTime t = day.atStartOfDay(); t.isBefore(day.plusDays(1).atStartOfDay()); t = t.plusMinutes(1)) {
                for (Map.Entry<String, SchedulerCron> cron : crons.entrySet()) {
                    if (cron.getValue().firesAt(t)) {
                        ticks.add(t.toLocalTime() + (watches.get(cron.getKey()) ? " watch" : " routine"));
                    }
                }
            }
            List<String> expected = new ArrayList<>();
            boolean weekday = day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
            for (int minute = 0; minute < 24 * 60; minute += 5) {
                LocalTime t = LocalTime.of(minute / 60, minute % 60);
                boolean morning = !t.isBefore(LocalTime.of(6, 0)) && t.isBefore(LocalTime.of(10, 0));
                boolean evening = t.isAfter(LocalTime.of(16, 0)) && t.isBefore(LocalTime.of(20, 0));
                if (t.equals(LocalTime.of(7, 0)) || t.equals(LocalTime.of(18, 0))) {
                    expected.add(t + " routine");
                }
                if (weekday && (morning || evening)) {
                    expected.add(t + " watch");
                }
            }
            assertThat(ticks).as(day + " (" + day.getDayOfWeek() + ") earnings ticks").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void everyEventFileIsAnEventItsFunctionAccepts() throws IOException {
        for (Path f : eventFiles()) {
            String name = f.getFileName().toString();
            JobKind job = jobOf(name);
            ScheduleEvent event = ScheduleEvent.parse(JSON.readTree(f.toFile()), job);
            assertThat(event.shape()).as(name).isEqualTo(name.contains("eventbridge") ? ScheduleEvent.Shape.EVENTBRIDGE : ScheduleEvent.Shape.SCHEDULER);
            assertThat(event.scheduledTime()).as(name).isPresent();
        }
    }

    /** The Scheduler-shaped files in events/ are what one of the function's schedules sends, at one of its ticks. */
    @Test
    void everySchedulerEventFileIsWhatAScheduleSendsAtOneOfItsTicks() throws IOException {
        for (Path f : eventFiles()) {
            String name = f.getFileName().toString();
            if (name.contains("eventbridge")) {
                continue;
            }
            ObjectNode event = (ObjectNode) JSON.readTree(f.toFile());
            LocalDateTime at = LocalDateTime.ofInstant(java.time.Instant.parse(event.path("scheduledTime").asText()), NEW_YORK);
            event.put("scheduledTime", SCHEDULED_TIME);
            String function = JOBS.entrySet().stream().filter(e -> e.getValue() == jobOf(name)).findFirst().orElseThrow().getKey();
            List<String> sending = new ArrayList<>();
            schedules(function).forEach((schedule, e) -> {
                JsonNode p = e.path("Properties");
                String expression = p.path("ScheduleExpression").asText();
                boolean sendsThis = readJson(p.path("Input").asText()).equals(event);
                if (sendsThis && (!SchedulerCron.isCron(expression) || SchedulerCron.parse(expression).firesAt(at))) {
                    sending.add(schedule);
                }
            });
            assertThat(sending).as(name + " (" + at + " New York) is sent by exactly one schedule of " + function).hasSize(1);
        }
    }

    private static List<Path> eventFiles() throws IOException {
        try (var files = Files.list(REPO.resolve("events"))) {
            List<Path> events = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(events).hasSizeGreaterThanOrEqualTo(4);
            return events;
        }
    }

    private static JobKind jobOf(String fileName) {
        JobKind job = fileName.startsWith("price-") ? JobKind.PRICE : fileName.startsWith("earnings-") ? JobKind.EARNINGS : null;
        assertThat(job).as(fileName + " is named after its function (price-* or earnings-*)").isNotNull();
        return job;
    }
}
