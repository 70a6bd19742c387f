package dev.marketalerts.cli;

import static dev.marketalerts.aws.testing.SnsSqsFixture.alertJsonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.DynamoAlertStateStore;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.aws.testing.GeneratedBlock;
import dev.marketalerts.aws.testing.SnsSqsFixture;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * evening run reaches an SQS subscriber of the topic once, and running it again adds nothing. The two runs are the
 * README's step "Run the job on the replayed demo data", whose block is compared with what they print (or, with
 * {@code -DupdateDocs=true}, rewritten).
 */
@EmulatorTest
class RunAgainstAwsEmulatorsTest {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final String REMINDER = "big-tech-earnings:NVDA:earnings-reminder:2026-02-25:0d";
    private static final String SURPRISE = "big-tech-earnings:NVDA:earnings-surprise:2026-02-25";
    private static final String BLOCK = "local-emulators-run";
    /** The README's list item indentation. */
    private static final String INDENT = "   ";
    private static final String TABLE_SHOWN = "market-alerts-local";
    private static final String TOPIC_SHOWN = "\"$TOPIC\"";
    /** The command as the README shows it, in the repository root with the table and topic of its earlier steps. */
    private static final List<String> SHOWN = List.of("run", "--data", "demo/data", "--at", "2026-02-25T18:00",
            "--state", "dynamodb:" + TABLE_SHOWN, "--topic-arn", TOPIC_SHOWN);

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
        List<String> args = new ArrayList<>(List.of(SHOWN.get(0), "--config", Cli.SHIPPED_CONFIG.toString()));
        for (String arg : SHOWN.subList(1, SHOWN.size())) {
            args.add(switch (arg) {
                case "demo/data" -> Cli.DEMO_DATA.toString();
                case "dynamodb:" + TABLE_SHOWN -> "dynamodb:" + table;
                case TOPIC_SHOWN -> topicArn;
                default -> arg;
            });
        }
        return Cli.runOneStream(dir, env, Clock.fixed(Instant.parse("2026-02-27T12:00:00Z"), ZoneOffset.UTC), args.toArray(String[]::new));
    }

    @Test
    void reportDayEveningReachesTheQueueOnceAndARerunAddsNothing() throws IOException {
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
        String readme = Files.readString(Cli.REPO.resolve("README.md"), StandardCharsets.UTF_8);
        for (Message m : afterFirst) {
            JsonNode alert = alertJsonOf(m);
            assertThat(readme).as("the README's step \"Read the queue\" lists what the queue received")
                    .contains("\n" + INDENT + alert.get("id").asText() + "  " + alert.get("title").asText() + "\n");
        }

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Nothing new to send").contains("2 alerts had been sent already");
        assertThat(afterSecond).isEmpty();
    }

    @Test
    void theReadmesStepIsWhatTheTwoRunsPrint() throws IOException {
        Cli.Result first = runReportDayEvening();
        Cli.Result second = runReportDayEvening();
        queues.receive(queueUrl, 2);

        String command = "$ ./alerts " + String.join(" ", SHOWN);
        String measured = Stream.of("```text", command, first.out().strip(), command, second.out().strip(), "```")
                .flatMap(String::lines).map(l -> INDENT + l).collect(Collectors.joining("\n"));
        Path readme = Cli.REPO.resolve("README.md");
        String doc = Files.readString(readme, StandardCharsets.UTF_8);
        String start = INDENT + GeneratedBlock.start(BLOCK) + "\n";
        String end = INDENT + GeneratedBlock.end(BLOCK);
        int from = doc.indexOf(start);
        int to = doc.indexOf(end);
        assertThat(from).as("README.md has %s ... %s", start.strip(), end.strip()).isNotNegative();
        assertThat(to).isGreaterThan(from);
        String documented = doc.substring(from + start.length(), to).stripTrailing();
        if (Boolean.getBoolean("updateDocs")) {
            Files.writeString(readme, doc.substring(0, from + start.length()) + measured + "\n" + doc.substring(to), StandardCharsets.UTF_8);
            return;
        }
        if (!documented.equals(measured)) {
            fail("README.md's step \"Run the job on the replayed demo data\" is not what the runs printed; regenerate it with\n"
                    + "  ./mvnw -B -ntp -pl functions/cli test -Dtest=RunAgainstAwsEmulatorsTest -DupdateDocs=true\n"
                    + GeneratedBlock.diff(documented, measured));
        }
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
