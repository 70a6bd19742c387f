package dev.marketalerts.aws;

import static dev.marketalerts.aws.testing.SnsSqsFixture.alertJsonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.aws.testing.SnsSqsFixture;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertFormats;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.job.Notifier.Delivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.ThrottledException;
import software.amazon.awssdk.services.sqs.model.Message;

class SnsNotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:alerts";

    private static Alert alert(String rule, String symbol, AlertKind kind, Severity severity, String title) {
        return TestAlerts.alert(rule, symbol, kind, severity, "1", title);
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    /** The request shapes, checked at the SDK boundary. */
    @Nested
    class Requests {
        private final SnsClient sns = mock(SnsClient.class);
        private final List<Duration> sleeps = new ArrayList<>();
        private final SnsNotifier notifier = new SnsNotifier(sns, TOPIC, 3, Duration.ofMillis(100), sleeps::add);
        private final ArgumentCaptor<PublishBatchRequest> requests = ArgumentCaptor.forClass(PublishBatchRequest.class);

        /** Answers every entry as sent, with a message id naming the alert it carried. */
        private PublishBatchResponse allSent(PublishBatchRequest request) {
            return PublishBatchResponse.builder().successful(request.publishBatchRequestEntries().stream()
                    .map(e -> PublishBatchResultEntry.builder().id(e.id()).messageId("mid-" + alertIdOf(e)).build())
                    .toList()).build();
        }

        private String alertIdOf(PublishBatchRequestEntry e) {
            return json(json(e.message()).get("sqs").asText()).get("id").asText();
        }

        private void answer(Function<PublishBatchRequest, PublishBatchResponse> responder) {
            when(sns.publishBatch(requests.capture())).thenAnswer(inv -> responder.apply(inv.getArgument(0)));
        }

        @Test
        void eachAlertIsOneJsonStructuredEntryWithASubjectAndTheFilterAttributes() {
            Alert a = alert("btc-80k", "BTC-USD", AlertKind.PRICE, Severity.WARNING, "BTC-USD crossed below 80000 (79,850.12)");
            answer(this::allSent);

            List<Delivery> result = notifier.publish(List.of(a));

            assertThat(result).containsExactly(new Delivery.Sent("mid-" + a.id()));
            PublishBatchRequest request = requests.getValue();
            assertThat(request.topicArn()).isEqualTo(TOPIC);
            PublishBatchRequestEntry entry = request.publishBatchRequestEntries().get(0);
            assertThat(entry.messageStructure()).isEqualTo("json");
            JsonNode doc = json(entry.message());
            List<String> keys = new ArrayList<>();
            doc.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("default", "email", "sms", "sqs", "lambda", "https");
            assertThat(doc.get("sqs").asText()).isEqualTo(AlertJson.write(a));
            assertThat(doc.get("lambda").asText()).isEqualTo(AlertJson.write(a));
            assertThat(doc.get("https").asText()).isEqualTo(AlertJson.write(a));
            assertThat(doc.get("email").asText()).isEqualTo(AlertFormats.email(a)).contains(a.title(), a.text(), a.id());
            assertThat(doc.get("sms").asText()).isEqualTo(AlertFormats.sms(a));
            assertThat(doc.get("default").asText()).isEqualTo(AlertFormats.line(a));
            assertThat(entry.subject()).isEqualTo("WARNING: BTC-USD crossed below 80000 (79,850.12)");
            assertThat(entry.messageAttributes()).containsOnlyKeys("symbol", "kind", "rule", "severity");
            assertThat(entry.messageAttributes().values()).extracting(MessageAttributeValue::dataType).containsOnly("String");
            assertThat(entry.messageAttributes()).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().stringValue())
                    .containsExactlyInAnyOrder("symbol=BTC-USD", "kind=price", "rule=btc-80k", "severity=warning");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "NVDA reports earnings tomorrow for NVIDIA Corporation, the maker of graphics processors, data-center accelerators and networking gear (2026-02-25, after the close)",
                "Société Générale Électricité Nucléaire à côté des Champs-Élysées: hausse de 12,5 % depuis le début de l'année, bien au-delà des attentes",
                "🚀🚀 IREN up 47.1% since 2026-01-01 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀",
                "東京エレクトロン 決算発表は明日です 東京エレクトロン 決算発表は明日です 東京エレクトロン 決算発表は明日です",
                "Line one\nline two\r\nline\tthree with a very long tail that goes on and on and on and on and on and on and on and on and on",
        })
        void smsAndSubjectStayWithinSnsLimitsForLongAndNonAsciiTitles(String title) {
            answer(this::allSent);

            notifier.publish(List.of(alert("r", "IREN", AlertKind.PRICE, Severity.CRITICAL, title)));

            PublishBatchRequestEntry entry = requests.getValue().publishBatchRequestEntries().get(0);
            String sms = json(entry.message()).get("sms").asText();
            assertThat(sms.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(140);
            assertThat(sms).doesNotContain("\n", "\r").isNotBlank();
            assertThat(entry.subject()).hasSizeLessThanOrEqualTo(99).matches("[\\x20-\\x7E]+").doesNotStartWith(" ");
        }

        @Test
        void twentyThreeAlertsGoOutInBatchesOfTenTenAndThreeWithResultsInInputOrder() {
            List<Alert> alerts = IntStream.range(0, 23)
                    .mapToObj(i -> TestAlerts.price("iren-ytd", "IREN", Integer.toString(i))).toList();
            // answer the entries in reverse so the order of the response cannot be mistaken for the input order
            answer(r -> {
                PublishBatchResponse all = allSent(r);
                List<PublishBatchResultEntry> reversed = new ArrayList<>(all.successful());
                java.util.Collections.reverse(reversed);
                return PublishBatchResponse.builder().successful(reversed).build();
            });

            List<Delivery> result = notifier.publish(alerts);

            verify(sns, times(3)).publishBatch(any(PublishBatchRequest.class));
            assertThat(requests.getAllValues()).extracting(r -> r.publishBatchRequestEntries().size()).containsExactly(10, 10, 3);
            assertThat(result).containsExactlyElementsOf(alerts.stream().map(a -> (Delivery) new Delivery.Sent("mid-" + a.id())).toList());
            assertThat(requests.getAllValues()).allSatisfy(r -> assertThat(r.publishBatchRequestEntries())
                    .extracting(PublishBatchRequestEntry::id).doesNotHaveDuplicates());
        }

        @Test
        void failedEntriesAreReportedForThoseAlertsOnlyAndNotRetriedWhenTheSenderIsAtFault() {
            List<Alert> alerts = IntStream.range(0, 4).mapToObj(i -> TestAlerts.price("iren-ytd", "IREN", Integer.toString(i))).toList();
            answer(r -> {
                List<PublishBatchResultEntry> ok = new ArrayList<>();
                List<BatchResultErrorEntry> failed = new ArrayList<>();
                for (PublishBatchRequestEntry e : r.publishBatchRequestEntries()) {
                    if (alertIdOf(e).endsWith(":1") || alertIdOf(e).endsWith(":3")) {
                        failed.add(BatchResultErrorEntry.builder().id(e.id()).code("InvalidParameter")
                                .message("Invalid parameter: Message").senderFault(true).build());
                    } else {
                        ok.add(PublishBatchResultEntry.builder().id(e.id()).messageId("mid-" + alertIdOf(e)).build());
                    }
                }
                return PublishBatchResponse.builder().successful(ok).failed(failed).build();
            });

            List<Delivery> result = notifier.publish(alerts);

            assertThat(result.get(0)).isEqualTo(new Delivery.Sent("mid-" + alerts.get(0).id()));
            assertThat(result.get(2)).isEqualTo(new Delivery.Sent("mid-" + alerts.get(2).id()));
            assertThat(List.of(result.get(1), result.get(3))).allSatisfy(d -> assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class,
                    f -> assertThat(f.reason()).contains("InvalidParameter", "Invalid parameter: Message")));
            verify(sns, times(1)).publishBatch(any(PublishBatchRequest.class));
            assertThat(sleeps).isEmpty();
        }

        @Test
        void throttledEntriesAreRetriedAloneWithBackoffUntilTheyAreSent() {
            List<Alert> alerts = IntStream.range(0, 3).mapToObj(i -> TestAlerts.price("iren-ytd", "IREN", Integer.toString(i))).toList();
            Map<String, Integer> attempts = new HashMap<>();
            answer(r -> {
                List<PublishBatchResultEntry> ok = new ArrayList<>();
                List<BatchResultErrorEntry> failed = new ArrayList<>();
                for (PublishBatchRequestEntry e : r.publishBatchRequestEntries()) {
                    int n = attempts.merge(alertIdOf(e), 1, Integer::sum);
                    if (alertIdOf(e).endsWith(":1") && n < 3) {
                        failed.add(BatchResultErrorEntry.builder().id(e.id()).code("Throttling").message("Rate exceeded").senderFault(true).build());
                    } else {
                        ok.add(PublishBatchResultEntry.builder().id(e.id()).messageId("mid-" + alertIdOf(e)).build());
                    }
                }
                return PublishBatchResponse.builder().successful(ok).failed(failed).build();
            });

            List<Delivery> result = notifier.publish(alerts);

            assertThat(result).containsExactlyElementsOf(alerts.stream().map(a -> (Delivery) new Delivery.Sent("mid-" + a.id())).toList());
            assertThat(requests.getAllValues()).extracting(r -> r.publishBatchRequestEntries().size()).containsExactly(3, 1, 1);
            assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        }

        @Test
        void throttlingThatDoesNotStopFailsTheEntryAfterTheLastAttempt() {
            Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
            answer(r -> PublishBatchResponse.builder().failed(BatchResultErrorEntry.builder()
                    .id(r.publishBatchRequestEntries().get(0).id()).code("Throttling").message("Rate exceeded").senderFault(true).build()).build());

            List<Delivery> result = notifier.publish(List.of(a));

            assertThat(result).singleElement().isInstanceOfSatisfying(Delivery.Failed.class, f -> assertThat(f.reason()).contains("Throttling"));
            verify(sns, times(3)).publishBatch(any(PublishBatchRequest.class));
            assertThat(sleeps).hasSize(2);
        }

        @Test
        void aThrottledCallIsRetried() {
            Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
            when(sns.publishBatch(requests.capture()))
                    .thenThrow(ThrottledException.builder().statusCode(400)
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build()).build())
                    .thenAnswer(inv -> allSent(inv.getArgument(0)));

            assertThat(notifier.publish(List.of(a))).containsExactly(new Delivery.Sent("mid-" + a.id()));
            assertThat(sleeps).containsExactly(Duration.ofMillis(100));
        }

        @Test
        void aFailedCallFailsEveryAlertOfItsBatchAndTheNextBatchStillGoes() {
            List<Alert> alerts = IntStream.range(0, 12).mapToObj(i -> TestAlerts.price("iren-ytd", "IREN", Integer.toString(i))).toList();
            when(sns.publishBatch(requests.capture()))
                    .thenThrow(AuthorizationErrorException.builder().statusCode(403).message("not authorized to publish")
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AuthorizationError").build()).build())
                    .thenAnswer(inv -> allSent(inv.getArgument(0)));

            List<Delivery> result = notifier.publish(alerts);

            assertThat(result.subList(0, 10)).allSatisfy(d -> assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class,
                    f -> assertThat(f.reason()).contains("not authorized to publish")));
            assertThat(result.subList(10, 12)).containsExactly(new Delivery.Sent("mid-" + alerts.get(10).id()),
                    new Delivery.Sent("mid-" + alerts.get(11).id()));
            assertThat(sleeps).isEmpty();
        }

        @Test
        void anAlertTooLargeForSnsFailsAloneWithoutACall() {
            Alert base = TestAlerts.price("iren-ytd", "IREN", "big");
            Alert huge = new Alert(base.version(), base.id(), base.rule(), base.symbol(), base.kind(), base.severity(), base.title(),
                    "x".repeat(100_000), base.triggeredAt(), base.observed(), base.source());
            Alert small = TestAlerts.price("iren-ytd", "IREN", "small");
            answer(this::allSent);

            List<Delivery> result = notifier.publish(List.of(huge, small));

            assertThat(result.get(0)).isInstanceOfSatisfying(Delivery.Failed.class, f -> assertThat(f.reason()).contains("256 KiB"));
            assertThat(result.get(1)).isEqualTo(new Delivery.Sent("mid-" + small.id()));
            assertThat(requests.getValue().publishBatchRequestEntries()).hasSize(1);
        }

        @Test
        void nothingToPublishMakesNoCall() {
            assertThat(notifier.publish(List.of())).isEmpty();
            verify(sns, times(0)).publishBatch(any(PublishBatchRequest.class));
        }

        @Test
        void anEntryTheAnswerLeavesOutIsUnknownAndNotSentAgainWhileAThrottledOneIs() {
            List<Alert> alerts = IntStream.range(0, 3).mapToObj(i -> TestAlerts.price("iren-ytd", "IREN", Integer.toString(i))).toList();
            Map<String, Integer> attempts = new HashMap<>();
            answer(r -> {
                List<PublishBatchResultEntry> ok = new ArrayList<>();
                List<BatchResultErrorEntry> failed = new ArrayList<>();
                for (PublishBatchRequestEntry e : r.publishBatchRequestEntries()) {
                    int n = attempts.merge(alertIdOf(e), 1, Integer::sum);
                    if (alertIdOf(e).endsWith(":0")) {
                        ok.add(PublishBatchResultEntry.builder().id(e.id()).messageId("mid-" + alertIdOf(e)).build());
                    } else if (alertIdOf(e).endsWith(":1") && n == 1) {
                        failed.add(BatchResultErrorEntry.builder().id(e.id()).code("Throttling").message("Rate exceeded").senderFault(true).build());
                    } else if (alertIdOf(e).endsWith(":1")) {
                        ok.add(PublishBatchResultEntry.builder().id(e.id()).messageId("mid-" + alertIdOf(e)).build());
                    }
                }
                return PublishBatchResponse.builder().successful(ok).failed(failed).build();
            });

            List<Delivery> result = notifier.publish(alerts);

            assertThat(result.subList(0, 2)).containsExactly(new Delivery.Sent("mid-" + alerts.get(0).id()),
                    new Delivery.Sent("mid-" + alerts.get(1).id()));
            assertThat(result.get(2)).isInstanceOfSatisfying(Delivery.Unknown.class, u -> assertThat(u.reason()).contains("without a result"));
            assertThat(attempts).containsEntry(alerts.get(2).id(), 1).containsEntry(alerts.get(1).id(), 2);
        }
    }

    /** Which failed calls certainly did not publish, from what the SDK reports. */
    @Nested
    class Outcomes {
        static Stream<Arguments> clientFailures() {
            return Stream.of(
                    Arguments.of("connection refused", new ConnectException("Connection refused"), Delivery.Failed.class),
                    Arguments.of("no route to host", new NoRouteToHostException("No route to host"), Delivery.Failed.class),
                    Arguments.of("unknown host", new UnknownHostException("sns.us-east-1.amazonaws.com"), Delivery.Failed.class),
                    Arguments.of("TLS handshake", new SSLHandshakeException("PKIX path building failed"), Delivery.Failed.class),
                    Arguments.of("connect timeout", new SocketTimeoutException("Connect timed out"), Delivery.Failed.class),
                    Arguments.of("read timeout", new SocketTimeoutException("Read timed out"), Delivery.Unknown.class),
                    Arguments.of("connection reset", new SocketException("Connection reset"), Delivery.Unknown.class),
                    Arguments.of("end of stream", new IOException("Unexpected end of file from server"), Delivery.Unknown.class),
                    Arguments.of("no cause", null, Delivery.Unknown.class));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("clientFailures")
        void aClientFailureIsCertainOnlyWhenTheConnectionWasNeverMade(String name, Throwable cause, Class<? extends Delivery> outcome) {
            SdkClientException e = SdkClientException.builder().message("Unable to execute HTTP request: " + name)
                    .cause(cause == null ? null : new UncheckedIOException(new IOException(cause))).build();

            assertThat(SnsNotifier.outcomeOf(e)).isInstanceOf(outcome);
        }

        @ParameterizedTest
        @CsvSource({
                "400, Throttling, Failed",
                "400, InvalidParameter, Failed",
                "400, KMSAccessDenied, Failed",
                "403, AuthorizationError, Failed",
                "404, NotFound, Failed",
                "500, InternalError, Unknown",
                "502, BadGateway, Unknown",
                "503, ServiceUnavailable, Unknown",
                "504, GatewayTimeout, Unknown",
        })
        void anAnswerFromSnsIsCertainWhenItIsA4xx(int status, String code, String outcome) {
            AwsServiceException e = AwsServiceException.builder().statusCode(status)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build()).build();

            assertThat(SnsNotifier.outcomeOf(e)).extracting(d -> d.getClass().getSimpleName()).isEqualTo(outcome);
            assertThat(SnsNotifier.outcomeOf(e).toString()).contains("HTTP " + status + " " + code, code + " happened");
        }
    }

    /** Delivery through a real SNS/SQS emulator, with subscribers' filter policies. */
    @Nested
    @EmulatorTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ThroughFauxqs {
        private AwsClients clients;
        private SnsSqsFixture queues;
        private String topicArn;
        private final Map<String, String> queueUrls = new LinkedHashMap<>();

        @BeforeAll
        void start(Emulators emulators) {
            URI fauxqs = emulators.fauxqs().endpoint();
            Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", fauxqs.toString());
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            clients = AwsClients.withCredentials(env, credentials);
            queues = new SnsSqsFixture(clients.sns(), fauxqs);
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
        void topicAndQueues() {
            String run = Long.toString(System.nanoTime());
            topicArn = clients.sns().createTopic(b -> b.name("alerts-" + run)).topicArn();
            queueUrls.clear();
            subscribe("nvda-iren-" + run, "{\"symbol\":[\"NVDA\",\"IREN\"]}");
            subscribe("reminders-" + run, "{\"kind\":[\"earnings-reminder\"]}");
            subscribe("loud-" + run, "{\"severity\":[\"warning\",\"critical\"]}");
            subscribe("nvda-reminders-" + run, "{\"symbol\":[\"NVDA\"],\"kind\":[\"earnings-reminder\"]}");
            subscribe("everything-" + run, null);
        }

        private void subscribe(String queue, String filterPolicy) {
            queueUrls.put(queue.substring(0, queue.lastIndexOf('-')), queues.subscribedQueue(topicArn, queue, filterPolicy).url());
        }

        /** The {@code expected} messages of a queue and any copy beyond them. */
        private List<Message> receive(String queue, int expected) {
            return queues.receive(queueUrls.get(queue), expected);
        }

        /** The queue receives these alerts, one copy of each, and nothing else. */
        private void assertReceives(String queue, Alert... expected) {
            List<String> ids = receive(queue, expected.length).stream().map(m -> alertJsonOf(m).get("id").asText()).toList();
            assertThat(ids).as("alert ids on queue " + queue)
                    .containsExactlyInAnyOrderElementsOf(Stream.of(expected).map(Alert::id).toList());
        }

        @Test
        void eachQueueReceivesExactlyTheAlertsItsFilterPolicySelects() {
            Alert nvdaReminder = alert("big-tech-earnings", "NVDA", AlertKind.EARNINGS_REMINDER, Severity.INFO,
                    "NVDA reports earnings tomorrow (2026-02-25, after the close)");
            Alert msftReminder = alert("big-tech-earnings", "MSFT", AlertKind.EARNINGS_REMINDER, Severity.INFO,
                    "MSFT reports earnings in 7 days");
            Alert irenYtd = alert("iren-ytd", "IREN", AlertKind.PRICE, Severity.INFO, "IREN up 47.1% since 2026-01-01");
            Alert btc = alert("btc-80k", "BTC-USD", AlertKind.PRICE, Severity.WARNING, "BTC-USD crossed below 80000");
            Alert nvdaSurprise = alert("big-tech-earnings", "NVDA", AlertKind.EARNINGS_SURPRISE, Severity.CRITICAL,
                    "NVDA beat the EPS estimate by 12.3%");
            Alert hut = alert("miners-big-day", "HUT", AlertKind.PRICE, Severity.INFO, "HUT down 9.1% over 1 day");
            List<Alert> alerts = List.of(nvdaReminder, msftReminder, irenYtd, btc, nvdaSurprise, hut);

            List<Delivery> result = new SnsNotifier(clients.sns(), topicArn).publish(alerts);

            assertThat(result).allSatisfy(d -> assertThat(d).isInstanceOf(Delivery.Sent.class));
            assertThat(result).extracting(d -> ((Delivery.Sent) d).messageId()).doesNotHaveDuplicates();
            assertReceives("nvda-iren", nvdaReminder, irenYtd, nvdaSurprise);
            assertReceives("reminders", nvdaReminder, msftReminder);
            assertReceives("loud", btc, nvdaSurprise);
            assertReceives("nvda-reminders", nvdaReminder);
            assertReceives("everything", alerts.toArray(Alert[]::new));
        }

        @Test
        void aQueueSubscriberReadsTheAlertJsonAndTheFilterAttributes() {
            Alert btc = alert("btc-80k", "BTC-USD", AlertKind.PRICE, Severity.WARNING, "BTC-USD crossed below 80000");

            new SnsNotifier(clients.sns(), topicArn).publish(List.of(btc));

            List<Message> messages = receive("everything", 1);
            assertThat(messages).hasSize(1);
            JsonNode alertJson = alertJsonOf(messages.get(0));
            assertThat(alertJson.toString()).isEqualTo(AlertJson.write(btc));
            assertThat(AlertJson.read(alertJson.toString())).isEqualTo(btc);
            List<String> fields = new ArrayList<>();
            alertJson.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("version", "id", "rule", "symbol", "kind", "severity", "title", "text", "triggeredAt",
                    "observed", "source");
            JsonNode envelope = json(messages.get(0).body());
            assertThat(envelope.path("Subject").asText()).isEqualTo(AlertFormats.subject(btc));
            Map<String, String> attributes = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = envelope.path("MessageAttributes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                attributes.put(e.getKey(), e.getValue().path("Value").asText());
            }
            assertThat(attributes).containsEntry("symbol", "BTC-USD").containsEntry("kind", "price")
                    .containsEntry("rule", "btc-80k").containsEntry("severity", "warning");
        }
    }
}
