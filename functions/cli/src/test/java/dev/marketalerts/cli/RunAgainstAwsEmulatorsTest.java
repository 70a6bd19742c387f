package dev.marketalerts.cli;

import static dev.marketalerts.aws.testing.SnsSqsFixture.alertJsonOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.DynamoAlertStateStore;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.aws.testing.SnsSqsFixture;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code alerts run --state dynamodb:TABLE --topic-arn ARN} in-process against dynalite and fauxqs: the demo's report-day
 * evening run reaches an SQS subscriber of the topic once, and running it again adds nothing.
 */
@EmulatorTest
class RunAgainstAwsEmulatorsTest {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final String REMINDER = "big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d";
    private static final String SURPRISE = "big-tech-earnings:NVDA:earnings-surprise:2026-02-25";

    private static AwsClients aws;
    private static SnsSqsFixture queues;
    private static Map<String, String> env;

    @TempDir
    Path dir;

    private String table;
    private String topicArn;
    private String queueUrl;

    @BeforeAll
    static void startEmulators(Emulators emulators) {
        env = Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", emulators.dynalite().endpoint().toString(),
                "AWS_ENDPOINT_URL_SNS", emulators.fauxqs().endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
        aws = AwsClients.withCredentials(env, CREDENTIALS);
        queues = new SnsSqsFixture(aws.sns(), emulators.fauxqs().endpoint());
    }

    @AfterAll
    static void closeClients() {
        for (AutoCloseable c : new AutoCloseable[] {queues, aws}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
    }

    @BeforeEach
    void tableTopicAndQueue() {
        String run = Long.toString(System.nanoTime());
        table = "alerts-state-" + run;
        DynamoAlertStateStore.createTable(aws.dynamoDb(), table);
        topicArn = aws.sns().createTopic(b -> b.name("alerts-" + run)).topicArn();
        queueUrl = queues.subscribedQueue(topicArn, "subscriber-" + run, null).url();
    }

    private Cli.Result runReportDayEvening() {
        return Cli.run(dir, env, Clock.fixed(Instant.parse("2026-02-27T12:00:00Z"), ZoneOffset.UTC),
                "run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(), "--at", "2026-02-25T18:00",
                "--state", "dynamodb:" + table, "--topic-arn", topicArn);
    }

    @Test
    void reportDayEveningReachesTheQueueOnceAndARerunAddsNothing() {
        Cli.Result first = runReportDayEvening();
        assertThat(first.exitCode()).as(first.err()).isZero();
        List<Message> afterFirst = queues.receive(queueUrl, 2);
        Cli.Result second = runReportDayEvening();
        List<Message> afterSecond = queues.receiveDuring(queueUrl, SnsSqsFixture.NOTHING_WINDOW);

        System.out.println("RunAgainstAwsEmulatorsTest: first run " + afterFirst.size() + " messages, second run " + afterSecond.size());
        assertThat(first.out()).contains(REMINDER, SURPRISE).contains("Sent 2 alerts");
        assertThat(afterFirst).extracting(m -> alertJsonOf(m).get("id").asText()).containsExactlyInAnyOrder(REMINDER, SURPRISE);
        for (Message m : afterFirst) {
            JsonNode alertJson = alertJsonOf(m);
            Alert alert = AlertJson.read(alertJson.toString());
            assertThat(AlertJson.write(alert)).isEqualTo(alertJson.toString());
            assertThat(alert.symbol()).isEqualTo("NVDA");
            assertThat(alert.rule()).isEqualTo("big-tech-earnings");
            assertThat(alert.triggeredAt()).isEqualTo(Instant.parse("2026-02-25T23:00:00Z"));
            assertThat(first.out()).contains(alert.title());
            assertThat(attributes(m)).containsEntry("symbol", "NVDA").containsEntry("rule", "big-tech-earnings")
                    .containsEntry("kind", alert.kind().wireName()).containsEntry("severity", alert.severity().wireName());
        }
        assertThat(afterFirst).extracting(m -> alertJsonOf(m).get("title").asText()).containsExactlyInAnyOrder(
                "NVDA reports earnings today (2026-02-25, after the close)", "NVDA beat the EPS estimate by 6.6% (1.62 vs 1.52)");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Nothing new to send").contains("2 alerts had been sent already");
        assertThat(afterSecond).isEmpty();
    }

    private static Map<String, String> attributes(Message m) {
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = SnsSqsFixture.json(m.body()).path("MessageAttributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().path("Value").asText());
        }
        return out;
    }
}
