package dev.marketalerts.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.wiring.AlertsWiring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsLambdaTest {
    private static final Path DEMO_DATA = Path.of("").toAbsolutePath().resolve("../../demo/data").normalize();
    private static final String CONFIG = """
            watchlist:
              - { symbol: IREN }
              - { symbol: HUT }
            rules:
              - { id: iren-ytd, symbol: IREN, when: change_since(2026-01-01) >= 40% }
              - { id: miners-big-day, symbols: [IREN, HUT], when: abs(change(1d)) >= 8%, trigger: daily }
            """;
    private static final Instant TICK = Instant.parse("2026-01-23T21:05:00Z");

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** The wall clock is weeks after the tick: with replay data the job must see the market as of the tick. */
    private final Clock wall = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private AlertsLambda lambda(Map<String, String> env) {
        return new AlertsLambda(env, new PrintStream(out, true, StandardCharsets.UTF_8), CONFIG, wall, clock -> new AlertsWiring(env, clock));
    }

    private Map<String, String> localEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("ALERTS_REPLAY_DATA", DEMO_DATA.toString());
        env.put("ALERTS_STATE_DIR", dir.resolve("state").toString());
        env.put("ALERTS_OUTBOX", dir.resolve("outbox.jsonl").toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "price-alerts");
        return env;
    }

    private static ScheduleEvent priceTick() {
        return new ScheduleEvent(JobKind.PRICE, Optional.of(TICK), EnumSet.allOf(Market.class), ScheduleEvent.Shape.SCHEDULER);
    }

    @Test
    void aTickLogsEveryDecisionSendsWhatFiresAndWritesOneMetricsRecord() throws IOException {
        AlertsLambda lambda = lambda(localEnv());

        InvocationSummary summary = lambda.run(priceTick(), "req-1");

        assertThat(summary.evaluated()).isEqualTo(3);
        assertThat(summary.sent()).isEqualTo(1);
        assertThat(summary.alerts()).extracting(InvocationSummary.SentAlert::rule).containsExactly("iren-ytd");
        assertThat(summary.config()).isEqualTo("bundled alerts.yaml");
        List<JsonNode> lines = jsonLines();
        List<JsonNode> decisions = lines.stream().filter(l -> l.path("event").asText().equals("decision")).toList();
        assertThat(decisions).hasSize(3).allSatisfy(d -> assertThat(d.path("requestId").asText()).isEqualTo("req-1"));
        assertThat(decisions).anySatisfy(d -> {
            assertThat(d.path("rule").asText()).isEqualTo("iren-ytd");
            assertThat(d.path("fired").asBoolean()).isTrue();
            assertThat(d.path("result").asText()).isEqualTo("TRUE");
            assertThat(d.path("dataAsOf").asText()).isEqualTo("2026-01-23T21:00:00Z");
        });
        assertThat(lines).anySatisfy(l -> assertThat(l.path("event").asText()).isEqualTo("alert-sent"));
        List<JsonNode> metrics = lines.stream().filter(l -> l.has("_aws")).toList();
        assertThat(metrics).hasSize(1);
        assertThat(metrics.get(0).path("Sent").asInt()).isEqualTo(1);
        assertThat(metrics.get(0).path("Evaluated").asInt()).isEqualTo(3);
        assertThat(metrics.get(0).path("FunctionName").asText()).isEqualTo("price-alerts");
        String outbox = Files.readString(dir.resolve("outbox.jsonl"));
        assertThat(outbox).contains("\"rule\":\"iren-ytd\"", "\"triggeredAt\":\"2026-01-23T21:05:00Z\"");
    }

    @Test
    void aWatchEventRunsTheReportDayWatchAndSendsTheSurpriseAfterTheClose() throws IOException {
        String config = """
                watchlist:
                  - { symbol: NVDA }
                rules:
                  - { id: big-tech-earnings, symbol: NVDA, earnings: { remind: [0d], surprise: 5% } }
                """;
        Map<String, String> env = localEnv();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "earnings-alerts");
        AlertsLambda lambda = new AlertsLambda(env, new PrintStream(out, true, StandardCharsets.UTF_8), config, wall,
                clock -> new AlertsWiring(env, clock));

        InvocationSummary morning = lambda.run(ScheduleEvent.parse(new ObjectMapper().readTree(
                "{\"job\":\"earnings\",\"scheduledTime\":\"2026-02-25T12:00:00Z\"}"), JobKind.EARNINGS), "req-1");
        InvocationSummary beforeTheClose = lambda.run(watch("2026-02-25T20:55:00Z"), "req-2");
        InvocationSummary afterTheClose = lambda.run(watch("2026-02-25T21:05:00Z"), "req-3");
        InvocationSummary next = lambda.run(watch("2026-02-25T21:10:00Z"), "req-4");

        assertThat(morning.alerts()).extracting(InvocationSummary.SentAlert::id)
                .containsExactly("big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d");
        assertThat(beforeTheClose.evaluated()).isZero();
        assertThat(afterTheClose.alerts()).extracting(InvocationSummary.SentAlert::id)
                .containsExactly("big-tech-earnings:NVDA:earnings-surprise:2026-02-25");
        assertThat(next.evaluated()).isZero();
        assertThat(next.sent()).isZero();
        assertThat(jsonLines()).filteredOn(l -> l.path("event").asText().equals("invocation") && l.path("watch").asBoolean())
                .extracting(l -> l.path("requestId").asText()).containsExactly("req-2", "req-3", "req-4");
    }

    private static ScheduleEvent watch(String at) throws IOException {
        return ScheduleEvent.parse(new ObjectMapper().readTree("{\"job\":\"earnings\",\"scheduledTime\":\"" + at + "\",\"watch\":true}"),
                JobKind.EARNINGS);
    }

    @Test
    void theSameTickAgainSendsNothing() {
        AlertsLambda lambda = lambda(localEnv());
        lambda.run(priceTick(), "req-1");

        InvocationSummary again = lambda.run(priceTick(), "req-2");

        assertThat(again.sent()).isZero();
        assertThat(again.alerts()).isEmpty();
    }

    @Test
    void withoutAwsSettingsTheEmbeddedStoreAndConsoleAreUsed() throws IOException {
        lambda(localEnv());

        JsonNode init = jsonLines().get(0);
        assertThat(init.path("event").asText()).isEqualTo("init");
        assertThat(init.path("state").asText()).isEqualTo("file:" + dir.resolve("state"));
        assertThat(init.path("notifier").asText()).isEqualTo("console");
        assertThat(init.path("data").asText()).isEqualTo("replay:" + DEMO_DATA);
    }

    @Test
    void withTableAndTopicDynamoDbAndSnsAreUsed() throws IOException {
        Map<String, String> env = localEnv();
        env.put("TABLE_NAME", "alerts-state");
        env.put("TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts");
        env.put("AWS_REGION", "us-east-1");

        lambda(env);

        JsonNode init = jsonLines().get(0);
        assertThat(init.path("state").asText()).isEqualTo("dynamodb:alerts-state");
        assertThat(init.path("notifier").asText()).isEqualTo("sns:arn:aws:sns:us-east-1:123456789012:alerts");
    }

    @Test
    void onlyOneOfTableAndTopicIsRefused() {
        Map<String, String> env = localEnv();
        env.put("TABLE_NAME", "alerts-state");

        assertThatThrownBy(() -> lambda(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set both TABLE_NAME and TOPIC_ARN").hasMessageContaining("only TABLE_NAME is set");
    }

    @Test
    void anUnusableReplayDirectoryStopsTheContainerAtInit() {
        Map<String, String> env = localEnv();
        env.put("ALERTS_REPLAY_DATA", dir.resolve("no-such-dir").toString());

        assertThatThrownBy(() -> lambda(env)).hasMessageContaining("no-such-dir");
    }

    private List<JsonNode> jsonLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (line.startsWith("{")) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        return lines;
    }
}
