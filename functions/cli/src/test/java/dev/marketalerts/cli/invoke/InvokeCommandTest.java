package dev.marketalerts.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.DynamoAlertStateStore;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.aws.testing.LocalEmulator;
import dev.marketalerts.aws.testing.PackagedTest;
import dev.marketalerts.aws.testing.ProcessTest;
import dev.marketalerts.aws.testing.SnsSqsFixture;
import dev.marketalerts.cli.AlertsCommand;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.core.alert.Alert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code alerts invoke} on the real packaged function.zip (built at {@code package}, so this runs in {@code verify}): a
 * fresh JVM with the Lambda Runtime Interface Client against our Runtime API emulator, market data replayed from the
 * demo data through the function's local-testing switch, so no network is needed.
 */
@PackagedTest
@ProcessTest
class InvokeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Pattern REPORT = Pattern.compile(
            "REPORT RequestId: [0-9a-f-]{36}\tDuration: \\d+\\.\\d{2} ms\tBilled Duration: \\d+ ms\tMemory Size: 512 MB"
                    + "\tMax Memory Used: \\d+ MB\tInit Duration: \\d+\\.\\d{2} ms");

    @TempDir
    Path dir;

    /** What one run of the command printed. */
    record Run(int exitCode, String out, String err) {
        JsonNode result() throws IOException {
            return JSON.readTree(out);
        }
    }

    @Test
    void withNoAwsSettingsTheFunctionUsesTheEmbeddedStoreAndPrintsAlertsInItsLog() throws IOException {
        Path env = envFile(Map.of("ALERTS_REPLAY_DATA", REPO.resolve("demo/data").toString()));

        Run run = invoke(Map.of(), "PriceAlertsFunction", "--event", "events/price-scheduler.json", "--env-file", env.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = run.result();
        assertThat(result.path("sent").asInt()).isEqualTo(1);
        assertThat(result.path("alerts").path(0).path("rule").asText()).isEqualTo("iren-ytd");
        // the console notifier's line, in the function's log
        assertThat(run.err()).contains("[info] IREN iren-ytd: IREN up 47.1% since 2026-01-01 (replay, as of 2026-01-23T21:00:00Z; id ");
        assertThat(run.err()).contains("\"event\":\"init\"", "\"state\":\"file:", "\"notifier\":\"console\"");
        assertThat(run.err()).contains("\"event\":\"decision\"", "\"_aws\":{");
        assertThat(run.err()).containsPattern("START RequestId: [0-9a-f-]{36} Version: \\$LATEST");
        assertThat(run.err()).containsPattern(REPORT);
    }

    @Test
    void eachInvokeIsAColdContainerWithAnEmptyEmbeddedStore() throws IOException {
        Path env = envFile(Map.of("ALERTS_REPLAY_DATA", REPO.resolve("demo/data").toString()));

        Run first = invoke(Map.of(), "EarningsAlertsFunction", "--event", "events/earnings-scheduler.json", "--env-file", env.toString());
        Run second = invoke(Map.of(), "EarningsAlertsFunction", "--event", "events/earnings-scheduler.json", "--env-file", env.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.result().path("alerts").path(0).path("kind").asText()).isEqualTo("earnings-reminder");
        assertThat(second.result().path("sent").asInt()).as("a new container sends again (its /tmp is empty)").isEqualTo(1);
    }

    @Test
    void aBadEventMakesTheFunctionFailAndTheCommandExitOne() throws IOException {
        Path event = dir.resolve("wrong-job.json");
        Files.writeString(event, "{\"job\":\"earnings\",\"scheduledTime\":\"2026-01-23T21:05:00Z\"}");

        Run run = invoke(Map.of(), "PriceAlertsFunction", "--event", event.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.result().path("errorMessage").asText()).contains("this function runs the price job");
        assertThat(run.err()).contains("the function returned an error").containsPattern(REPORT);
    }

    @Test
    void fromAnotherDirectoryItFindsTheProjectsTemplateAndEvents() throws IOException {
        Path env = envFile(Map.of("ALERTS_REPLAY_DATA", REPO.resolve("demo/data").toString()));
        Path elsewhere = Files.createDirectories(dir.resolve("somewhere/else"));

        Run run = invokeIn(elsewhere, Map.of(), "PriceAlertsFunction", "--event", "events/price-scheduler.json", "--env-file", env.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.result().path("alerts").path(0).path("rule").asText()).isEqualTo("iren-ytd");
        assertThat(run.err()).contains("from " + elsewhere.relativize(REPO.resolve("functions/price-alerts/target/function.zip")));
    }

    @Test
    void aTemplateGivenThatDoesNotExistIsAUsageError() {
        Run run = invoke(Map.of(), "PriceAlertsFunction", "--event", "events/price-scheduler.json", "--template", "no/such/template.yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the template file " + REPO.resolve("no/such/template.yaml") + " does not exist");
    }

    @Test
    void anUnknownFunctionIsAUsageErrorNamingTheTemplatesFunctions() {
        Run run = invoke(Map.of(), "NoSuchFunction", "--event", "events/price-scheduler.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no AWS::Serverless::Function 'NoSuchFunction'", "PriceAlertsFunction, EarningsAlertsFunction");
    }

    /** With TABLE_NAME, TOPIC_ARN and endpoints, the packaged function uses DynamoDB (dynalite) and SNS (fauxqs). */
    @Nested
    @EmulatorTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstDynamoDbAndSnsEmulators {
        private final StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        private LocalEmulator dynalite;
        private LocalEmulator fauxqs;
        private AwsClients aws;
        private SnsSqsFixture queues;

        @BeforeAll
        void start(Emulators emulators) {
            dynalite = emulators.dynalite();
            fauxqs = emulators.fauxqs();
            aws = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                    "AWS_ENDPOINT_URL_SNS", fauxqs.endpoint().toString()), credentials);
            queues = new SnsSqsFixture(aws.sns(), fauxqs.endpoint());
        }

        @AfterAll
        void closeClients() {
            if (queues != null) {
                queues.close();
            }
            if (aws != null) {
                aws.close();
            }
        }

        @Test
        void theAlertReachesAnSqsSubscriberOnceAcrossTwoColdStarts() throws IOException {
            String run = Long.toString(System.nanoTime());
            String table = "alerts-state-" + run;
            DynamoAlertStateStore.createTable(aws.dynamoDb(), table);
            String topicArn = aws.sns().createTopic(b -> b.name("alerts-" + run)).topicArn();
            String queueUrl = queues.subscribedQueue(topicArn, "subscriber-" + run, "{\"symbol\":[\"IREN\"]}").url();
            Map<String, String> settings = new HashMap<>();
            settings.put("TABLE_NAME", table);
            settings.put("TOPIC_ARN", topicArn);
            settings.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
            settings.put("AWS_ENDPOINT_URL_SNS", fauxqs.endpoint().toString());
            settings.put("AWS_ACCESS_KEY_ID", "test");
            settings.put("AWS_SECRET_ACCESS_KEY", "test");
            settings.put("ALERTS_REPLAY_DATA", REPO.resolve("demo/data").toString());
            Path env = envFile(settings);

            Run first = invoke(Map.of(), "PriceAlertsFunction", "--event", "events/price-scheduler.json", "--env-file", env.toString());

            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.err()).contains("\"state\":\"dynamodb:" + table + "\"", "\"notifier\":\"sns:" + topicArn + "\"");
            assertThat(first.result().path("sent").asInt()).isEqualTo(1);
            List<JsonNode> received = queues.receiveAlerts(queueUrl, 1);
            assertThat(received).hasSize(1);
            JsonNode alert = received.get(0);
            assertThat(alert.path("rule").asText()).isEqualTo("iren-ytd");
            assertThat(alert.path("symbol").asText()).isEqualTo("IREN");
            assertThat(alert.path("title").asText()).isEqualTo("IREN up 47.1% since 2026-01-01");
            assertThat(alert.path("triggeredAt").asText()).isEqualTo("2026-01-23T21:05:00Z");
            List<Alert> history = new DynamoAlertStateStore(aws.dynamoDb(), table).history(10);
            assertThat(history).extracting(Alert::id).containsExactly(alert.path("id").asText());

            Run second = invoke(Map.of(), "PriceAlertsFunction", "--event", "events/price-scheduler.json", "--env-file", env.toString());

            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.result().path("sent").asInt()).as("the state lives in DynamoDB, not in the container").isZero();
            assertThat(queues.receiveDuring(queueUrl, SnsSqsFixture.NOTHING_WINDOW)).isEmpty();
        }
    }

    private Path envFile(Map<String, String> values) throws IOException {
        Path f = Files.createTempFile(dir, "env-", ".env");
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(f, text);
        return f;
    }

    /** Runs {@code alerts invoke ...} in-process from the repository root with only {@code env} (plus PATH) as environment. */
    private static Run invoke(Map<String, String> env, String... args) {
        return invokeIn(REPO, env, args);
    }

    /** Runs {@code alerts invoke ...} in-process from {@code workDir}. */
    private static Run invokeIn(Path workDir, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = new HashMap<>(env);
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String[] full = new String[args.length + 1];
        full[0] = "invoke";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = AlertsCommand.execute(new CliEnvironment(workDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, Clock.systemUTC()), full);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
