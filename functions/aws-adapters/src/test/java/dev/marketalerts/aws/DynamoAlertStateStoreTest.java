package dev.marketalerts.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.aws.testing.AlertStateStoreContractTest;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.aws.testing.LocalEmulator;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

@EmulatorTest
class DynamoAlertStateStoreTest extends AlertStateStoreContractTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static LocalEmulator dynalite;
    private static AwsClients clients;

    private DynamoDbClient dynamo;
    private String table;

    @BeforeAll
    static void startDynalite(Emulators emulators) {
        dynalite = emulators.dynalite();
        clients = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString()),
                CREDENTIALS);
    }

    @AfterAll
    static void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    @Override
    protected AlertStateStore newStore() {
        dynamo = clients.dynamoDb();
        table = "alerts-state-" + TABLES.incrementAndGet();
        DynamoAlertStateStore.createTable(dynamo, table);
        return new DynamoAlertStateStore(dynamo, table);
    }

    @Override
    protected AlertStateStore reopen() {
        return new DynamoAlertStateStore(dynamo, table);
    }

    @Test
    void createTableMakesTheSparseDueIndexAndToleratesAnExistingTable() {
        DynamoAlertStateStore.createTable(dynamo, table);

        TableDescription t = dynamo.describeTable(b -> b.tableName(table)).table();
        assertThat(t.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString()).containsExactly("pk:HASH", "sk:RANGE");
        assertThat(t.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(t.globalSecondaryIndexes()).singleElement().satisfies(i -> {
            assertThat(i.indexName()).isEqualTo(DynamoAlertStateStore.DUE_INDEX).isEqualTo("due-index");
            assertThat(i.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                    .containsExactly("pending:HASH", "leaseUntil:RANGE");
            assertThat(i.projection().projectionTypeAsString()).isEqualTo("ALL");
        });
        assertThat(t.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .containsExactlyInAnyOrder("pk:S", "sk:S", "pending:S", "leaseUntil:N");
    }

    @Test
    void onlyHistoryItemsCarryATtlAndTheyExpireAfter90Days() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        store.saveRuleState(new RuleKey("iren-ytd", "IREN"), RuleState.INITIAL);
        store.saveEarningsSnapshot(new EarningsSnapshot("NVDA", LocalDate.of(2026, 2, 25), true, "nasdaq", null));
        String token = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();
        store.claim(TestAlerts.price("iren-ytd", "IREN", "2"), T0, LEASE);
        store.recordSent(alert.id(), token, "msg-1", T0);
        store.appendHistory(alert, "msg-1", T0);

        List<Map<String, AttributeValue>> items = new ArrayList<>(dynamo.scan(b -> b.tableName(table)).items());

        assertThat(items).hasSize(5);
        assertThat(items).filteredOn(i -> i.containsKey(DynamoAlertStateStore.TTL_ATTRIBUTE))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.get("pk").s()).isEqualTo("HISTORY");
                    assertThat(i.get("ttl").n()).isEqualTo(Long.toString(T0.plus(DynamoAlertStateStore.HISTORY_RETENTION).getEpochSecond()));
                });
    }

    @Test
    void onlyUnrecordedClaimsAreInTheDueIndexKeyedByTheirLeaseEnd() {
        Alert sent = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert pending = TestAlerts.price("iren-ytd", "IREN", "2");
        Alert later = TestAlerts.price("iren-ytd", "IREN", "3");
        store.recordSent(sent.id(), ((ClaimOutcome.Claimed) store.claim(sent, T0, LEASE)).token(), "msg-1", T0);
        store.claim(pending, T0, LEASE);
        store.retryLater(later.id(), ((ClaimOutcome.Claimed) store.claim(later, T0, LEASE)).token(), T0.plusSeconds(30), "failed");

        List<Map<String, AttributeValue>> indexed = dynamo.scan(b -> b.tableName(table).indexName(DynamoAlertStateStore.DUE_INDEX)).items();

        assertThat(indexed).extracting(i -> i.get("alertId").s() + "@" + i.get("leaseUntil").n()).containsExactlyInAnyOrder(
                pending.id() + "@" + T0.plus(LEASE).toEpochMilli(), later.id() + "@" + T0.plusSeconds(30).toEpochMilli());
    }

    @Test
    void theClaimItemHoldsItsAttemptsLeaseEndAndLastOutcome() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        store.claim(alert, T0, LEASE);
        String token = ((ClaimOutcome.Claimed) store.claim(alert, T0.plus(LEASE), LEASE)).token();
        store.retryLater(alert.id(), token, T0.plus(Duration.ofMinutes(20)), "failed: throttled");

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("ALERT#" + alert.id()), "sk", AttributeValue.fromS("CLAIM")))).item();

        assertThat(item.get("attempts")).isEqualTo(AttributeValue.fromN("2"));
        assertThat(item.get("leaseUntil")).isEqualTo(AttributeValue.fromN(Long.toString(T0.plus(Duration.ofMinutes(20)).toEpochMilli())));
        assertThat(item.get("claimedAt")).isEqualTo(AttributeValue.fromN(Long.toString(T0.plus(LEASE).toEpochMilli())));
        assertThat(item.get("lastOutcome")).isEqualTo(AttributeValue.fromS("failed: throttled"));
        assertThat(item.get("pending")).isEqualTo(AttributeValue.fromS("1"));
        assertThat(item.get("status")).isEqualTo(AttributeValue.fromS("CLAIMED"));
        assertThat(item.get("token")).isEqualTo(AttributeValue.fromS(token));
    }

    @Test
    void aClaimWrittenBeforeAttemptsWereCountedIsDueAsItsFirstAttempt() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("ALERT#" + OWED.id()));
        item.put("sk", AttributeValue.fromS("CLAIM"));
        item.put("alertId", AttributeValue.fromS(OWED.id()));
        item.put("token", AttributeValue.fromS("token-from-an-older-version"));
        item.put("claimedAt", AttributeValue.fromN(Long.toString(T0.toEpochMilli())));
        item.put("leaseUntil", AttributeValue.fromN(Long.toString(T0.plus(LEASE).toEpochMilli())));
        item.put("status", AttributeValue.fromS("CLAIMED"));
        item.put("pending", AttributeValue.fromS("1"));
        item.put("alert", AttributeValue.fromS(AlertJson.write(OWED)));
        dynamo.putItem(b -> b.tableName(table).item(item));

        assertThat(store.dueClaims(T0.plus(LEASE))).containsExactly(new PendingAlert(OWED, T0, 1, null));
        assertThat(store.claim(OWED, T0.plus(LEASE), LEASE)).isInstanceOf(ClaimOutcome.Claimed.class);
    }

    @Test
    void sdkErrorsBecomeStateStoreExceptionsNamingTheTable() {
        AlertStateStore missing = new DynamoAlertStateStore(dynamo, "no-such-table");

        assertThatThrownBy(() -> missing.ruleStates(List.of(new RuleKey("r", "S"))))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("no-such-table");
        assertThatThrownBy(() -> missing.claim(TestAlerts.price("r", "S", "1"), T0, LEASE))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("no-such-table");
        assertThatThrownBy(() -> missing.dueClaims(T0))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("no-such-table");
        assertThatThrownBy(() -> missing.history(5))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("no-such-table");
    }

    // ---- answers lost on the way back: the SDK retries a request DynamoDB carried out ----

    /**
     * The real HTTP client, except that the first request with the given X-Amz-Target reaches DynamoDB and is carried
     * out, but its answer is lost (the connection is reset after the response): the SDK's retry sends it again.
     */
    private static final class LosingOneAnswer implements SdkHttpClient {
        private final SdkHttpClient real = UrlConnectionHttpClient.create();
        private final String target;
        final List<String> targets = Collections.synchronizedList(new ArrayList<>());
        volatile int lostStatus;

        LosingOneAnswer(String operation) {
            this.target = "DynamoDB_20120810." + operation;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String t = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            boolean lose = t.equals(target) && !targets.contains(t);
            targets.add(t);
            ExecutableHttpRequest call = real.prepareRequest(request);
            if (!lose) {
                return call;
            }
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    HttpExecuteResponse response = call.call();
                    lostStatus = response.httpResponse().statusCode();
                    if (response.responseBody().isPresent()) {
                        try (InputStream body = response.responseBody().get()) {
                            body.readAllBytes();
                        }
                    }
                    throw new IOException("Connection reset (test: the request was carried out and its answer lost)");
                }

                @Override
                public void abort() {
                    call.abort();
                }
            };
        }

        @Override
        public void close() {
            real.close();
        }
    }

    private DynamoAlertStateStore storeLosingOneAnswer(LosingOneAnswer http) {
        DynamoDbClient client = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(dynalite.endpoint()).httpClient(http).build();
        return new DynamoAlertStateStore(client, table);
    }

    @Test
    void aClaimWhoseAnswerWasLostAndThatTheSdkRetriedIsStillOurFirstAttempt() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        LosingOneAnswer http = new LosingOneAnswer("UpdateItem");

        ClaimOutcome outcome = storeLosingOneAnswer(http).claim(alert, T0, LEASE);

        assertThat(http.lostStatus).as("the lost request was carried out").isEqualTo(200);
        assertThat(http.targets).filteredOn(t -> t.endsWith(".UpdateItem")).hasSize(2);
        assertThat(outcome).isInstanceOfSatisfying(ClaimOutcome.Claimed.class, c -> assertThat(c.attempt()).isEqualTo(1));
        String token = ((ClaimOutcome.Claimed) outcome).token();
        assertThat(store.claim(alert, T0, LEASE)).isEqualTo(new ClaimOutcome.InProgress(T0.plus(LEASE)));
        store.recordSent(alert.id(), token, "msg-1", T0);
        assertThat(store.claim(alert, T0, LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
    }

    @Test
    void aTakeoverWhoseAnswerWasLostCountsItsAttemptOnce() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        store.claim(alert, T0, LEASE);
        LosingOneAnswer http = new LosingOneAnswer("UpdateItem");

        ClaimOutcome outcome = storeLosingOneAnswer(http).claim(alert, T0.plus(LEASE), LEASE);

        assertThat(http.lostStatus).isEqualTo(200);
        assertThat(outcome).isInstanceOfSatisfying(ClaimOutcome.Claimed.class, c -> assertThat(c.attempt()).isEqualTo(2));
        assertThat(store.dueClaims(T0.plus(Duration.ofHours(1)))).singleElement().satisfies(p -> assertThat(p.attempts()).isEqualTo(2));
    }

    @Test
    void aRecordWhoseAnswerWasLostAndThatTheSdkRetriedSucceeds() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();
        LosingOneAnswer http = new LosingOneAnswer("UpdateItem");

        storeLosingOneAnswer(http).recordSent(alert.id(), token, "msg-1", T0);

        assertThat(http.lostStatus).isEqualTo(200);
        assertThat(http.targets).filteredOn(t -> t.endsWith(".UpdateItem")).hasSize(2);
        assertThat(store.claim(alert, T0.plus(Duration.ofHours(1)), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
    }

    // ---- the requests, without a network ----

    /** Records the requests the store makes; the SDK boundary without a network. */
    private static final class RecordingDynamo implements DynamoDbClient {
        UpdateItemRequest lastUpdate;
        RuntimeException updateFailure;
        Map<String, AttributeValue> failureItem;
        int gets;

        @Override
        public UpdateItemResponse updateItem(UpdateItemRequest request) {
            lastUpdate = request;
            if (failureItem != null) {
                Map<String, AttributeValue> item = new HashMap<>(failureItem);
                item.replaceAll((k, v) -> v.equals(AttributeValue.fromS("$OUR_TOKEN")) ? request.expressionAttributeValues().get(":t") : v);
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").item(item).build();
            }
            if (updateFailure != null) {
                throw updateFailure;
            }
            return UpdateItemResponse.builder().attributes(Map.of("attempts", AttributeValue.fromN("1"))).build();
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            gets++;
            return GetItemResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private static Map<String, AttributeValue> oldClaim(String status, String token, String messageId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("ALERT#x"));
        item.put("sk", AttributeValue.fromS("CLAIM"));
        item.put("status", AttributeValue.fromS(status));
        item.put("token", AttributeValue.fromS(token));
        item.put("attempts", AttributeValue.fromN("1"));
        item.put("leaseUntil", AttributeValue.fromN(Long.toString(T0.plus(LEASE).toEpochMilli())));
        if (messageId != null) {
            item.put("messageId", AttributeValue.fromS(messageId));
        }
        return item;
    }

    @Test
    void claimIsAConditionalUpdateThatCountsTheAttemptKeepsAStoredAlertAndAsksForTheOldItemOnFailure() {
        RecordingDynamo recording = new RecordingDynamo();

        ClaimOutcome outcome = new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE);

        UpdateItemRequest request = recording.lastUpdate;
        assertThat(request.conditionExpression()).isEqualTo("attribute_not_exists(#pk) OR (#status = :claimed AND #lease <= :now)");
        assertThat(request.updateExpression()).contains("#alert = if_not_exists(#alert, :alert)")
                .contains("#attempts = if_not_exists(#attempts, :zero) + :one")
                .doesNotContain("lastOutcome").doesNotContain(DynamoAlertStateStore.TTL_ATTRIBUTE);
        assertThat(request.returnValues()).isEqualTo(ReturnValue.ALL_NEW);
        assertThat(request.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        assertThat(request.expressionAttributeValues().get(":now").n()).isEqualTo(Long.toString(T0.toEpochMilli()));
        assertThat(request.expressionAttributeValues().get(":until").n()).isEqualTo(Long.toString(T0.plus(LEASE).toEpochMilli()));
        assertThat(outcome).isEqualTo(new ClaimOutcome.Claimed(request.expressionAttributeValues().get(":t").s(), 1));
    }

    @Test
    void aFailedClaimIsToldApartByTheReturnedOldItemWithoutAnotherRead() {
        RecordingDynamo recording = new RecordingDynamo();
        recording.failureItem = oldClaim("SENT", "their-token", "msg-42");

        ClaimOutcome outcome = new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE);

        assertThat(outcome).isEqualTo(new ClaimOutcome.AlreadySent("msg-42"));
        assertThat(recording.gets).isZero();
    }

    @Test
    void aFailedClaimOnAnotherRunsLiveLeaseIsInProgressUntilItsEnd() {
        RecordingDynamo recording = new RecordingDynamo();
        recording.failureItem = oldClaim("CLAIMED", "their-token", null);

        assertThat(new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE))
                .isEqualTo(new ClaimOutcome.InProgress(T0.plus(LEASE)));
    }

    @Test
    void aFailedClaimWhoseOldItemHoldsOurOwnTokenIsOurClaim() {
        RecordingDynamo recording = new RecordingDynamo();
        recording.failureItem = oldClaim("CLAIMED", "$OUR_TOKEN", null);

        ClaimOutcome outcome = new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE);

        assertThat(outcome).isEqualTo(new ClaimOutcome.Claimed(recording.lastUpdate.expressionAttributeValues().get(":t").s(), 1));
        assertThat(recording.gets).isZero();
    }

    @Test
    void aSentClaimWithoutAMessageIdIsReportedAsMalformed() {
        RecordingDynamo recording = new RecordingDynamo();
        recording.failureItem = oldClaim("SENT", "their-token", null);

        assertThatThrownBy(() -> new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("item pk=ALERT#x sk=CLAIM in DynamoDB table t is malformed: field 'messageId' is missing");
    }

    // ---- strict reading ----

    /** An item the store wrote, one attribute then changed by hand, and the read that must refuse it. */
    record Malformed(String name, Consumer<AlertStateStore> write, String pk, String attribute, AttributeValue value,
                     Consumer<AlertStateStore> read, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Alert OWED = TestAlerts.price("iren-ytd", "IREN", "1");
    private static final RuleKey RULE = new RuleKey("btc-80k", "BTC-USD");
    private static final RuleState STATE = new RuleState(true, false, 3, T0, LocalDate.of(2026, 1, 22),
            Map.of("price", new BigDecimal("80000.50")), T0);

    static Stream<Malformed> malformedItems() {
        Consumer<AlertStateStore> rule = s -> s.saveRuleState(RULE, STATE);
        Consumer<AlertStateStore> readRule = s -> s.ruleStates(List.of(RULE));
        String rulePk = "RULE#btc-80k#BTC-USD";
        Consumer<AlertStateStore> claim = s -> s.claim(OWED, T0, LEASE);
        Consumer<AlertStateStore> sent = s -> s.recordSent(OWED.id(), ((ClaimOutcome.Claimed) s.claim(OWED, T0, LEASE)).token(), "msg-1", T0);
        Consumer<AlertStateStore> readDue = s -> s.dueClaims(T0.plus(Duration.ofDays(1)));
        Consumer<AlertStateStore> claimAgain = s -> s.claim(OWED, T0.plusSeconds(1), LEASE);
        String claimPk = "ALERT#" + OWED.id();
        Consumer<AlertStateStore> snapshot = s -> s.saveEarningsSnapshot(new EarningsSnapshot("NVDA", LocalDate.of(2026, 2, 25), true, "nasdaq", null));
        Consumer<AlertStateStore> history = s -> s.appendHistory(OWED, "msg-1", T0);
        return Stream.of(
                new Malformed("episodes as a string", rule, rulePk, "episodes", AttributeValue.fromS("1"), readRule,
                        "field 'episodes' is not a number"),
                new Malformed("episodes not whole", rule, rulePk, "episodes", AttributeValue.fromN("1.5"), readRule,
                        "field 'episodes' is not an integer"),
                new Malformed("episodes beyond an int", rule, rulePk, "episodes", AttributeValue.fromN("3000000000"), readRule,
                        "field 'episodes' is not an integer"),
                new Malformed("armed as a string", rule, rulePk, "armed", AttributeValue.fromS("true"), readRule,
                        "field 'armed' is not a boolean"),
                new Malformed("armed missing", rule, rulePk, "armed", null, readRule, "field 'armed' is missing"),
                new Malformed("lastResult as a number", rule, rulePk, "lastResult", AttributeValue.fromN("1"), readRule,
                        "field 'lastResult' is not a boolean"),
                new Malformed("lastFiredAt as a number", rule, rulePk, "lastFiredAt", AttributeValue.fromN("1769202300"), readRule,
                        "field 'lastFiredAt' is not a string"),
                new Malformed("lastFiredDay not a date", rule, rulePk, "lastFiredDay", AttributeValue.fromS("2026-13-01"), readRule,
                        "field 'lastFiredDay' is not a date"),
                new Malformed("a crossing value as a string", rule, rulePk, "crossing",
                        AttributeValue.fromM(Map.of("price", AttributeValue.fromS("80000.50"))), readRule, "field 'crossing.price' is not a number"),
                new Malformed("attempts as a string", claim, claimPk, "attempts", AttributeValue.fromS("1"), readDue,
                        "field 'attempts' is not a number"),
                new Malformed("attempts zero", claim, claimPk, "attempts", AttributeValue.fromN("0"), readDue,
                        "field 'attempts' is 0, not at least 1"),
                new Malformed("claimedAt as a string", claim, claimPk, "claimedAt", AttributeValue.fromS(T0.toString()), readDue,
                        "field 'claimedAt' is not a number"),
                new Malformed("lastOutcome as a boolean", claim, claimPk, "lastOutcome", AttributeValue.fromBool(true), readDue,
                        "field 'lastOutcome' is not a string"),
                new Malformed("a stored alert that is not one", claim, claimPk, "alert", AttributeValue.fromS("{}"), readDue,
                        "field 'alert' is not an alert"),
                new Malformed("an unknown status", claim, claimPk, "status", AttributeValue.fromS("DONE"), claimAgain,
                        "field 'status' is 'DONE', not CLAIMED or SENT"),
                new Malformed("the token as a number", claim, claimPk, "token", AttributeValue.fromN("7"), claimAgain,
                        "field 'token' is not a string"),
                new Malformed("a message id as a number", sent, claimPk, "messageId", AttributeValue.fromN("42"), claimAgain,
                        "field 'messageId' is not a string"),
                new Malformed("confirmed as a string", snapshot, "EARNINGS#NVDA", "confirmed", AttributeValue.fromS("true"),
                        s -> s.earningsSnapshot("NVDA"), "field 'confirmed' is not a boolean"),
                new Malformed("a history alert as a number", history, "HISTORY", "alert", AttributeValue.fromN("1"),
                        s -> s.history(5), "field 'alert' is not a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedItems")
    void anAttributeOfTheWrongTypeIsAMalformedItemNamingItsKeyAndField(Malformed c) {
        c.write().accept(store);
        Map<String, AttributeValue> key = dynamo.scan(b -> b.tableName(table)).items().stream()
                .filter(i -> i.get("pk").s().equals(c.pk())).findFirst().map(i -> Map.of("pk", i.get("pk"), "sk", i.get("sk")))
                .orElseThrow();
        dynamo.updateItem(b -> {
            b.tableName(table).key(key).expressionAttributeNames(Map.of("#a", c.attribute()));
            if (c.value() == null) {
                b.updateExpression("REMOVE #a");
            } else {
                b.updateExpression("SET #a = :v").expressionAttributeValues(Map.of(":v", c.value()));
            }
        });

        assertThatThrownBy(() -> c.read().accept(store))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("item pk=" + c.pk() + " sk=" + key.get("sk").s() + " in DynamoDB table " + table + " is malformed: "
                        + c.error());
    }
}
