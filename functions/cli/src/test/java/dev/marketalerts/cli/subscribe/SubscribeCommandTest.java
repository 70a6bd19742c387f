package dev.marketalerts.cli.subscribe;

import static dev.marketalerts.aws.testing.SnsSqsFixture.alertJsonOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.SnsNotifier;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.aws.testing.LocalEmulator;
import dev.marketalerts.aws.testing.SnsSqsFixture;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.job.Notifier.Delivery;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code alerts subscribe}, {@code subscriptions} and {@code unsubscribe}: through fauxqs, and refusing bad input before any AWS call. */
class SubscribeCommandTest {

    @TempDir
    Path dir;

    /** Subscriptions made by the command on a fauxqs topic, and what the real SnsNotifier's alerts then reach. */
    @Nested
    @EmulatorTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ThroughFauxqs {
        private LocalEmulator fauxqs;
        private AwsClients clients;
        private SnsSqsFixture queues;
        private Map<String, String> env;
        private String topicArn;
        private final Map<String, String> queueUrls = new LinkedHashMap<>();
        private final Map<String, String> queueArns = new LinkedHashMap<>();

        @BeforeAll
        void start(Emulators emulators) {
            fauxqs = emulators.fauxqs();
            env = Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SNS", fauxqs.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            clients = AwsClients.withCredentials(env, credentials);
            queues = new SnsSqsFixture(clients.sns(), fauxqs.endpoint());
        }

        @AfterAll
        void closeClients() {
            if (queues != null) {
                queues.close();
            }
            if (clients != null) {
                clients.close();
            }
        }

        @BeforeEach
        void topic() {
            topicArn = clients.sns().createTopic(b -> b.name("alerts-" + System.nanoTime())).topicArn();
            queueUrls.clear();
            queueArns.clear();
        }

        private CommandRun alerts(String... args) {
            return CommandRun.run(dir, env, args);
        }

        /** A new queue, subscribed by the command with these filter options; returns the subscription ARN it printed. */
        private String subscribeQueue(String name, String... filters) {
            String queue = name + "-" + System.nanoTime();
            SnsSqsFixture.Queue created = queues.createQueue(queue);
            String arn = created.arn();
            queueUrls.put(name, created.url());
            queueArns.put(name, arn);
            String[] args = Stream.concat(Stream.of("subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--endpoint", arn),
                    Stream.of(filters)).toArray(String[]::new);
            CommandRun r = alerts(args);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.outLines().get(0)).isEqualTo("Subscribed sqs " + arn + " to " + topicArn);
            return r.outLines().get(2).substring("Subscription: ".length());
        }

        private List<Delivery> publish(List<Alert> alerts) {
            return new SnsNotifier(clients.sns(), topicArn).publish(alerts);
        }

        @Test
        void eachQueueReceivesExactlyWhatItsPolicySelects() {
            subscribeQueue("nvda-iren", "--symbols", "NVDA,IREN");
            subscribeQueue("reminders", "--kinds", "earnings-reminder");
            subscribeQueue("loud", "--severity", "warning");
            subscribeQueue("nvda-earnings", "--symbols", "nvda", "--kinds", "earnings-surprise,earnings-date-change");
            subscribeQueue("iren-rule", "--rules", "iren-ytd", "--severity", "info");
            subscribeQueue("everything");
            Alert nvdaReminder = alert("big-tech-earnings", "NVDA", AlertKind.EARNINGS_REMINDER, Severity.INFO);
            Alert msftReminder = alert("big-tech-earnings", "MSFT", AlertKind.EARNINGS_REMINDER, Severity.INFO);
            Alert irenYtd = alert("iren-ytd", "IREN", AlertKind.PRICE, Severity.INFO);
            Alert btc = alert("btc-80k", "BTC-USD", AlertKind.PRICE, Severity.WARNING);
            Alert nvdaSurprise = alert("big-tech-earnings", "NVDA", AlertKind.EARNINGS_SURPRISE, Severity.CRITICAL);
            Alert hut = alert("miners-big-day", "HUT", AlertKind.PRICE, Severity.INFO);
            Alert nvdaMoved = alert("big-tech-earnings", "NVDA", AlertKind.EARNINGS_DATE_CHANGE, Severity.INFO);
            Alert irenBigDay = alert("miners-big-day", "IREN", AlertKind.PRICE, Severity.WARNING);
            List<Alert> alerts = List.of(nvdaReminder, msftReminder, irenYtd, btc, nvdaSurprise, hut, nvdaMoved, irenBigDay);

            assertThat(publish(alerts)).allSatisfy(d -> assertThat(d).isInstanceOf(Delivery.Sent.class));

            assertReceives("nvda-iren", nvdaReminder, irenYtd, nvdaSurprise, nvdaMoved, irenBigDay);
            assertReceives("reminders", nvdaReminder, msftReminder);
            assertReceives("loud", btc, nvdaSurprise, irenBigDay);
            assertReceives("nvda-earnings", nvdaSurprise, nvdaMoved);
            assertReceives("iren-rule", irenYtd);
            assertReceives("everything", alerts.toArray(Alert[]::new));
        }

