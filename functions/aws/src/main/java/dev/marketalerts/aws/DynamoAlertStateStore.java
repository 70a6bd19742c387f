package dev.marketalerts.aws;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The job's state in one on-demand DynamoDB table (string keys {@code pk}, {@code sk}):
 *
 * <pre>
 * rule state        pk=RULE#rule#symbol     sk=STATE     lastResult, armed, episodes, lastFiredAt, lastFiredDay,
 *                                                        crossing (map of numbers), lastEvaluatedAt
 * alert claim       pk=ALERT#id             sk=CLAIM     alertId, token, claimedAt (epoch ms), leaseUntil (epoch ms),
 *                                                        status (CLAIMED|SENT), alert (JSON), messageId, sentAt,
 *                                                        pending ("1", only while CLAIMED)
 * earnings snapshot pk=EARNINGS#symbol      sk=SNAPSHOT  date, confirmed, provider, lastReported
 * history           pk=HISTORY              sk=sentAt#id alert (JSON), messageId, sentAt, ttl (epoch s)
 * </pre>
 *
 * GSI {@value #PENDING_INDEX} (hash {@code pending}, range {@code claimedAt}, all attributes) is sparse: it holds
 * only claims not yet recorded, so {@link #expiredClaims} is one query, never a scan. Only history items carry
 * the {@value #TTL_ATTRIBUTE} attribute: claims and rule state (cooldowns) never depend on TTL deletion.
 *
 * <p>A claim is a PutItem conditional on {@code attribute_not_exists(pk)} or an unrecorded claim whose lease
 * (claimedAt + lease) has passed, with {@code ReturnValuesOnConditionCheckFailure=ALL_OLD} to tell
 * {@code AlreadySent} (with its message id) from {@code InProgress}. Recording and releasing are conditional on
 * the claim's token. Every read is strongly consistent; every SDK error becomes a {@link StateStoreException}.
 */
public final class DynamoAlertStateStore implements AlertStateStore {
    public static final String PENDING_INDEX = "pending-index";
    public static final String TTL_ATTRIBUTE = "ttl";
    /** How long sent alerts stay in the history before DynamoDB's TTL deletes them. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(90);

    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final String CLAIMED = "CLAIMED";
    private static final String SENT = "SENT";
    private static final String PENDING_MARK = "1";
    private static final String HISTORY_PK = "HISTORY";
    private static final int BATCH_GET_MAX = 100;
    private static final int UNPROCESSED_RETRIES = 5;
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAlertStateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("a DynamoDB table name is required");
        }
        this.table = table;
    }

    public String table() {
        return table;
    }

    // ---- rule state ----

    @Override
    public Map<RuleKey, RuleState> ruleStates(Collection<RuleKey> keys) {
        Map<RuleKey, RuleState> out = new LinkedHashMap<>();
        List<RuleKey> unique = new ArrayList<>(new LinkedHashSet<>(keys));
        for (int from = 0; from < unique.size(); from += BATCH_GET_MAX) {
            List<RuleKey> chunk = unique.subList(from, Math.min(unique.size(), from + BATCH_GET_MAX));
            Map<String, RuleKey> byPk = new HashMap<>();
            List<Map<String, AttributeValue>> itemKeys = new ArrayList<>();
            for (RuleKey k : chunk) {
                byPk.put(rulePk(k), k);
                itemKeys.add(key(rulePk(k), "STATE"));
            }
            for (Map<String, AttributeValue> item : batchGet(itemKeys)) {
                RuleKey k = byPk.get(item.get(PK).s());
                out.put(k, parse(item, () -> readRuleState(item)));
            }
        }
        return out;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            if (attempt > UNPROCESSED_RETRIES) {
                throw new StateStoreException("DynamoDB table " + table + " kept returning unprocessed keys while reading rule state");
            }
            if (attempt > 0) {
                sleep(50L << attempt);
            }
            Map<String, KeysAndAttributes> req = request;
            BatchGetItemResponse r = call("read rule state", () -> dynamo.batchGetItem(b -> b.requestItems(req)));
            items.addAll(r.responses().getOrDefault(table, List.of()));
            request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
        }
        return items;
    }

    @Override
    public void saveRuleState(RuleKey key, RuleState state) {
        Map<String, AttributeValue> item = key(rulePk(key), "STATE");
        item.put("rule", s(key.ruleId()));
        item.put("symbol", s(key.symbol()));
        if (state.lastResult() != null) {
            item.put("lastResult", AttributeValue.fromBool(state.lastResult()));
        }
        item.put("armed", AttributeValue.fromBool(state.armed()));
        item.put("episodes", n(state.episodes()));
        putIfPresent(item, "lastFiredAt", state.lastFiredAt());
        putIfPresent(item, "lastFiredDay", state.lastFiredDay());
        Map<String, AttributeValue> crossing = new LinkedHashMap<>();
        state.crossingValues().forEach((k, v) -> crossing.put(k, AttributeValue.fromN(v.toPlainString())));
        item.put("crossing", AttributeValue.fromM(crossing));
        putIfPresent(item, "lastEvaluatedAt", state.lastEvaluatedAt());
        call("save rule state " + key, () -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    private static RuleState readRuleState(Map<String, AttributeValue> item) {
        Map<String, BigDecimal> crossing = new LinkedHashMap<>();
        AttributeValue c = item.get("crossing");
        if (c != null && c.hasM()) {
            c.m().forEach((k, v) -> crossing.put(k, new BigDecimal(v.n())));
        }
        AttributeValue last = item.get("lastResult");
        return new RuleState(
                last == null ? null : last.bool(),
                required(item, "armed").bool(),
                Integer.parseInt(required(item, "episodes").n()),
                instant(item, "lastFiredAt"),
                date(item, "lastFiredDay"),
                crossing,
                instant(item, "lastEvaluatedAt"));
    }

    // ---- claims ----

    @Override
    public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
        String token = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = key(claimPk(alert.id()), "CLAIM");
        item.put("alertId", s(alert.id()));
        item.put("token", s(token));
        item.put("claimedAt", n(now.toEpochMilli()));
        item.put("leaseUntil", n(now.plus(lease).toEpochMilli()));
        item.put("status", s(CLAIMED));
        item.put("pending", s(PENDING_MARK));
        item.put("alert", s(AlertJson.write(alert)));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    // the lease is claimedAt + lease as the caller sees it now (the same rule expiredClaims uses)
                    .conditionExpression("attribute_not_exists(pk) OR (#status = :claimed AND claimedAt <= :cutoff)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":cutoff", n(now.minus(lease).toEpochMilli())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new ClaimOutcome.Claimed(token);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() && !e.item().isEmpty() ? e.item() : currentClaim(alert.id());
            if (old == null) {
                // It vanished between the failed put and the read (released): let the next tick claim it.
                return new ClaimOutcome.InProgress();
            }
            return parse(old, () -> SENT.equals(required(old, "status").s())
                    ? new ClaimOutcome.AlreadySent(required(old, "messageId").s())
                    : new ClaimOutcome.InProgress());
        } catch (SdkException e) {
            throw failure("claim alert " + alert.id(), e);
        }
    }

    /** The claim item, read consistently; for stores (emulators) that do not return ALL_OLD on a failed condition. */
    private Map<String, AttributeValue> currentClaim(String alertId) {
        var r = call("read claim of alert " + alertId,
                () -> dynamo.getItem(b -> b.tableName(table).key(key(claimPk(alertId), "CLAIM")).consistentRead(true)));
        return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
    }

    @Override
    public void recordSent(String alertId, String token, String messageId, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(claimPk(alertId), "CLAIM"))
                    .updateExpression("SET #status = :sent, messageId = :mid, sentAt = :at REMOVE #pending")
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#status", "status", "#token", "token", "#pending", "pending"))
                    .expressionAttributeValues(Map.of(":sent", s(SENT), ":mid", s(messageId), ":at", s(at.toString()),
                            ":token", s(token))));
        } catch (ConditionalCheckFailedException e) {
            throw new StateStoreException("cannot record alert " + alertId
                    + " as sent: this tick's claim is no longer held (its lease expired and another tick claimed it, or it was released)");
        } catch (SdkException e) {
            throw failure("record alert " + alertId + " as sent", e);
        }
    }

    @Override
    public void release(String alertId, String token) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(claimPk(alertId), "CLAIM"))
                    .conditionExpression("#token = :token AND #status = :claimed")
                    .expressionAttributeNames(Map.of("#status", "status", "#token", "token"))
                    .expressionAttributeValues(Map.of(":token", s(token), ":claimed", s(CLAIMED))));
        } catch (ConditionalCheckFailedException e) {
            // Not ours any more (expired and re-claimed, or gone): nothing of ours to give up.
        } catch (SdkException e) {
            throw failure("release the claim of alert " + alertId, e);
        }
    }

    @Override
    public List<PendingAlert> expiredClaims(Instant now, Duration lease) {
        List<PendingAlert> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse r = call("list expired claims", () -> dynamo.query(QueryRequest.builder().tableName(table)
                    .indexName(PENDING_INDEX)
                    .keyConditionExpression("#pending = :p AND claimedAt <= :cutoff")
                    // the index is eventually consistent: a claim recorded a moment ago may still be listed
                    .filterExpression("#status = :claimed")
                    .expressionAttributeNames(Map.of("#status", "status", "#pending", "pending"))
                    .expressionAttributeValues(Map.of(":p", s(PENDING_MARK), ":cutoff", n(now.minus(lease).toEpochMilli()),
                            ":claimed", s(CLAIMED)))
                    .scanIndexForward(true)
                    .exclusiveStartKey(from)
                    .build()));
            for (Map<String, AttributeValue> item : r.items()) {
                out.add(parse(item, () -> new PendingAlert(AlertJson.read(required(item, "alert").s()),
                        Instant.ofEpochMilli(Long.parseLong(required(item, "claimedAt").n())))));
            }
            startKey = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (startKey != null);
        out.sort(Comparator.comparing(PendingAlert::claimedAt).thenComparing(p -> p.alert().id()));
        return out;
    }

    // ---- earnings snapshots ----

    @Override
    public Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
        var r = call("read earnings snapshot of " + symbol,
                () -> dynamo.getItem(b -> b.tableName(table).key(key(earningsPk(symbol), "SNAPSHOT")).consistentRead(true)));
        if (!r.hasItem() || r.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = r.item();
        return Optional.of(parse(item, () -> new EarningsSnapshot(
                required(item, "symbol").s(),
                date(item, "date"),
                required(item, "confirmed").bool(),
                item.containsKey("provider") ? item.get("provider").s() : null,
                date(item, "lastReported"))));
    }

    @Override
    public void saveEarningsSnapshot(EarningsSnapshot snapshot) {
        Map<String, AttributeValue> item = key(earningsPk(snapshot.symbol()), "SNAPSHOT");
        item.put("symbol", s(snapshot.symbol()));
        putIfPresent(item, "date", snapshot.date());
        item.put("confirmed", AttributeValue.fromBool(snapshot.confirmed()));
        putIfPresent(item, "provider", snapshot.provider());
        putIfPresent(item, "lastReported", snapshot.lastReported());
        call("save earnings snapshot of " + snapshot.symbol(), () -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    // ---- history ----

    @Override
    public void appendHistory(Alert alert, String messageId, Instant sentAt) {
        Map<String, AttributeValue> item = key(HISTORY_PK, SORTABLE.format(sentAt) + "#" + alert.id());
        item.put("alert", s(AlertJson.write(alert)));
        item.put("messageId", s(messageId));
        item.put("sentAt", s(sentAt.toString()));
        item.put(TTL_ATTRIBUTE, n(sentAt.plus(HISTORY_RETENTION).getEpochSecond()));
        call("append alert " + alert.id() + " to the history", () -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public List<Alert> history(int limit) {
        List<Alert> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        while (out.size() < limit) {
            Map<String, AttributeValue> from = startKey;
            int want = limit - out.size();
            QueryResponse r = call("read the history", () -> dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":pk", s(HISTORY_PK)))
                    .scanIndexForward(false)
                    .consistentRead(true)
                    .limit(want)
                    .exclusiveStartKey(from)
                    .build()));
            for (Map<String, AttributeValue> item : r.items()) {
                out.add(parse(item, () -> AlertJson.read(required(item, "alert").s())));
            }
            startKey = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            if (startKey == null) {
                break;
            }
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    // ---- table ----

    /**
     * Creates the table as template.yaml declares it (pk/sk strings, on-demand, the sparse pending index) and waits
     * until it is active; an existing table is left as it is. TTL on {@value #TTL_ATTRIBUTE} is switched on where the
     * endpoint supports it (the template declares it for AWS; emulators may not implement it).
     */
    public static void createTable(DynamoDbClient dynamo, String table) {
        try {
            dynamo.createTable(CreateTableRequest.builder()
                    .tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("pending").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("claimedAt").attributeType(ScalarAttributeType.N).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(PENDING_INDEX)
                            .keySchema(
                                    KeySchemaElement.builder().attributeName("pending").keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName("claimedAt").keyType(KeyType.RANGE).build())
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                            .build())
                    .build());
        } catch (ResourceInUseException e) {
            // exists already
        } catch (SdkException e) {
            throw new StateStoreException("cannot create DynamoDB table " + table + ": " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            TableStatus status;
            try {
                status = dynamo.describeTable(b -> b.tableName(table)).table().tableStatus();
            } catch (SdkException e) {
                throw new StateStoreException("cannot describe DynamoDB table " + table + ": " + e.getMessage(), e);
            }
            if (status == TableStatus.ACTIVE) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StateStoreException("DynamoDB table " + table + " did not become ACTIVE within 2 minutes (" + status + ")");
            }
            sleep(200);
        }
        try {
            dynamo.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(TTL_ATTRIBUTE).enabled(true)));
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            boolean unsupported = code.contains("UnknownOperation") || e.statusCode() == 404;
            boolean alreadyOn = e.getMessage() != null && e.getMessage().contains("already enabled");
            if (!unsupported && !alreadyOn) {
                throw new StateStoreException("cannot enable TTL on DynamoDB table " + table + ": " + e.getMessage(), e);
            }
        } catch (SdkException e) {
            throw new StateStoreException("cannot enable TTL on DynamoDB table " + table + ": " + e.getMessage(), e);
        }
    }

    // ---- helpers ----

    private static String rulePk(RuleKey k) {
        return "RULE#" + k.ruleId() + "#" + k.symbol();
    }

    private static String claimPk(String alertId) {
        return "ALERT#" + alertId;
    }

    private static String earningsPk(String symbol) {
        return "EARNINGS#" + symbol;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(pk));
        m.put(SK, s(sk));
        return m;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    private static AttributeValue required(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null) {
            throw new IllegalArgumentException("attribute '" + name + "' is missing");
        }
        return v;
    }

    private static LocalDate date(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : LocalDate.parse(v.s());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : Instant.parse(v.s());
    }

    private <T> T parse(Map<String, AttributeValue> item, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            AttributeValue pk = item.get(PK);
            AttributeValue sk = item.get(SK);
            throw new StateStoreException("item pk=" + (pk == null ? "?" : pk.s()) + " sk=" + (sk == null ? "?" : sk.s())
                    + " in DynamoDB table " + table + " is malformed: " + e.getMessage(), e);
        }
    }

    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    private StateStoreException failure(String what, SdkException e) {
        return new StateStoreException("DynamoDB table " + table + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("interrupted while waiting for DynamoDB");
        }
    }

    @Override
    public String toString() {
        return "DynamoAlertStateStore[" + table + "]";
    }
}
