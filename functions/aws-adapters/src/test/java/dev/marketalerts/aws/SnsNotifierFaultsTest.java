package dev.marketalerts.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.Notifier.Delivery;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;
import dev.marketalerts.core.testing.StaticEarningsCalendar;
import dev.marketalerts.core.testing.StaticPriceFeed;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Every way a PublishBatch call can end, through the SNS client {@link AwsClients} builds, against WireMock speaking
 * SNS's Query protocol: whether the alert counts as sent, certainly not published, or possibly published, and how many
 * requests reached the server (a possibly published request must never be sent twice).
 */
class SnsNotifierFaultsTest {
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:alerts";
    private static final String XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final AwsClients.Timeouts QUICK = new AwsClients.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));

    @RegisterExtension
    static WireMockExtension sns = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private AwsClients clients;

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    private SnsNotifier notifier(String endpoint) {
        clients = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SNS", endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), QUICK);
        return new SnsNotifier(clients.sns(), TOPIC, 3, Duration.ofMillis(1), d -> { });
    }

    /** Warms WireMock and the SDK up, so that a first answer's slowness is not taken for a timeout. */
    @BeforeAll
    static void warmUp() {
        answerInTurn(List.of(xml(200, published("a0", "mid-0"))));
        try (AwsClients warm = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SNS", sns.baseUrl()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            new SnsNotifier(warm.sns(), TOPIC).publish(List.of(TestAlerts.price("iren-ytd", "IREN", "0")));
        }
        sns.resetAll();
    }

    /**
     * One way a call ends: SNS's answers in turn (the last repeats), the outcome with a word of its reason, and how many
     * requests SNS saw.
     */
    record Case(String name, List<ResponseDefinitionBuilder> answers, Class<? extends Delivery> outcome, String reason, int requests) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("published", List.of(xml(200, published("a0", "mid-1"))), Delivery.Sent.class, "mid-1", 1),
                new Case("connection reset after the request", List.of(fault(Fault.CONNECTION_RESET_BY_PEER)), Delivery.Unknown.class,
                        "reset", 1),
                new Case("connection closed without an answer", List.of(fault(Fault.EMPTY_RESPONSE)), Delivery.Unknown.class,
                        "sent but not answered", 1),
                new Case("garbage, then the connection closed", List.of(fault(Fault.RANDOM_DATA_THEN_CLOSE)), Delivery.Unknown.class,
                        "sent but not answered", 1),
                new Case("a malformed chunk", List.of(fault(Fault.MALFORMED_RESPONSE_CHUNK)), Delivery.Unknown.class,
                        "sent but not answered", 1),
                new Case("no answer within the socket timeout", List.of(xml(200, published("a0", "mid-1")).withFixedDelay(3_000)),
                        Delivery.Unknown.class, "Read timed out", 1),
                new Case("an answer trickling past the attempt timeout", List.of(xml(200, published("a0", "mid-1"))
                        .withChunkedDribbleDelay(40, 4_000)), Delivery.Unknown.class, "2000", 1),
                new Case("HTTP 500 InternalError", List.of(xml(500, error("Receiver", "InternalError", "Internal error"))),
                        Delivery.Unknown.class, "HTTP 500", 1),
                new Case("HTTP 503 ServiceUnavailable", List.of(xml(503, error("Receiver", "ServiceUnavailable", "Unavailable"))),
                        Delivery.Unknown.class, "HTTP 503", 1),
                new Case("an unreadable 200 answer", List.of(xml(200, "<PublishBatchResponse><PublishBatchResult><Succ")), Delivery.Unknown.class,
                        "sent but not answered", 1),
                new Case("an answer that does not mention the entry", List.of(xml(200, answer("", ""))), Delivery.Unknown.class,
                        "without a result", 1),
                new Case("HTTP 403 AuthorizationError", List.of(xml(403, error("Sender", "AuthorizationError", "not authorized to publish"))),
                        Delivery.Failed.class, "HTTP 403 AuthorizationError", 1),
                new Case("HTTP 400 InvalidParameter", List.of(xml(400, error("Sender", "InvalidParameter", "Invalid parameter: TopicArn"))),
                        Delivery.Failed.class, "HTTP 400 InvalidParameter", 1),
                new Case("HTTP 400 KMSDisabled", List.of(xml(400, error("Sender", "KMSDisabled", "The key is disabled"))), Delivery.Failed.class,
                        "HTTP 400 KMSDisabled", 1),
                new Case("HTTP 400 Throttling, then published", List.of(throttled(), xml(200, published("a0", "mid-1"))), Delivery.Sent.class,
                        "mid-1", 2),
                new Case("HTTP 400 Throttling on every attempt", List.of(throttled()), Delivery.Failed.class, "HTTP 400 Throttling", 3),
                new Case("HTTP 400 Throttling, then the connection reset", List.of(throttled(), fault(Fault.CONNECTION_RESET_BY_PEER)),
                        Delivery.Unknown.class, "reset", 2),
                new Case("the entry refused as InvalidParameter", List.of(xml(200, entryFailed("a0", "InvalidParameter", true))),
                        Delivery.Failed.class, "InvalidParameter", 1),
                new Case("the entry throttled, then published", List.of(xml(200, entryFailed("a0", "Throttling", true)),
                        xml(200, published("a0", "mid-1"))), Delivery.Sent.class, "mid-1", 2),
                new Case("the entry failed on SNS's side, then published", List.of(xml(200, entryFailed("a0", "InternalError", false)),
                        xml(200, published("a0", "mid-1"))), Delivery.Sent.class, "mid-1", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachWayACallEndsHasItsOutcomeAndNoPossiblyPublishedRequestIsSentAgain(Case c) {
        answerInTurn(c.answers());

        List<Delivery> result = notifier(sns.baseUrl()).publish(List.of(TestAlerts.price("iren-ytd", "IREN", "1")));

        assertThat(result).singleElement().isInstanceOf(c.outcome()).asString().contains(c.reason());
        assertThat(sns.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(c.requests())
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains("Action=PublishBatch"));
    }

    @Test
    void aRefusedConnectionIsCertainlyNotPublished() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        List<Delivery> result = notifier("http://127.0.0.1:" + closedPort).publish(List.of(TestAlerts.price("iren-ytd", "IREN", "1")));

        assertThat(result).singleElement().isInstanceOfSatisfying(Delivery.Failed.class,
                f -> assertThat(f.reason()).contains("not sent"));
    }

    @Test
    void theReasonsSayWhatSnsAnswered() {
        answerInTurn(List.of(xml(500, error("Receiver", "InternalError", "Internal error"))));
        Delivery serverError = notifier(sns.baseUrl()).publish(List.of(TestAlerts.price("iren-ytd", "IREN", "1"))).get(0);
        sns.resetAll();
        answerInTurn(List.of(xml(403, error("Sender", "AuthorizationError", "not authorized to publish"))));
        Delivery refused = notifier(sns.baseUrl()).publish(List.of(TestAlerts.price("iren-ytd", "IREN", "1"))).get(0);

        assertThat(serverError).isInstanceOfSatisfying(Delivery.Unknown.class,
                u -> assertThat(u.reason()).contains("HTTP 500", "InternalError", "Internal error"));
        assertThat(refused).isInstanceOfSatisfying(Delivery.Failed.class,
                f -> assertThat(f.reason()).contains("HTTP 403", "AuthorizationError", "not authorized to publish"));
    }

    @Test
    void aBatchWhoseAnswerIsLostDoesNotStopTheNextBatch() {
        List<Alert> alerts = IntStream.range(0, 12).mapToObj(i -> TestAlerts.price("iren-ytd", "IREN", Integer.toString(i))).toList();
        // the first batch (entries a0..a9) loses its answer; the second (a10, a11) is published
        sns.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Id=a0")).willReturn(fault(Fault.CONNECTION_RESET_BY_PEER)));
        sns.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Id=a10")).willReturn(xml(200,
                answer(member("a10", "mid-10") + member("a11", "mid-11"), ""))));

        List<Delivery> result = notifier(sns.baseUrl()).publish(alerts);

        assertThat(result.subList(0, 10)).allSatisfy(d -> assertThat(d).isInstanceOf(Delivery.Unknown.class));
        assertThat(result.subList(10, 12)).containsExactly(new Delivery.Sent("mid-10"), new Delivery.Sent("mid-11"));
        assertThat(sns.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(2);
    }

    /**
     * The whole protocol on one alert: the job publishes an unknown outcome once more in the tick, under a new claim
     * attempt, so SNS sees at most two copies when one answer is lost; a certain failure waits for the next tick.
     */
    @Nested
    class ThroughTheJob {
        private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
        private static final String ALERT_ID = "btc-above-80k:BTC-USD:price:2026-03-02";
        private final InMemoryAlertStateStore store = new InMemoryAlertStateStore();

        private TickSummary tick() throws Exception {
            AlertsConfig config = new AlertsConfig(ZoneId.of("America/New_York"), List.of(new Instrument("BTC-USD", Market.CRYPTO, "Bitcoin")),
                    List.of(new RuleConfig("btc-above-80k", List.of("BTC-USD"), ConditionParser.parse("price >= 80000"), null, Trigger.DAILY,
                            null, null, Severity.WARNING, null)),
                    ProvidersConfig.defaults());
            StaticPriceFeed prices = new StaticPriceFeed().quote("BTC-USD", "84000", T0.minusSeconds(60));
            AlertJob job = new AlertJob(config, prices, new StaticEarningsCalendar(), store, notifier(sns.baseUrl()),
                    Clock.fixed(T0, ZoneOffset.UTC), AlertJob.DeliveryPolicy.DEFAULT.withRetryPause(Duration.ZERO), null);
            return job.run(JobKind.PRICE, T0);
        }

        /** SNS's answers in turn, what the tick counts, how many copies SNS saw, and whether the alert is still owed. */
        record JobCase(String name, List<ResponseDefinitionBuilder> answers, int sent, int failed, int requests, boolean owed) {
            @Override
            public String toString() {
                return name;
            }
        }

        static Stream<JobCase> cases() {
            return Stream.of(
                    new JobCase("published", List.of(xml(200, published("a0", "mid-1"))), 1, 0, 1, false),
                    new JobCase("the answer lost once", List.of(fault(Fault.CONNECTION_RESET_BY_PEER), xml(200, published("a0", "mid-2"))),
                            1, 0, 2, false),
                    new JobCase("HTTP 500 once", List.of(xml(500, error("Receiver", "InternalError", "Internal error")),
                            xml(200, published("a0", "mid-2"))), 1, 0, 2, false),
                    new JobCase("the answer lost twice", List.of(fault(Fault.EMPTY_RESPONSE)), 0, 1, 2, true),
                    new JobCase("HTTP 403 AuthorizationError", List.of(xml(403, error("Sender", "AuthorizationError", "not authorized"))),
                            0, 1, 1, true),
                    new JobCase("throttled, then published", List.of(throttled(), xml(200, published("a0", "mid-1"))), 1, 0, 2, false));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        void anUnknownOutcomeIsPublishedOnceMoreInTheTickAndACertainFailureWaits(JobCase c) throws Exception {
            answerInTurn(c.answers());

            TickSummary summary = tick();

            assertThat(summary.sent()).as("sent").isEqualTo(c.sent());
            assertThat(summary.failed()).as("failed").isEqualTo(c.failed());
            assertThat(sns.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(c.requests())
                    .allSatisfy(r -> assertThat(URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8)).contains(ALERT_ID));
            assertThat(store.isPending(ALERT_ID)).as("still owed").isEqualTo(c.owed());
        }
    }

    private static void answerInTurn(List<ResponseDefinitionBuilder> answers) {
        for (int i = 0; i < answers.size(); i++) {
            ScenarioMappingBuilder m = post(urlEqualTo("/")).inScenario("answers")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer-" + i);
            if (i < answers.size() - 1) {
                m = m.willSetStateTo("answer-" + (i + 1));
            }
            sns.stubFor(m.willReturn(answers.get(i)));
        }
    }

    private static ResponseDefinitionBuilder fault(Fault fault) {
        return aResponse().withFault(fault);
    }

    private static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static ResponseDefinitionBuilder throttled() {
        return xml(400, error("Sender", "Throttling", "Rate exceeded"));
    }

    /** A PublishBatch answer in SNS's documented form: Successful and Failed lists of members. */
    private static String answer(String successful, String failed) {
        return "<PublishBatchResponse xmlns=\"" + XMLNS + "\"><PublishBatchResult>"
                + "<Successful>" + successful + "</Successful><Failed>" + failed + "</Failed>"
                + "</PublishBatchResult><ResponseMetadata><RequestId>7a9f6c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b</RequestId></ResponseMetadata>"
                + "</PublishBatchResponse>";
    }

    private static String member(String id, String messageId) {
        return "<member><Id>" + id + "</Id><MessageId>" + messageId + "</MessageId></member>";
    }

    private static String published(String id, String messageId) {
        return answer(member(id, messageId), "");
    }

    private static String entryFailed(String id, String code, boolean senderFault) {
        return answer("", "<member><Id>" + id + "</Id><Code>" + code + "</Code><Message>" + code + " for this entry</Message>"
                + "<SenderFault>" + senderFault + "</SenderFault></member>");
    }

    /** An SNS error answer (the Query protocol's ErrorResponse). */
    private static String error(String type, String code, String message) {
        return "<ErrorResponse xmlns=\"" + XMLNS + "\"><Error><Type>" + type + "</Type><Code>" + code + "</Code>"
                + "<Message>" + message + "</Message></Error><RequestId>2c8d1f0a-5e6b-4c7d-9e8f-1a2b3c4d5e6f</RequestId></ErrorResponse>";
    }
}
