package dev.marketalerts.aws;

import static dev.marketalerts.aws.testing.FaultProxy.ALWAYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.aws.AwsClients.Timeouts;
import dev.marketalerts.aws.testing.FaultProxy;
import dev.marketalerts.aws.testing.FaultProxy.Fault;
import dev.marketalerts.aws.testing.FaultProxy.Kind;
import dev.marketalerts.aws.testing.GeneratedBlock;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.aws.testing.LocalEmulator;
import dev.marketalerts.aws.testing.SnsSqsFixture;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.AlertJob.DeliveryPolicy;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.StateStoreException;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.testing.StaticEarningsCalendar;
import dev.marketalerts.core.testing.StaticPriceFeed;
import dev.marketalerts.core.time.SettableClock;
import dev.marketalerts.lambda.DecisionLog;
import dev.marketalerts.lambda.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The delivery guarantee under faults, per alert id: never lost; exactly one copy when no outcome is ambiguous; one
 * more copy per publish whose answer was lost. The real {@link AlertJob}, {@link DynamoAlertStateStore} and
 * {@link SnsNotifier} talk to dynalite and fauxqs through a {@link FaultProxy} per service and per copy of the job;
 * an SQS queue subscribed to the topic counts what a subscriber receives. Each scenario adds a row to the README's
 * table of delivery guarantees, which the last test compares (or, with {@code -DupdateDocs=true}, rewrites).
 */
@EmulatorTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryFaultsTest {
    private static final String BLOCK = "delivery-guarantees-aws";
    private static final int DOCS = 1000;
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final List<String> IDS = List.of("btc-above-80k:BTC-USD:price:2026-03-02", "eth-above-2k:ETH-USD:price:2026-03-02");
    private static final List<String> RULE_ITEMS = List.of("RULE#btc-above-80k#BTC-USD", "RULE#eth-above-2k#ETH-USD");
    /** Long enough for a loaded machine never to time out an answer by accident; a late answer costs one of it. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    private static final Timeouts SHORT = new Timeouts(Duration.ofSeconds(1), SOCKET_TIMEOUT, SOCKET_TIMEOUT.multipliedBy(2));
    /** For a copy whose call is held while the test does something else. */
    private static final Timeouts PATIENT = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(90));
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final DeliveryPolicy POLICY = DeliveryPolicy.DEFAULT.withRetryPause(Duration.ofMillis(100));
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern REQUEST_ID = Pattern.compile("Request ID: [^,)]+");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final List<Row> ROWS = new CopyOnWriteArrayList<>();
    private static final AlertsConfig CONFIG = config();

    private static LocalEmulator dynalite;
    private static LocalEmulator fauxqs;
    private static AwsClients direct;
    private static SnsSqsFixture queues;

    private final SettableClock clock = new SettableClock(T0);
    private final StaticPriceFeed prices = new StaticPriceFeed();
    private final List<Copy> copies = new ArrayList<>();
    private final List<CountDownLatch> holds = new ArrayList<>();
    private final List<String> ticks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private String table;
    private String topicArn;
    private String queueUrl;

    /** One row of the README table. */
    private record Row(int order, String scenario, String copies, String ticks, String problems, String events) {
    }

    @BeforeAll
    static void startEmulators(Emulators emulators) {
        dynalite = emulators.dynalite();
        fauxqs = emulators.fauxqs();
        direct = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                "AWS_ENDPOINT_URL_SNS", fauxqs.endpoint().toString()), CREDENTIALS);
        queues = new SnsSqsFixture(direct.sns(), fauxqs.endpoint());
    }

    @AfterAll
    static void closeClients() {
        for (AutoCloseable c : new AutoCloseable[] {queues, direct}) {
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
    void freshTableTopicAndQueue() {
        String run = RUNS.incrementAndGet() + "-" + System.nanoTime();
        table = "alerts-state-" + run;
        DynamoAlertStateStore.createTable(direct.dynamoDb(), table);
        topicArn = direct.sns().createTopic(b -> b.name("alerts-" + run)).topicArn();
        queueUrl = queues.subscribedQueue(topicArn, "subscriber-" + run, null).url();
        freshQuotes();
    }

    @AfterEach
    void closeCopies() {
        holds.forEach(CountDownLatch::countDown);
        copies.forEach(Copy::close);
    }

    private static AlertsConfig config() {
        try {
            return new AlertsConfig(ZoneId.of("America/New_York"),
                    List.of(new Instrument("BTC-USD", Market.CRYPTO, "Bitcoin"), new Instrument("ETH-USD", Market.CRYPTO, "Ether")),
                    List.of(dailyRule("btc-above-80k", "BTC-USD", "price >= 80000"), dailyRule("eth-above-2k", "ETH-USD", "price >= 2000")),
                    ProvidersConfig.defaults());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Holds at every tick; "daily" gives every copy and every retry of a day's tick the same alert id. */
    private static RuleConfig dailyRule(String id, String symbol, String when) throws Exception {
        return new RuleConfig(id, List.of(symbol), ConditionParser.parse(when), null, Trigger.DAILY, null, null, Severity.WARNING, null);
    }

    /** One run of the job: its own proxies to DynamoDB and SNS, its own clients, the shared clock and prices. */
    private final class Copy implements AutoCloseable {
        final FaultProxy dynamo = FaultProxy.to(dynalite.endpoint()).delayAnswersBy(SOCKET_TIMEOUT.plusSeconds(1));
        final FaultProxy sns = FaultProxy.to(fauxqs.endpoint()).delayAnswersBy(SOCKET_TIMEOUT.plusSeconds(1));
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final DecisionLog decisions = new DecisionLog(new StructuredLog(new PrintStream(log, true, StandardCharsets.UTF_8), clock));
        final AwsClients clients;
        final AlertJob job;
        int unknown;
        /** False for a copy whose log is left out of the table: it crashed, or its events depend on timing. */
        boolean reported = true;

        Copy(Timeouts timeouts) {
            clients = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString(),
                    "AWS_ENDPOINT_URL_SNS", sns.endpoint().toString()), CREDENTIALS, timeouts);
            job = new AlertJob(CONFIG, prices, new StaticEarningsCalendar(), new DynamoAlertStateStore(clients.dynamoDb(), table),
                    new SnsNotifier(clients.sns(), topicArn, 4, Duration.ofMillis(20), d -> Thread.sleep(d.toMillis())), clock, POLICY,
                    decisions);
            copies.add(this);
        }

        TickSummary run() {
            decisions.reset();
            TickSummary summary = job.run(JobKind.PRICE, clock.instant());
            unknown = decisions.unknownOutcomes();
            return summary;
        }

        /** The log events an operator would look at: everything but the decisions and the deliveries. */
        List<String> events() {
            return log.toString(StandardCharsets.UTF_8).lines().map(SnsSqsFixture::json)
                    .map(l -> l.path("event").asText())
                    .filter(e -> !e.equals("decision") && !e.equals("alert-sent"))
                    .toList();
        }

        @Override
        public void close() {
            clients.close();
            dynamo.close();
            sns.close();
        }
    }

    // ---- ticks and what the operator sees ----

    private TickSummary tick(Copy copy) {
        return tick(copy, "tick " + (ticks.size() + 1) + minutesSinceT0());
    }

    private TickSummary tick(Copy copy, String label) {
        TickSummary summary = copy.run();
        seen(label, summary, copy.unknown);
        return summary;
    }

    private void seen(String label, TickSummary summary, int unknown) {
        ticks.add(label + ": " + counts(summary, unknown));
        problems.addAll(summary.problems());
    }

    private String minutesSinceT0() {
        long minutes = Duration.between(T0, clock.instant()).toMinutes();
        return minutes == 0 ? "" : " (+" + minutes + " min)";
    }

    /** The run's metrics, zeros left out, and whether the CLI would exit 1. */
    private static String counts(TickSummary s, int unknown) {
        List<String> parts = new ArrayList<>();
        if (s.sent() > 0) {
            parts.add("sent " + s.sent());
        }
        if (s.failed() > 0) {
            parts.add("failed " + s.failed() + (unknown > 0 ? " (unknown " + unknown + ")" : ""));
        }
        if (s.duplicates() > 0) {
            parts.add("duplicates " + s.duplicates());
        }
        if (s.deferred() > 0) {
            parts.add("deferred " + s.deferred());
        }
        return (parts.isEmpty() ? "nothing to send" : String.join(", ", parts)) + (s.hasFailures() ? " (exit 1)" : "");
    }

    private void later(Duration sinceT0) {
        clock.set(T0.plus(sinceT0));
        freshQuotes();
    }

    private void freshQuotes() {
        prices.quote("BTC-USD", "84000", clock.instant().minusSeconds(60)).quote("ETH-USD", "2500", clock.instant().minusSeconds(60));
    }

    private String normalize(String text) {
        String out = text;
        for (String id : IDS) {
            out = out.replace(id, "<id>");
        }
        out = out.replace(table, "<table>").replace(topicArn, "<topic>");
        out = UUID.matcher(out).replaceAll("<message-id>");
        return REQUEST_ID.matcher(out).replaceAll("Request ID: <request-id>").replace("|", "\\|");
    }

    private static String counted(List<String> lines) {
        Map<String, Integer> n = new LinkedHashMap<>();
        lines.forEach(l -> n.merge(l, 1, Integer::sum));
        return n.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " (×" + e.getValue() + ")" : "")).collect(Collectors.joining("<br>"));
    }

    private void row(TestInfo test, String scenario, int copiesEach) {
        int order = test.getTestMethod().orElseThrow().getAnnotation(Order.class).value();
        List<String> events = copies.stream().filter(c -> c.reported).flatMap(c -> c.events().stream()).toList();
        ROWS.add(new Row(order, scenario, Integer.toString(copiesEach), String.join("<br>", ticks),
                problems.isEmpty() ? "–" : counted(problems.stream().map(this::normalize).toList()),
                events.isEmpty() ? "–" : counted(events)));
    }

    // ---- what a subscriber received, and what the table holds ----

    private void assertEachAlertReceived(int copiesEach) {
        Map<String, Integer> received = new TreeMap<>();
        for (JsonNode alert : queues.receiveAlerts(queueUrl, copiesEach * IDS.size(), Duration.ofSeconds(10), QUIET)) {
            received.merge(alert.get("id").asText(), 1, Integer::sum);
        }
        Map<String, Integer> expected = new TreeMap<>();
        IDS.forEach(id -> expected.put(id, copiesEach));
        assertThat(received).as("copies per alert id on the subscriber's queue").isEqualTo(expected);
    }

    private Map<String, Map<String, AttributeValue>> items() {
        Map<String, Map<String, AttributeValue>> out = new TreeMap<>();
        direct.dynamoDb().scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(i -> out.put(i.get("pk").s() + " " + i.get("sk").s(), i));
        return out;
    }

    private void assertSettled() {
        assertSettled(1);
    }

    /** Read from the table itself: every claim recorded as sent, none due, each rule's day recorded, the history entries per alert. */
    private void assertSettled(int historyEntries) {
        Map<String, Map<String, AttributeValue>> items = items();
        Map<String, Map<String, AttributeValue>> claims = new TreeMap<>();
        items.values().stream().filter(i -> i.get("pk").s().startsWith("ALERT#")).forEach(i -> claims.put(i.get("alertId").s(), i));
        assertThat(claims).as("claims").containsOnlyKeys(IDS);
        claims.forEach((id, claim) -> {
            assertThat(claim.get("status").s()).as(id + " status").isEqualTo("SENT");
            assertThat(claim).as(id + " is not due").doesNotContainKey("pending");
            assertThat(claim.get("messageId")).as(id + " message id").isNotNull();
        });
        for (String rule : RULE_ITEMS) {
            assertThat(items.get(rule + " STATE")).as(rule).isNotNull();
            assertThat(items.get(rule + " STATE").get("lastFiredDay").s()).as(rule + " lastFiredDay").isEqualTo("2026-03-02");
        }
        Map<String, Integer> history = new TreeMap<>();
        items.values().stream().filter(i -> i.get("pk").s().equals("HISTORY"))
                .forEach(i -> history.merge(i.get("sk").s().substring(i.get("sk").s().indexOf('#') + 1), 1, Integer::sum));
        assertThat(history).as("history entries per alert id")
                .isEqualTo(historyEntries == 0 ? Map.of() : IDS.stream().collect(Collectors.toMap(id -> id, id -> historyEntries)));
    }

    private int attempts(String id) {
        return Integer.parseInt(items().get("ALERT#" + id + " CLAIM").get("attempts").n());
    }

    private boolean ruleStateSaved() {
        Map<String, Map<String, AttributeValue>> items = items();
        return RULE_ITEMS.stream().anyMatch(r -> items.containsKey(r + " STATE"));
    }

    // ---- scenarios ----

    @Test
    @Order(1)
    void withoutFaultsEachAlertIsSentOnceHoweverOftenTheTickRuns(TestInfo test) {
        Copy copy = new Copy(SHORT);

        TickSummary first = tick(copy);
        TickSummary replayed = tick(copy, "tick 1 again (a retried invocation)");
        later(Duration.ofMinutes(5));
        TickSummary next = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(replayed.triggered()).isZero();
        assertThat(next.triggered()).isZero();
        assertThat(copy.sns.calls(Kind.PUBLISH)).isOne();
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "no fault", 1);
    }

    @Test
    @Order(2)
    void threeCopiesOfATickAtOnceSendEachAlertOnce(TestInfo test) throws Exception {
        List<Copy> three = List.of(new Copy(SHORT), new Copy(SHORT), new Copy(SHORT));
        ExecutorService pool = Executors.newFixedThreadPool(three.size());
        List<TickSummary> summaries = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TickSummary>> runs = new ArrayList<>();
            for (Copy c : three) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return c.run();
                }));
            }
            go.countDown();
            for (Future<TickSummary> f : runs) {
                summaries.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        int sent = summaries.stream().mapToInt(TickSummary::sent).sum();
        int found = summaries.stream().mapToInt(s -> s.duplicates() + s.deferred()).sum();
        summaries.forEach(s -> problems.addAll(s.problems()));
        ticks.add("3 copies of tick 1 at once: sent " + sent + " in all; the claims were found by the others " + found + " times");

        assertThat(sent).isEqualTo(2);
        assertThat(found).isEqualTo(4);
        assertThat(summaries).allSatisfy(s -> assertThat(s.failed()).isZero());
        assertEachAlertReceived(1);
        assertSettled();
        copies.forEach(c -> c.reported = false);
        row(test, "none, 3 copies of the tick at once", 1);
    }

    @Test
    @Order(10)
    void aPublishResetBeforeSnsGotItIsRetriedInTheTickAndSentOnce(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.inject(Kind.PUBLISH, Fault.RESET_BEFORE_FORWARD, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(copy.sns.forwarded(Kind.PUBLISH)).isOne();
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "publish: connection reset before SNS read the request", 1);
    }

    @Test
    @Order(11)
    void aPublishWhoseAnswerIsLostIsSentTwiceInTheTick(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.inject(Kind.PUBLISH, Fault.DROP_ANSWER, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(copy.sns.forwarded(Kind.PUBLISH)).isEqualTo(2);
        assertThat(attempts(IDS.get(0))).as("each attempt is counted in the claim").isEqualTo(2);
        assertEachAlertReceived(2);
        assertSettled();
        row(test, "publish: SNS published, its answer lost (connection reset)", 2);
    }

    @Test
    @Order(12)
    void twoLostPublishAnswersMakeThreeCopiesOneAmbiguousAttemptEach(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.inject(Kind.PUBLISH, Fault.DROP_ANSWER, 2);

        TickSummary first = tick(copy);
        later(Duration.ofMinutes(1));
        TickSummary second = tick(copy);

        assertThat(first.failed()).isEqualTo(2);
        assertThat(second.sent()).isEqualTo(2);
        assertThat(copy.sns.forwarded(Kind.PUBLISH)).isEqualTo(3);
        assertEachAlertReceived(3);
        assertSettled();
        row(test, "publish: answer lost twice (both attempts of the tick)", 3);
    }

    @Test
    @Order(13)
    void aPublishAnsweredAfterTheTimeoutIsSentTwiceInTheTick(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.inject(Kind.PUBLISH, Fault.DELAY, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(copy.sns.forwarded(Kind.PUBLISH)).isEqualTo(2);
        assertEachAlertReceived(2);
        assertSettled();
        row(test, "publish: SNS published, answered after the client's timeout", 2);
    }

    @Test
    @Order(14)
    void aPublishAnswered500IsRetriedInTheTickAndSentOnce(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.inject(Kind.PUBLISH, Fault.ANSWER_500, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "publish: 500 InternalFailure (not published)", 1);
    }

    @Test
    @Order(15)
    void aThrottledPublishIsRetriedAndSentOnce(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.inject(Kind.PUBLISH, Fault.THROTTLE, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.problems()).isEmpty();
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "publish: throttled once", 1);
    }

    @Test
    @Order(16)
    void publishesThrottledForAWholeTickAreSentOnceByTheNextTick(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.inject(Kind.PUBLISH, Fault.THROTTLE, ALWAYS);

        TickSummary first = tick(copy);
        copy.sns.heal();
        later(Duration.ofMinutes(1));
        TickSummary second = tick(copy);

        assertThat(first.failed()).isEqualTo(2);
        assertThat(second.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "publish: throttled for the whole tick, healed by the next", 1);
    }

    @Test
    @Order(17)
    void whileSnsRefusesConnectionsTheAlertsWaitForTheNextTick(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.refuse();

        TickSummary first = tick(copy);
        copy.sns.heal();
        later(Duration.ofMinutes(1));
        TickSummary second = tick(copy);

        assertThat(first.failed()).isEqualTo(2);
        assertThat(second.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "SNS refuses connections for a tick", 1);
    }

    @Test
    @Order(20)
    void aClaimWhoseAnswerIsLostIsOursOnTheSdkRetryAndSentInTheSameTick(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.CLAIM, Fault.DROP_ANSWER, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(copy.dynamo.forwarded(Kind.CLAIM)).isEqualTo(3);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "claim: DynamoDB claimed, its answer lost", 1);
    }

    @Test
    @Order(21)
    void aClaimResetBeforeDynamoDbGotItIsRetriedBySdk(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.CLAIM, Fault.RESET_BEFORE_FORWARD, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(copy.dynamo.forwarded(Kind.CLAIM)).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "claim: connection reset before DynamoDB read the request", 1);
    }

    @Test
    @Order(22)
    void aClaimAnswered500IsRetriedBySdk(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.CLAIM, Fault.ANSWER_500, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "claim: 500 InternalServerError once", 1);
    }

    @Test
    @Order(23)
    void aThrottledClaimIsRetriedBySdk(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.CLAIM, Fault.THROTTLE, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "claim: throttled once", 1);
    }

    @Test
    @Order(24)
    void claimsFailingForAWholeTickPublishNothingAndTheNextTickSendsOnce(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.CLAIM, Fault.ANSWER_500, ALWAYS);

        TickSummary first = tick(copy);
        boolean stateSaved = ruleStateSaved();
        copy.dynamo.heal();
        later(Duration.ofMinutes(1));
        TickSummary second = tick(copy);

        assertThat(first.failed()).isEqualTo(2);
        assertThat(copy.sns.calls(Kind.PUBLISH)).as("publishes").isOne();
        assertThat(stateSaved).as("rule state saved by the failed tick").isFalse();
        assertThat(second.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "claim: 500 for the whole tick", 1);
    }

    @Test
    @Order(30)
    void aRecordWhoseAnswerIsLostIsHarmlessOnTheSdkRetry(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.RECORD, Fault.DROP_ANSWER, 1);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.problems()).isEmpty();
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "record: DynamoDB recorded, its answer lost", 1);
    }

    @Test
    @Order(31)
    void alertsPublishedButNotRecordedAreSentOnceMoreAfterTheLease(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.RECORD, Fault.ANSWER_500, ALWAYS);

        TickSummary first = tick(copy);
        copy.dynamo.heal();
        later(Duration.ofMinutes(1));
        TickSummary withinLease = tick(copy);
        later(AlertJob.DEFAULT_LEASE.plusMinutes(1));
        TickSummary afterLease = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.problems()).hasSize(2);
        assertThat(withinLease.sent()).isZero();
        assertThat(afterLease.sent()).isEqualTo(2);
        assertEachAlertReceived(2);
        assertSettled();
        row(test, "record: 500 for the whole tick (published, not recorded)", 2);
    }

    @Test
    @Order(32)
    void whenKeepingAFailedAlertOwedFailsTheLeaseDeliversItOnce(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.sns.inject(Kind.PUBLISH, Fault.THROTTLE, ALWAYS);
        copy.dynamo.inject(Kind.RETRY_LATER, Fault.ANSWER_500, ALWAYS);

        TickSummary first = tick(copy);
        copy.sns.heal();
        copy.dynamo.heal();
        later(Duration.ofMinutes(1));
        TickSummary withinLease = tick(copy);
        later(AlertJob.DEFAULT_LEASE.plusMinutes(1));
        TickSummary afterLease = tick(copy);

        assertThat(first.failed()).isEqualTo(2);
        assertThat(withinLease.sent()).isZero();
        assertThat(afterLease.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "retry-later: 500 for the whole tick, after a throttled publish", 1);
    }

    @Test
    @Order(40)
    void ruleStateNotSavedMakesTheNextTickFindTheAlertsSent(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.SAVE_STATE, Fault.ANSWER_500, ALWAYS);

        TickSummary first = tick(copy);
        copy.dynamo.heal();
        later(Duration.ofMinutes(1));
        TickSummary second = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.problems()).hasSize(2);
        assertThat(second.duplicates()).isEqualTo(2);
        assertThat(second.sent()).isZero();
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "save rule state: 500 for the whole tick", 1);
    }

    @Test
    @Order(45)
    void historyNotWrittenLeavesTheAlertsSentAndRecorded(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.HISTORY, Fault.ANSWER_500, ALWAYS);

        TickSummary first = tick(copy);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.problems()).hasSize(2);
        assertEachAlertReceived(1);
        assertSettled(0);
        row(test, "history: 500 for the whole tick", 1);
    }

    @Test
    @Order(50)
    void whenDueClaimsCannotBeListedTheTickFailsBeforeClaimingAndTheNextSendsOnce(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.inject(Kind.LIST_DUE, Fault.ANSWER_500, ALWAYS);

        assertThatThrownBy(copy::run).isInstanceOfSatisfying(StateStoreException.class,
                e -> ticks.add("tick 1: fails (the invocation errors): " + normalize(e.getMessage())));
        copy.dynamo.heal();
        later(Duration.ofMinutes(1));
        TickSummary second = tick(copy);

        assertThat(copy.dynamo.calls(Kind.CLAIM)).isEqualTo(2);
        assertThat(second.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "list due claims: 500 for the whole tick", 1);
    }

    @Test
    @Order(51)
    void whileDynamoDbRefusesConnectionsTheTickFailsAndTheNextSendsOnce(TestInfo test) {
        Copy copy = new Copy(SHORT);
        copy.dynamo.refuse();

        assertThatThrownBy(copy::run).isInstanceOfSatisfying(StateStoreException.class,
                e -> ticks.add("tick 1: fails (the invocation errors): " + normalize(e.getMessage())));
        copy.dynamo.heal();
        later(Duration.ofMinutes(1));
        TickSummary second = tick(copy);

        assertThat(copy.sns.calls(Kind.PUBLISH)).isOne();
        assertThat(second.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "DynamoDB refuses connections for a tick", 1);
    }

    @Test
    @Order(60)
    void aCopyHoldingTheClaimsDefersTheOtherAndItsFailedPublishIsSentOnceByTheNextTick(TestInfo test) throws Exception {
        Copy a = new Copy(PATIENT);
        Copy b = new Copy(SHORT);
        CountDownLatch release = held();
        a.sns.inject(Kind.PUBLISH, Fault.hold(release, Fault.THROTTLE), 1).inject(Kind.PUBLISH, Fault.THROTTLE, ALWAYS);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TickSummary> runA = pool.submit(a::run);
            a.sns.awaitCalls(Kind.PUBLISH, 1, Duration.ofSeconds(20));

            TickSummary copyB = tick(b, "copy B, while A holds the claims");
            assertThat(copyB.deferred()).isEqualTo(2);
            assertThat(b.dynamo.calls(Kind.SAVE_STATE)).as("rule state saved by B").isZero();
            release.countDown();
            TickSummary copyA = runA.get(60, TimeUnit.SECONDS);
            seen("copy A, its publish then throttled", copyA, a.unknown);
            assertThat(copyA.failed()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        later(Duration.ofMinutes(1));
        TickSummary next = tick(b);

        assertThat(next.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "two copies at once: A holds the claims while B runs, then A's publish fails (throttled)", 1);
    }

    @Test
    @Order(61)
    void aCopyThatCrashesHoldingTheClaimsIsDeliveredOnceAfterTheLease(TestInfo test) throws Exception {
        Copy a = new Copy(PATIENT);
        Copy b = new Copy(SHORT);
        a.sns.inject(Kind.PUBLISH, Fault.hold(held(), Fault.FORWARD), ALWAYS);
        Thread runA = new Thread(a::run, "copy-a");
        runA.setDaemon(true);
        runA.start();
        a.sns.awaitCalls(Kind.PUBLISH, 1, Duration.ofSeconds(20));

        TickSummary copyB = tick(b, "copy B, while A holds the claims");
        int savedByB = b.dynamo.calls(Kind.SAVE_STATE);
        a.reported = false;
        a.dynamo.close();
        a.sns.close();
        runA.interrupt();
        ticks.add("copy A: crashes while publishing (nothing reaches SNS)");
        later(Duration.ofMinutes(1));
        TickSummary withinLease = tick(b);
        later(AlertJob.DEFAULT_LEASE.plusMinutes(1));
        TickSummary afterLease = tick(b);

        assertThat(copyB.deferred()).isEqualTo(2);
        assertThat(savedByB).as("rule state saved by B").isZero();
        assertThat(withinLease.deferred()).isEqualTo(2);
        assertThat(afterLease.sent()).isEqualTo(2);
        assertEachAlertReceived(1);
        assertSettled();
        row(test, "two copies at once: A crashes holding the claims", 1);
    }

    @Test
    @Order(62)
    void aCopyThatCrashesAfterPublishingBeforeRecordingCausesOneMoreCopyAfterTheLease(TestInfo test) throws Exception {
        Copy a = new Copy(PATIENT);
        Copy b = new Copy(SHORT);
        a.dynamo.inject(Kind.RECORD, Fault.hold(held(), Fault.FORWARD), ALWAYS);
        Thread runA = new Thread(a::run, "copy-a");
        runA.setDaemon(true);
        runA.start();
        a.dynamo.awaitCalls(Kind.RECORD, 1, Duration.ofSeconds(20));

        a.reported = false;
        a.dynamo.close();
        a.sns.close();
        runA.interrupt();
        ticks.add("copy A: publishes, then crashes before recording");
        later(Duration.ofMinutes(1));
        TickSummary withinLease = tick(b);
        later(AlertJob.DEFAULT_LEASE.plusMinutes(1));
        TickSummary afterLease = tick(b);

        assertThat(a.sns.forwarded(Kind.PUBLISH)).isOne();
        assertThat(withinLease.deferred()).isEqualTo(2);
        assertThat(afterLease.sent()).isEqualTo(2);
        assertEachAlertReceived(2);
        assertSettled();
        row(test, "A crashes after publishing, before recording", 2);
    }

    private CountDownLatch held() {
        CountDownLatch latch = new CountDownLatch(1);
        holds.add(latch);
        return latch;
    }

    // ---- the README table ----

    @Test
    @Order(DOCS)
    void theReadmeTableIsWhatTheScenariosMeasured() throws IOException {
        long scenarios = Arrays.stream(getClass().getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class) && m.getAnnotation(Order.class).value() < DOCS).count();
        Assumptions.assumeTrue(ROWS.size() == scenarios, "the table needs every scenario of this class to have run and passed");
        Path readme = GeneratedBlock.repositoryRoot().resolve("README.md");
        String doc = Files.readString(readme, StandardCharsets.UTF_8);
        String measured = table();

        if (Boolean.getBoolean("updateDocs")) {
            Files.writeString(readme, GeneratedBlock.replace(doc, BLOCK, measured), StandardCharsets.UTF_8);
            return;
        }
        String documented = GeneratedBlock.read(doc, BLOCK);
        if (!documented.equals(measured)) {
            fail("README.md's table of delivery guarantees is not what DeliveryFaultsTest measured; regenerate it with\n"
                    + "  ./mvnw -B -ntp -pl functions/runtime verify -Dit.test=DeliveryFaultsTest -DupdateDocs=true\n"
                    + GeneratedBlock.diff(documented, measured));
        }
    }

    private static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| Fault between the job and DynamoDB / SNS | Copies per alert | Runs: summary counts | Problem lines | Log events |\n");
        out.append("|---|---|---|---|---|\n");
        ROWS.stream().sorted(Comparator.comparingInt(Row::order)).forEach(r -> out.append("| ").append(r.scenario()).append(" | ")
                .append(r.copies()).append(" | ").append(r.ticks()).append(" | ").append(r.problems()).append(" | ").append(r.events())
                .append(" |\n"));
        return out.toString().strip();
    }
}
