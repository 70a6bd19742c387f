package dev.marketalerts.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.aws.testing.LocalEmulator;
import dev.marketalerts.aws.testing.SnsSqsFixture;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.testing.MutableClock;
import dev.marketalerts.core.testing.StaticEarningsCalendar;
import dev.marketalerts.core.testing.StaticPriceFeed;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.ThrottledException;

/**
 * Exactly-once delivery end to end: the real {@link AlertJob} with the DynamoDB store on dynalite and the SNS
 * notifier on fauxqs, counting what an SQS subscriber of the topic receives per alert id.
 */
class ExactlyOnceTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    /** How long the queue must stay empty before a drain is done: long enough for a duplicate to show up. */
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static LocalEmulator dynalite;
    private static LocalEmulator fauxqs;
    private static AwsClients clients;
    private static SnsSqsFixture queues;

    private final MutableClock clock = new MutableClock(T0);
    private final StaticPriceFeed prices = new StaticPriceFeed();
    private final StaticEarningsCalendar earnings = new StaticEarningsCalendar();
    private final Map<String, Integer> received = new TreeMap<>();
    private String table;
    private String topicArn;
    private String queueUrl;

    @BeforeAll
    static void startEmulators() {
        dynalite = LocalEmulator.dynalite();
        fauxqs = LocalEmulator.fauxqs();
        clients = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                "AWS_ENDPOINT_URL_SNS", fauxqs.endpoint().toString()), CREDENTIALS);
        queues = new SnsSqsFixture(clients.sns(), fauxqs.endpoint());
    }

    @AfterAll
    static void stopEmulators() {
        for (AutoCloseable c : new AutoCloseable[] {queues, clients, fauxqs, dynalite}) {
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
        DynamoAlertStateStore.createTable(clients.dynamoDb(), table);
        topicArn = clients.sns().createTopic(b -> b.name("alerts-" + run)).topicArn();
        queueUrl = queues.subscribedQueue(topicArn, "subscriber-" + run, null).url();
        // Both rules hold at every tick; "daily" makes the alert id the same for every copy of a tick on one day.
        prices.quote("BTC-USD", "84000", T0.minusSeconds(60)).quote("ETH-USD", "2500", T0.minusSeconds(60));
    }

    private static AlertsConfig config() throws Exception {
        return new AlertsConfig(NY,
                List.of(new Instrument("BTC-USD", Market.CRYPTO, "Bitcoin"), new Instrument("ETH-USD", Market.CRYPTO, "Ether")),
                List.of(rule("btc-above-80k", "BTC-USD", "price >= 80000"), rule("eth-above-2k", "ETH-USD", "price >= 2000")),
                ProvidersConfig.defaults());
    }

    private static RuleConfig rule(String id, String symbol, String when) throws Exception {
        return new RuleConfig(id, List.of(symbol), ConditionParser.parse(when), null, Trigger.DAILY, null, null, Severity.WARNING, null);
    }

    private static final List<String> EXPECTED_IDS = List.of("btc-above-80k:BTC-USD:price:2026-03-02", "eth-above-2k:ETH-USD:price:2026-03-02");

    private DynamoAlertStateStore dynamoStore() {
        return new DynamoAlertStateStore(clients.dynamoDb(), table);
    }

    private SnsNotifier snsNotifier(SnsClient sns) {
        return new SnsNotifier(sns, topicArn, 4, Duration.ofMillis(20), d -> Thread.sleep(d.toMillis()));
    }

    private AlertJob job(AlertStateStore store, Notifier notifier) throws Exception {
        return new AlertJob(config(), prices, earnings, store, notifier, clock);
    }

    private AlertJob realJob() throws Exception {
        return job(dynamoStore(), snsNotifier(clients.sns()));
    }

    /** Moves the clock past the lease of the claims a crashed tick left, keeping the quotes fresh. */
    private void nextTickAfterTheLease() {
        clock.set(clock.instant().plus(AlertJob.DEFAULT_LEASE).plusSeconds(60));
        prices.quote("BTC-USD", "84000", clock.instant().minusSeconds(60)).quote("ETH-USD", "2500", clock.instant().minusSeconds(60));
    }

    /** Receives (and deletes) everything on the queue until it has been quiet for {@link #QUIET}; counts by alert id. */
    private Map<String, Integer> drain() {
        Map<String, Integer> now = new TreeMap<>();
        for (JsonNode alert : queues.drainAlerts(queueUrl, QUIET)) {
            now.merge(alert.get("id").asText(), 1, Integer::sum);
        }
        now.forEach((id, n) -> received.merge(id, n, Integer::sum));
        return now;
    }

    private int total() {
        return received.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void log(String scenario) {
        System.out.println("ExactlyOnceTest: " + scenario + ": " + total() + " messages for " + received.size() + " alerts " + received);
    }

    @Test
    void sameTickReplayedThreeTimesInSequenceSendsEachAlertOnce() throws Exception {
        List<TickSummary> summaries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            summaries.add(realJob().run(JobKind.PRICE, T0));
        }
        drain();

        log("replay x3 in sequence");
        assertThat(received).containsOnlyKeys(EXPECTED_IDS).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(summaries).extracting(TickSummary::sent).containsExactly(2, 0, 0);
    }

    @Test
    void sameTickRunThreeTimesConcurrentlySendsEachAlertOnce() throws Exception {
        int copies = 3;
        List<AlertJob> jobs = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            jobs.add(realJob());
        }
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        List<TickSummary> summaries = new ArrayList<>();
        try {
            CountDownLatch ready = new CountDownLatch(copies);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TickSummary>> futures = new ArrayList<>();
            for (AlertJob job : jobs) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return job.run(JobKind.PRICE, T0);
                }));
            }
            ready.await();
            go.countDown();
            for (Future<TickSummary> f : futures) {
                summaries.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        drain();

        log("3 concurrent copies (sent/duplicates per copy: " + summaries.stream().map(s -> s.sent() + "/" + s.duplicates()).toList() + ")");
        assertThat(received).containsOnlyKeys(EXPECTED_IDS).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(summaries.stream().mapToInt(TickSummary::sent).sum()).isEqualTo(EXPECTED_IDS.size());
        assertThat(summaries).allSatisfy(s -> assertThat(s.failed()).isZero());
    }

    @Test
    void crashAfterClaimBeforePublishIsDeliveredByTheNextTick() throws Exception {
        SnsNotifier real = snsNotifier(clients.sns());
        AtomicInteger publishes = new AtomicInteger();
        Notifier crashesOnce = alerts -> {
            if (publishes.incrementAndGet() == 1) {
                throw new IllegalStateException("process killed after claiming, before publishing");
            }
            return real.publish(alerts);
        };
        AlertJob job = job(dynamoStore(), crashesOnce);

        assertThatThrownBy(() -> job.run(JobKind.PRICE, clock.instant())).hasMessageContaining("process killed");
        assertThat(drain()).as("nothing published by the crashed tick").isEmpty();
        nextTickAfterTheLease();
        TickSummary next = job.run(JobKind.PRICE, clock.instant());
        drain();
        nextTickAfterTheLease();
        TickSummary third = job.run(JobKind.PRICE, clock.instant());
        drain();

        log("crash after claim, before publish");
        assertThat(received).containsOnlyKeys(EXPECTED_IDS).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(next.sent()).isEqualTo(EXPECTED_IDS.size());
        assertThat(third.sent()).isZero();
    }

    @Test
    void crashAfterPublishBeforeRecordIsDeliveredWithAtMostOneDuplicate() throws Exception {
        AtomicInteger records = new AtomicInteger();
        AlertStateStore crashesOnRecord = new DelegatingStore(dynamoStore()) {
            @Override
            public void recordSent(String alertId, String token, String messageId, Instant at) {
                if (records.incrementAndGet() == 1) {
                    // the process dies (a failing store would be reported and the tick would go on)
                    throw new IllegalStateException("process killed after publishing, before recording " + alertId);
                }
                super.recordSent(alertId, token, messageId, at);
            }
        };
        AlertJob job = job(crashesOnRecord, snsNotifier(clients.sns()));

        assertThatThrownBy(() -> job.run(JobKind.PRICE, clock.instant())).hasMessageContaining("process killed");
        Map<String, Integer> published = drain();
        nextTickAfterTheLease();
        TickSummary next = job.run(JobKind.PRICE, clock.instant());
        drain();
        nextTickAfterTheLease();
        TickSummary third = job.run(JobKind.PRICE, clock.instant());
        Map<String, Integer> afterThird = drain();

        log("crash after publish, before record");
        assertThat(published).as("the crashed tick published before it could record").containsOnlyKeys(EXPECTED_IDS);
        assertThat(received).containsOnlyKeys(EXPECTED_IDS).allSatisfy((id, n) -> assertThat(n).as(id).isBetween(1, 2));
        assertThat(next.sent()).as("the unrecorded claims are delivered again").isEqualTo(EXPECTED_IDS.size());
        assertThat(third.sent()).isZero();
        assertThat(afterThird).isEmpty();
    }

    @Test
    void snsThrottlingIsRetriedAndNothingIsLost() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SnsClient throttling = new ThrottlingSns(clients.sns(), calls);
        AlertJob job = job(dynamoStore(), snsNotifier(throttling));

        TickSummary summary = job.run(JobKind.PRICE, clock.instant());
        drain();

        log("SNS throttled twice");
        assertThat(calls.get()).as("a throttled call, a throttled batch, then the delivering call").isEqualTo(3);
        assertThat(received).containsOnlyKeys(EXPECTED_IDS).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(summary.sent()).isEqualTo(EXPECTED_IDS.size());
        assertThat(summary.failed()).isZero();
        assertThat(summary.problems()).isEmpty();
    }

    @Test
    void dynamoUnavailableFailsLoudlyAndSendsNothing() throws Exception {
        String unreachable = "http://127.0.0.1:" + closedPort();
        try (AwsClients down = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB", unreachable),
                CREDENTIALS)) {
            AlertJob job = job(new DynamoAlertStateStore(down.dynamoDb(), table), snsNotifier(clients.sns()));

            assertThatThrownBy(() -> job.run(JobKind.PRICE, clock.instant()))
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("DynamoDB table " + table);
        }
        drain();

        log("DynamoDB unavailable");
        assertThat(received).isEmpty();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** The real SNS client, except that its first call is throttled outright and its second has every entry throttled. */
    private static final class ThrottlingSns implements SnsClient {
        private final SnsClient real;
        private final AtomicInteger calls;

        ThrottlingSns(SnsClient real, AtomicInteger calls) {
            this.real = real;
            this.calls = calls;
        }

        @Override
        public PublishBatchResponse publishBatch(PublishBatchRequest request) {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw ThrottledException.builder().statusCode(400).message("Rate exceeded")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build()).build();
            }
            if (n == 2) {
                return PublishBatchResponse.builder().failed(request.publishBatchRequestEntries().stream()
                        .map(e -> BatchResultErrorEntry.builder().id(e.id()).code("Throttling").message("Rate exceeded").senderFault(true).build())
                        .toList()).build();
            }
            return real.publishBatch(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
        }
    }

    /** A store that passes every call to another; tests override the call they break. */
    private static class DelegatingStore implements AlertStateStore {
        private final AlertStateStore delegate;

        DelegatingStore(AlertStateStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys) {
            return delegate.ruleStates(keys);
        }

        @Override
        public void saveRuleState(RuleKey key, RuleState state) {
            delegate.saveRuleState(key, state);
        }

        @Override
        public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
            return delegate.claim(alert, now, lease);
        }

        @Override
        public void recordSent(String alertId, String token, String messageId, Instant at) {
            delegate.recordSent(alertId, token, messageId, at);
        }

        @Override
        public void retryLater(String alertId, String token, Instant dueAt, String outcome) {
            delegate.retryLater(alertId, token, dueAt, outcome);
        }

        @Override
        public List<PendingAlert> dueClaims(Instant now) {
            return delegate.dueClaims(now);
        }

        @Override
        public Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
            return delegate.earningsSnapshot(symbol);
        }

        @Override
        public void saveEarningsSnapshot(EarningsSnapshot snapshot) {
            delegate.saveEarningsSnapshot(snapshot);
        }

        @Override
        public void appendHistory(Alert alert, String messageId, Instant sentAt) {
            delegate.appendHistory(alert, messageId, sentAt);
        }

        @Override
        public List<Alert> history(int limit) {
            return delegate.history(limit);
        }
    }
}
