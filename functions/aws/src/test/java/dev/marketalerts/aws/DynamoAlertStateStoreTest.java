package dev.marketalerts.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.aws.testing.AlertStateStoreContractTest;
import dev.marketalerts.aws.testing.LocalEmulator;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class DynamoAlertStateStoreTest extends AlertStateStoreContractTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static LocalEmulator dynalite;
    private static AwsClients clients;

    private DynamoDbClient dynamo;
    private String table;

    @BeforeAll
    static void startDynalite() {
        dynalite = LocalEmulator.dynalite();
        clients = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    @AfterAll
    static void stopDynalite() {
        if (clients != null) {
            clients.close();
        }
        if (dynalite != null) {
            dynalite.close();
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
    void createTableMatchesTheTemplateAndToleratesAnExistingTable() {
        DynamoAlertStateStore.createTable(dynamo, table);

        TableDescription t = dynamo.describeTable(b -> b.tableName(table)).table();
        assertThat(t.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString()).containsExactly("pk:HASH", "sk:RANGE");
        assertThat(t.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(t.globalSecondaryIndexes()).singleElement().satisfies(i -> {
            assertThat(i.indexName()).isEqualTo(DynamoAlertStateStore.PENDING_INDEX);
            assertThat(i.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                    .containsExactly("pending:HASH", "claimedAt:RANGE");
            assertThat(i.projection().projectionTypeAsString()).isEqualTo("ALL");
        });
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
    void onlyUnrecordedClaimsAreInThePendingIndex() {
        Alert sent = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert pending = TestAlerts.price("iren-ytd", "IREN", "2");
        store.recordSent(sent.id(), ((ClaimOutcome.Claimed) store.claim(sent, T0, LEASE)).token(), "msg-1", T0);
        store.claim(pending, T0, LEASE);

        List<Map<String, AttributeValue>> indexed = dynamo.scan(b -> b.tableName(table).indexName(DynamoAlertStateStore.PENDING_INDEX)).items();

        assertThat(indexed).extracting(i -> i.get("alertId").s()).containsExactly(pending.id());
    }

    @Test
    void sdkErrorsBecomeStateStoreExceptionsNamingTheTable() {
        AlertStateStore missing = new DynamoAlertStateStore(dynamo, "no-such-table");

        assertThatThrownBy(() -> missing.ruleStates(List.of(new RuleKey("r", "S"))))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("no-such-table");
        assertThatThrownBy(() -> missing.claim(TestAlerts.price("r", "S", "1"), T0, LEASE))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("no-such-table");
        assertThatThrownBy(() -> missing.history(5))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("no-such-table");
    }

    /** Records the requests the store makes; the SDK boundary without a network. */
    private static final class RecordingDynamo implements DynamoDbClient {
        PutItemRequest lastPut;
        RuntimeException putFailure;
        int gets;

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            lastPut = request;
            if (putFailure != null) {
                throw putFailure;
            }
            return PutItemResponse.builder().build();
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

    private static Map<String, AttributeValue> oldClaim(String status, String messageId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("ALERT#x"));
        item.put("sk", AttributeValue.fromS("CLAIM"));
        item.put("status", AttributeValue.fromS(status));
        if (messageId != null) {
            item.put("messageId", AttributeValue.fromS(messageId));
        }
        return item;
    }

    @Test
    void claimIsAConditionalPutThatAsksForTheOldItemOnFailure() {
        RecordingDynamo recording = new RecordingDynamo();

        new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE);

        PutItemRequest request = recording.lastPut;
        assertThat(request.conditionExpression()).contains("attribute_not_exists(pk)").contains("#status = :claimed");
        assertThat(request.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        assertThat(request.item()).containsKeys("token", "claimedAt", "leaseUntil", "status", "alert", "pending")
                .doesNotContainKey(DynamoAlertStateStore.TTL_ATTRIBUTE);
        assertThat(request.expressionAttributeValues().get(":cutoff").n()).isEqualTo(Long.toString(T0.minus(LEASE).toEpochMilli()));
    }

    @Test
    void aFailedClaimIsToldApartByTheReturnedOldItemWithoutAnotherRead() {
        RecordingDynamo recording = new RecordingDynamo();
        recording.putFailure = ConditionalCheckFailedException.builder().message("The conditional request failed")
                .item(oldClaim("SENT", "msg-42")).build();

        ClaimOutcome outcome = new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE);

        assertThat(outcome).isEqualTo(new ClaimOutcome.AlreadySent("msg-42"));
        assertThat(recording.gets).isZero();
    }

    @Test
    void aFailedClaimOnALiveLeaseIsInProgress() {
        RecordingDynamo recording = new RecordingDynamo();
        recording.putFailure = ConditionalCheckFailedException.builder().item(oldClaim("CLAIMED", null)).build();

        assertThat(new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE))
                .isEqualTo(new ClaimOutcome.InProgress());
    }

    @Test
    void aSentClaimWithoutAMessageIdIsReportedAsMalformed() {
        RecordingDynamo recording = new RecordingDynamo();
        recording.putFailure = ConditionalCheckFailedException.builder().item(oldClaim("SENT", null)).build();

        assertThatThrownBy(() -> new DynamoAlertStateStore(recording, "t").claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("pk=ALERT#x")
                .hasMessageContaining("messageId");
    }
}