        @Test
        void subscribePrintsThePolicyItSetAndHowTheQueueLetsTheTopicIn() {
            String queueArn = queues.createQueue("printed-" + System.nanoTime()).arn();

            CommandRun r = alerts("subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--endpoint", queueArn,
                    "--symbols", "NVDA,IREN", "--kinds", "earnings-reminder");

            assertThat(r.exitCode()).isZero();
            assertThat(r.outLines().get(1)).isEqualTo("Filter policy: {\"symbol\":[\"NVDA\",\"IREN\"],\"kind\":[\"earnings-reminder\"]}");
            assertThat(r.outLines().get(2)).matches("Subscription: " + java.util.regex.Pattern.quote(topicArn) + ":[0-9a-f-]{36}");
            assertThat(r.outLines()).contains(QueueGrant.command(queueArn, topicArn, Optional.of(fauxqs.endpoint())));
            assertThat(r.err()).isEmpty();
        }

        /** The printed set-queue-attributes line, done through the SDK: it names the emulator, and there the queue and policy. */
        @Test
        void theQueuePolicyHintWorksAgainstTheEmulatorItNames() throws Exception {
            String queueArn = queues.createQueue("hinted-" + System.nanoTime()).arn();
            CommandRun r = alerts("subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--endpoint", queueArn);
            String hint = r.outLines().stream().filter(l -> l.contains("set-queue-attributes")).findFirst().orElseThrow();

            java.util.regex.Matcher m = java.util.regex.Pattern.compile("aws --endpoint-url (\\S+) sqs set-queue-attributes --region (\\S+) "
                    + "--queue-url \"\\$\\(aws --endpoint-url \\1 sqs get-queue-url --region \\2 --queue-name (\\S+) "
                    + "--queue-owner-aws-account-id (\\S+) --query QueueUrl --output text\\)\" --attributes '(.*)'").matcher(hint);
            assertThat(m.matches()).as(hint).isTrue();
            String policy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.group(5)).path("Policy").asText();
            try (SqsClient sqs = SqsClient.builder().region(Region.of(m.group(2))).endpointOverride(URI.create(m.group(1)))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
                String url = sqs.getQueueUrl(b -> b.queueName(m.group(3)).queueOwnerAWSAccountId(m.group(4))).queueUrl();
                sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));

                assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.POLICY))
                        .attributes()).containsEntry(QueueAttributeName.QUEUE_ARN, queueArn).containsEntry(QueueAttributeName.POLICY, policy);
            }
            assertThat(r.out()).as("no AWS URL").doesNotContainPattern("https://[a-z0-9.-]*amazonaws\\.com");
        }

        static Stream<Arguments> hintsWithEndpoints() {
            return Stream.of(
                    Arguments.of("sqs", Map.of(), "aws --endpoint-url FAUXQS sqs set-queue-attributes"),
                    Arguments.of("sqs", Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324"), "aws --endpoint-url http://127.0.0.1:9324 sqs set-queue-attributes"),
                    Arguments.of("sms", Map.of(), "aws --endpoint-url FAUXQS sns create-sms-sandbox-phone-number"),
                    Arguments.of("lambda", Map.of(), "aws lambda add-permission"),
                    Arguments.of("lambda", Map.of("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9001"), "aws --endpoint-url http://127.0.0.1:9001 lambda add-permission"));
        }

        @ParameterizedTest(name = "{0} with {1}")
        @MethodSource("hintsWithEndpoints")
        void theNextStepsCallTheEndpointTheEnvironmentNames(String protocol, Map<String, String> more, String command) {
            Map<String, String> withMore = new HashMap<>(env);
            withMore.putAll(more);
            String endpoint = switch (protocol) {
                case "sqs" -> queues.createQueue("next-" + System.nanoTime()).arn();
                case "sms" -> "+14155550123";
                default -> "arn:aws:lambda:us-east-1:000000000000:function:on-alert";
            };

            CommandRun r = CommandRun.run(dir, withMore, "subscribe", "--topic-arn", topicArn, "--protocol", protocol, "--endpoint", endpoint);

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.outLines()).anySatisfy(l -> assertThat(l).startsWith(command.replace("FAUXQS", fauxqs.endpoint().toString())));
            assertThat(r.out()).as("no AWS URL").doesNotContainPattern("https://[a-z0-9.-]*amazonaws\\.com");
        }

        @Test
        void subscriptionsListsEachWithItsPolicy() {
            String nvda = subscribeQueue("nvda", "--symbols", "NVDA", "--severity", "critical");
            String all = subscribeQueue("all");

            CommandRun r = alerts("subscriptions", "--topic-arn", topicArn);

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.outLines().get(0)).matches("PROTOCOL +ENDPOINT +FILTER POLICY +SUBSCRIPTION");
            assertThat(r.outLines().subList(1, 3)).satisfiesExactlyInAnyOrder(
                    line -> assertThat(line).matches("sqs +" + q(queueArns.get("nvda")) + " +"
                            + q("{\"symbol\":[\"NVDA\"],\"severity\":[\"critical\"]}") + " +" + q(nvda)),
                    line -> assertThat(line).matches("sqs +" + q(queueArns.get("all")) + " +none: every alert +" + q(all)));
            assertThat(r.outLines().get(3)).isEqualTo("2 subscriptions on " + topicArn + ".");
        }

        @Test
        void emailAndSmsSubscriptionsSayWhatComesNextAndListMasked() {
            CommandRun email = alerts("subscribe", "--topic-arn", topicArn, "--protocol", "email", "--endpoint", "you@example.com",
                    "--kinds", "earnings-surprise");
            CommandRun sms = alerts("subscribe", "--topic-arn", topicArn, "--protocol", "sms", "--endpoint", "+14155550123");

            assertThat(email.exitCode()).as(email.err()).isZero();
            assertThat(email.out()).contains("SNS sent a confirmation e-mail to you@example.com. The subscription stays pending confirmation,")
                    .contains("until the link in that e-mail (\"Confirm subscription\") is clicked.");
            assertThat(sms.exitCode()).as(sms.err()).isZero();
            assertThat(sms.outLines().get(0)).isEqualTo("Subscribed sms +*******0123 to " + topicArn);
            CommandRun list = alerts("subscriptions", "--topic-arn", topicArn);
            assertThat(list.out()).doesNotContain("4155550123");
            assertThat(list.outLines()).anySatisfy(l -> assertThat(l)
                    .matches("email +you@example\\.com +" + q("{\"kind\":[\"earnings-surprise\"]}") + " +\\S+ \\(pending confirmation\\)"));
            // fauxqs leaves every subscription but sqs pending; SNS confirms sms at once
            assertThat(list.outLines()).anySatisfy(l -> assertThat(l).matches("sms +\\+\\*{7}0123 +none: every alert +\\S+( \\(pending confirmation\\))?"));
        }

        @Test
        void unsubscribeRemovesOneAndItThenReceivesNothing() {
            String gone = subscribeQueue("gone", "--symbols", "NVDA");
            subscribeQueue("kept", "--symbols", "NVDA");

            CommandRun r = alerts("unsubscribe", gone);
            Alert nvda = alert("big-tech-earnings", "NVDA", AlertKind.EARNINGS_SURPRISE, Severity.CRITICAL);
            publish(List.of(nvda));

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Unsubscribed sqs " + queueArns.get("gone") + " (filter policy: {\"symbol\":[\"NVDA\"]}): " + gone
                    + System.lineSeparator());
            assertReceives("kept", nvda);
            assertThat(queues.receiveDuring(queueUrls.get("gone"), SnsSqsFixture.NOTHING_WINDOW)).as("the unsubscribed queue").isEmpty();
            assertThat(alerts("subscriptions", "--topic-arn", topicArn).out()).doesNotContain(gone).contains(queueArns.get("kept"));
        }

        @Test
        void whatSnsRefusesIsAUsageErrorAndChangesNothing() {
            String arn = subscribeQueue("twice", "--symbols", "NVDA");

            CommandRun again = alerts("subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--endpoint", queueArns.get("twice"),
                    "--symbols", "IREN");
            CommandRun noTopic = alerts("subscribe", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:no-such-topic",
                    "--protocol", "sqs", "--endpoint", queueArns.get("twice"));
            CommandRun noSubscription = alerts("unsubscribe", topicArn + ":00000000-0000-0000-0000-000000000000");

            assertThat(again.exitCode()).isEqualTo(2);
            assertThat(again.err()).startsWith("alerts subscribe: cannot subscribe sqs " + queueArns.get("twice") + " to " + topicArn
                    + ": SNS answered InvalidParameter: ").contains("already exists with different attributes");
            assertThat(noTopic.exitCode()).isEqualTo(2);
            assertThat(noTopic.err()).contains("SNS answered NotFound: Topic does not exist");
            assertThat(noSubscription.exitCode()).isEqualTo(2);
            assertThat(noSubscription.errLines()).containsExactly("alerts unsubscribe: there is no subscription " + topicArn
                    + ":00000000-0000-0000-0000-000000000000 (alerts subscriptions --topic-arn ARN lists a topic's subscriptions)");
            assertThat(alerts("subscriptions", "--topic-arn", topicArn).outLines())
                    .filteredOn(l -> l.startsWith("sqs")).singleElement().satisfies(l -> assertThat(l).contains(arn, "{\"symbol\":[\"NVDA\"]}"));
        }

        private Alert alert(String rule, String symbol, AlertKind kind, Severity severity) {
            return TestAlerts.alert(rule, symbol, kind, severity, "2026-02-25", symbol + " " + kind.wireName() + " (" + rule + ")");
        }

        /** The queue receives these alerts, one copy of each, and nothing else. */
        private void assertReceives(String queue, Alert... expected) {
            List<String> ids = queues.receive(queueUrls.get(queue), expected.length).stream()
                    .map(m -> alertJsonOf(m).get("id").asText()).toList();
            assertThat(ids).as("alert ids on queue " + queue)
                    .containsExactlyInAnyOrderElementsOf(Stream.of(expected).map(Alert::id).toList());
        }
    }

    /** Bad input: exit 2 with what was wrong and what was expected, and not one request to AWS. */
    @Nested
    class InputValidation {
        private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:market-alerts";
        private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:alerts";
        private static final String NOTHING = "Nothing was subscribed.";

        private RecordingSnsEndpoint sns;
        private Map<String, String> env;

        @BeforeEach
        void start() {
            sns = new RecordingSnsEndpoint();
            env = Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", sns.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
        }

        @AfterEach
        void stop() {
            sns.close();
        }

        static Stream<Arguments> badInput() {
            return Stream.of(
                    Arguments.of(List.of("subscribe", "--topic-arn", "market-alerts", "--protocol", "sqs", "--endpoint", QUEUE), List.of(
                            "alerts subscribe: --topic-arn 'market-alerts' is not an SNS topic ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, "
                                    + "such as arn:aws:sns:us-east-1:123456789012:market-alerts (the stack's AlertsTopicArn output)", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "http", "--endpoint", "http://example.com"), List.of(
                            "alerts subscribe: --protocol 'http' is not supported: expected one of email, sms, sqs, https, lambda", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "email", "--endpoint", "you.example.com"), List.of(
                            "alerts subscribe: --endpoint 'you.example.com' is not an e-mail address: expected NAME@DOMAIN, such as you@example.com",
                            NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "sms", "--endpoint", "415-555-0123"), List.of(
                            "alerts subscribe: --endpoint '415-555-0123' is not a phone number in E.164 form: expected + and then 8 to 15 digits, "
                                    + "country code first, no spaces or dashes, such as +14155550123", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "https", "--endpoint", "http://hooks.example.com/a"),
                            List.of("alerts subscribe: --endpoint 'http://hooks.example.com/a' is not an https URL: alerts are only sent over https "
                                    + "here (expected https://HOST/PATH, such as https://hooks.example.com/market-alerts)", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", "alerts"), List.of(
                            "alerts subscribe: --endpoint 'alerts' is not an SQS queue ARN: expected arn:aws:sqs:REGION:ACCOUNT:QUEUE, "
                                    + "such as arn:aws:sqs:us-east-1:123456789012:alerts", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "lambda", "--endpoint", "on-alert"), List.of(
                            "alerts subscribe: --endpoint 'on-alert' is not a Lambda function ARN: expected "
                                    + "arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS], such as arn:aws:lambda:us-east-1:123456789012:function:on-alert",
                            NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", QUEUE, "--kinds", "earnings"),
                            List.of("alerts subscribe: --kinds: 'earnings' is not an alert kind: expected one of price, earnings-reminder, "
                                    + "earnings-date-change, earnings-surprise, health", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", QUEUE, "--severity", "high"),
                            List.of("alerts subscribe: --severity: 'high' is not a severity: expected one of info, warning, critical "
                                    + "(each means that severity or louder)", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", QUEUE, "--symbols", "NVDA,BTC/USD"),
                            List.of("alerts subscribe: --symbols: 'BTC/USD' is not a symbol: expected 1 to 20 of A-Z 0-9 . ^ = - "
                                    + "(such as NVDA, BTC-USD, ^GSPC)", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", QUEUE, "--rules", "IREN_YTD"),
                            List.of("alerts subscribe: --rules: 'IREN_YTD' is not a rule id: expected 1 to 64 of a-z 0-9 - (the ids in alerts.yaml)",
                                    NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", QUEUE,
                            "--symbols", String.join(",", twentySymbols()), "--kinds", "price,earnings-reminder,earnings-date-change,earnings-surprise",
                            "--severity", "warning"), List.of(
                            "alerts subscribe: the filter policy would have 160 value combinations (20 symbols \u00d7 4 kinds \u00d7 2 severities); "
                                    + "SNS allows at most 150: split it into several subscriptions (for example by --symbols) or drop --severity",
                            NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", QUEUE, "--config", "missing.yaml"),
                            List.of("alerts subscribe: --config missing.yaml: no such file", NOTHING)),
                    Arguments.of(List.of("subscribe", "--topic-arn", "arn:aws:sns:us-east-1:123:x", "--protocol", "email", "--endpoint", "me",
                            "--kinds", "price,prices"), List.of(
                            "alerts subscribe: --topic-arn 'arn:aws:sns:us-east-1:123:x' is not an SNS topic ARN: expected "
                                    + "arn:aws:sns:REGION:ACCOUNT:TOPIC, such as arn:aws:sns:us-east-1:123456789012:market-alerts (the stack's "
                                    + "AlertsTopicArn output)",
                            "alerts subscribe: --endpoint 'me' is not an e-mail address: expected NAME@DOMAIN, such as you@example.com",
                            "alerts subscribe: --kinds: 'prices' is not an alert kind: expected one of price, earnings-reminder, "
                                    + "earnings-date-change, earnings-surprise, health", NOTHING)),
                    Arguments.of(List.of("subscriptions", "--topic-arn", QUEUE), List.of(
                            "alerts subscriptions: --topic-arn '" + QUEUE + "' is not an SNS topic ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, "
                                    + "such as arn:aws:sns:us-east-1:123456789012:market-alerts (the stack's AlertsTopicArn output)",
                            "Nothing was listed.")),
                    Arguments.of(List.of("unsubscribe", TOPIC), List.of(
                            "alerts unsubscribe: '" + TOPIC + "' is not an SNS subscription ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC:ID, "
                                    + "such as arn:aws:sns:us-east-1:123456789012:market-alerts:6b0e71bd-7e97-4d97-80ce-4a0994e55286 (that is a "
                                    + "topic ARN: alerts subscriptions --topic-arn " + TOPIC + " lists its subscriptions)",
                            "Nothing was removed.")),
                    Arguments.of(List.of("unsubscribe", "PendingConfirmation"), List.of(
                            "alerts unsubscribe: 'PendingConfirmation' is not a subscription ARN: a subscription waiting for confirmation has "
                                    + "none yet; SNS removes it by itself if it is never confirmed",
                            "Nothing was removed.")),
                    Arguments.of(List.of("filter-policy", "--kinds", "dividend"), List.of(
                            "alerts filter-policy: --kinds: 'dividend' is not an alert kind: expected one of price, earnings-reminder, "
                                    + "earnings-date-change, earnings-surprise, health", "No policy was printed.")));
        }

        private static List<String> twentySymbols() {
            List<String> symbols = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                symbols.add("S" + i);
            }
            return symbols;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badInput")
        void isRefusedWithWhatWasExpectedAndNoAwsCall(List<String> args, List<String> errors) {
            CommandRun r = CommandRun.run(dir, env, args.toArray(String[]::new));

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).containsExactlyElementsOf(errors);
            assertThat(r.out()).isEmpty();
            assertThat(sns.actions()).isEmpty();
        }

        @Test
        void aMissingOptionIsAUsageError() {
            CommandRun r = CommandRun.run(dir, env, "subscribe", "--topic-arn", TOPIC, "--protocol", "sqs");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("Missing required option: '--endpoint=ENDPOINT'");
            assertThat(sns.actions()).isEmpty();
        }

        @Test
        void aBadEndpointSettingIsAUsageError() {
            Map<String, String> badEndpoint = new HashMap<>(env);
            badEndpoint.put("AWS_ENDPOINT_URL_SNS", "localhost:4566");

            CommandRun r = CommandRun.run(dir, badEndpoint, "subscriptions", "--topic-arn", TOPIC);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).startsWith("alerts subscriptions: AWS_ENDPOINT_URL_SNS is not a valid endpoint URL");
            assertThat(sns.actions()).isEmpty();
        }

        @Test
        void aBadEndpointSettingForTheHintIsAUsageErrorBeforeSubscribing() {
            Map<String, String> badEndpoint = new HashMap<>(env);
            badEndpoint.put("AWS_ENDPOINT_URL_SQS", "localhost:9324");

            CommandRun r = CommandRun.run(dir, badEndpoint, "subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", QUEUE);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly("alerts subscribe: AWS_ENDPOINT_URL_SQS is not a valid endpoint URL "
                    + "(expected scheme://host[:port]: localhost:9324)", NOTHING);
            assertThat(sns.actions()).isEmpty();
        }

        @Test
        void snsRefusingTheRequestIsExit2AndNotAllowedIsExit1() {
            sns.answerError(400, "Sender", "InvalidParameter", "Invalid parameter: Endpoint");
            CommandRun refused = CommandRun.run(dir, env, "subscribe", "--topic-arn", TOPIC, "--protocol", "sqs", "--endpoint", QUEUE);
            sns.answerError(403, "Sender", "AuthorizationError", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: "
                    + "SNS:ListSubscriptionsByTopic on resource: " + TOPIC);
            CommandRun denied = CommandRun.run(dir, env, "subscriptions", "--topic-arn", TOPIC);

            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.errLines()).containsExactly("alerts subscribe: cannot subscribe sqs " + QUEUE + " to " + TOPIC
                    + ": SNS answered InvalidParameter: Invalid parameter: Endpoint");
            assertThat(denied.exitCode()).isEqualTo(1);
            assertThat(denied.errLines()).containsExactly("alerts subscriptions: cannot list the subscriptions of " + TOPIC
                    + ": SNS answered AuthorizationError: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: "
                    + "SNS:ListSubscriptionsByTopic on resource: " + TOPIC);
            assertThat(sns.actions()).containsExactly("Subscribe", "ListSubscriptionsByTopic");
        }
    }

    private static String q(String literal) {
        return java.util.regex.Pattern.quote(literal);
    }
}
