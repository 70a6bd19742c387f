package dev.marketalerts.aws;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.job.EarningsCalendarCache;
import dev.marketalerts.core.job.HealthState;
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
import java.time.format.DateTimeParseException;
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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The job's state in one on-demand DynamoDB table (string keys {@code pk}, {@code sk}):
 *
 * <pre>
 * rule state        pk=RULE#rule#symbol     sk=STATE     rule, symbol, lastResult (BOOL), armed (BOOL), episodes (N),
 *                                                        lastFiredAt, lastFiredDay, crossing (M of N), lastEvaluatedAt
 * alert claim       pk=ALERT#id             sk=CLAIM     alertId, token, claimedAt (N, epoch ms), leaseUntil (N, epoch ms),
 *                                                        attempts (N), lastOutcome (optional), status (CLAIMED|SENT),
 *                                                        alert (JSON), messageId, sentAt, pending ("1", only while CLAIMED)
 * health            pk=HEALTH#job           sk=STATE     job, state (the job's HealthState as JSON)
 * earnings calendar pk=EARNINGS#CALENDAR    sk=PAGES     calendar (the kept EarningsCalendarCache as JSON)
 * earnings snapshot pk=EARNINGS#symbol      sk=SNAPSHOT  symbol, date, confirmed (BOOL), provider, lastReported
 * history           pk=HISTORY              sk=sentAt#id alert (JSON), messageId, sentAt, ttl (N, epoch s)
 * </pre>
 *
 * GSI {@value #DUE_INDEX} (hash {@code pending}, range {@code leaseUntil}, all attributes) is sparse: it holds only
 * claims not yet recorded, so {@link #dueClaims} is one query, never a scan. Only history items carry the
 * {@value #TTL_ATTRIBUTE} attribute: claims and rule state (cooldowns) never depend on TTL deletion.
 *
 * <p>A claim is one UpdateItem conditional on {@code attribute_not_exists(pk)} or an unrecorded claim whose lease
 * ended; it counts the attempt and keeps a stored alert. The token is made before the request, so when the
 * condition fails the old item (returned with the failure, or read consistently where an emulator does not return
 * it) tells our own claim, whose first answer the SDK lost and retried, from {@code AlreadySent} and
 * {@code InProgress}. Recording and retrying later are conditional on the token. Every read is strongly consistent
 * and strict: an attribute of the wrong type is a malformed item, never coerced. Every SDK error becomes a
 * {@link StateStoreException}.
 */
public final class DynamoAlertStateStore implements AlertStateStore {
    /** Symbols are upper-case letters, digits, dots and dashes, so no snapshot's key is this one. */
    private static final String CALENDAR_PK = "EARNINGS#CALENDAR";
    public static final String DUE_INDEX = "due-index";
    public static final String TTL_ATTRIBUTE = "ttl";
    /** How long sent alerts stay in the history before DynamoDB's TTL deletes them. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(90);

    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final String CLAIM_SK = "CLAIM";
    private static final String CLAIMED = "CLAIMED";
    private static final String SENT = "SENT";
    private static final String PENDING_MARK = "1";
    private static final String HISTORY_PK = "HISTORY";
    private static final int BATCH_GET_MAX = 100;
    private static final int UNPROCESSED_RETRIES = 5;
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Expression names of the claim attributes (some, like {@code status} and {@code token}, are reserved words). */
    private static final Map<String, String> CLAIM_NAMES = Map.of("#pk", PK, "#token", "token", "#claimedAt", "claimedAt",
            "#lease", "leaseUntil", "#status", "status", "#pending", "pending", "#alertId", "alertId", "#alert", "alert",
            "#attempts", "attempts", "#lastOutcome", "lastOutcome");

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
        field(item, "crossing", AttributeValue.Type.M, "a map").m().forEach((k, v) -> crossing.put(k, decimal("crossing." + k, v)));
        return new RuleState(
                optionalBool(item, "lastResult"),
                bool(item, "armed"),
                integer(item, "episodes"),
                optionalInstant(item, "lastFiredAt"),
                optionalDate(item, "lastFiredDay"),
                crossing,
                optionalInstant(item, "lastEvaluatedAt"));
    }

    // ---- claims ----

    @Override
    public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
        String token = UUID.randomUUID().toString();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":t", s(token));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":until", n(now.plus(lease).toEpochMilli()));
        values.put(":claimed", s(CLAIMED));
        values.put(":p", s(PENDING_MARK));
        values.put(":id", s(alert.id()));
        values.put(":alert", s(AlertJson.write(alert)));
        values.put(":zero", n(0));
        values.put(":one", n(1));
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table).key(key(claimPk(alert.id()), CLAIM_SK))
                    // a taken-over claim keeps its stored alert and lastOutcome and counts one more attempt
                    .updateExpression("SET #token = :t, #claimedAt = :now, #lease = :until, #status = :claimed, #pending = :p,"
                            + " #alertId = :id, #alert = if_not_exists(#alert, :alert), #attempts = if_not_exists(#attempts, :zero) + :one")
                    .conditionExpression("attribute_not_exists(#pk) OR (#status = :claimed AND #lease <= :now)")
                    .expressionAttributeNames(names("#pk", "#token", "#claimedAt", "#lease", "#status", "#pending", "#alertId", "#alert",
                            "#attempts"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            Map<String, AttributeValue> item = r.attributes();
            return parse(item, () -> new ClaimOutcome.Claimed(token, attempts(item)));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = oldClaim(e, alert.id());
            if (old == null) {
                throw new StateStoreException("DynamoDB table " + table + ": the claim of alert " + alert.id()
                        + " failed its condition, but no claim item exists (was it deleted by hand?)");
            }
            return parse(old, () -> {
                String status = status(old);
                if (token.equals(string(old, "token"))) {
                    // The SDK retried our request after losing the answer to the one that made the claim.
                    return SENT.equals(status) ? new ClaimOutcome.AlreadySent(string(old, "messageId"))
                            : new ClaimOutcome.Claimed(token, attempts(old));
                }
                return SENT.equals(status) ? new ClaimOutcome.AlreadySent(string(old, "messageId"))
                        : new ClaimOutcome.InProgress(epochMillis(old, "leaseUntil"));
            });
        } catch (SdkException e) {
            throw failure("claim alert " + alert.id(), e);
        }
    }

    /** The item a conditional write found: returned with the failure, or else read consistently (emulators). */
    private Map<String, AttributeValue> oldClaim(ConditionalCheckFailedException e, String alertId) {
        if (e.hasItem() && !e.item().isEmpty()) {
            return e.item();
        }
        var r = call("read claim of alert " + alertId,
                () -> dynamo.getItem(b -> b.tableName(table).key(key(claimPk(alertId), CLAIM_SK)).consistentRead(true)));
        return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
    }

    @Override
    public void recordSent(String alertId, String token, String messageId, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(claimPk(alertId), CLAIM_SK))
                    .updateExpression("SET #status = :sent, messageId = :mid, sentAt = :at REMOVE #pending")
                    .conditionExpression("#token = :token AND #status = :claimed")
                    .expressionAttributeNames(names("#status", "#token", "#pending"))
                    .expressionAttributeValues(Map.of(":sent", s(SENT), ":mid", s(messageId), ":at", s(at.toString()),
                            ":token", s(token), ":claimed", s(CLAIMED)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = oldClaim(e, alertId);
            boolean recordedByUs = old != null && parse(old, () -> token.equals(string(old, "token")) && SENT.equals(status(old)));
            if (!recordedByUs) {
                throw notHeld("record alert " + alertId + " as sent", old);
            }
            // a retried request whose first answer was lost: recorded already, with the first message id
        } catch (SdkException e) {
            throw failure("record alert " + alertId + " as sent", e);
        }
    }

    @Override
    public void retryLater(String alertId, String token, Instant dueAt, String outcome) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":due", n(dueAt.toEpochMilli()));
        values.put(":token", s(token));
        values.put(":claimed", s(CLAIMED));
        String update = "SET #lease = :due";
        if (outcome == null) {
            update += " REMOVE #lastOutcome";
        } else {
            update += ", #lastOutcome = :outcome";
            values.put(":outcome", s(outcome));
        }
        String expression = update;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(claimPk(alertId), CLAIM_SK))
                    .updateExpression(expression)
                    .conditionExpression("#token = :token AND #status = :claimed")
                    .expressionAttributeNames(names("#lease", "#lastOutcome", "#token", "#status"))
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            throw notHeld("keep alert " + alertId + " owed", oldClaim(e, alertId));
        } catch (SdkException e) {
            throw failure("keep alert " + alertId + " owed", e);
        }
    }

    private StateStoreException notHeld(String what, Map<String, AttributeValue> old) {
        String why;
        if (old == null) {
            why = "no claim of it exists";
        } else if (parse(old, () -> SENT.equals(status(old)))) {
            why = "it is recorded as sent already (message id " + parse(old, () -> string(old, "messageId")) + ")";
        } else {
            why = "this run's claim is no longer held (its lease ended and another run took it over)";
        }
        return new StateStoreException("DynamoDB table " + table + ": cannot " + what + ": " + why);
    }

    @Override
    public List<PendingAlert> dueClaims(Instant now) {
        List<PendingAlert> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse r = call("list due claims", () -> dynamo.query(QueryRequest.builder().tableName(table)
                    .indexName(DUE_INDEX)
                    .keyConditionExpression("#pending = :p AND #lease <= :now")
                    // the index is eventually consistent: a claim recorded a moment ago may still be listed
                    .filterExpression("#status = :claimed")
                    .expressionAttributeNames(names("#status", "#pending", "#lease"))
                    .expressionAttributeValues(Map.of(":p", s(PENDING_MARK), ":now", n(now.toEpochMilli()), ":claimed", s(CLAIMED)))
                    .exclusiveStartKey(from)
                    .build()));
            for (Map<String, AttributeValue> item : r.items()) {
                out.add(parse(item, () -> new PendingAlert(alert(item), epochMillis(item, "claimedAt"), attempts(item),
                        optionalString(item, "lastOutcome"))));
            }
            startKey = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (startKey != null);
        out.sort(Comparator.comparing(PendingAlert::claimedAt).thenComparing(p -> p.alert().id()));
        return out;
    }

    private static int attempts(Map<String, AttributeValue> item) {
        // claims written before attempts were counted had made one attempt
        int attempts = item.containsKey("attempts") ? integer(item, "attempts") : 1;
        if (attempts < 1) {
            throw new IllegalArgumentException("field 'attempts' is " + attempts + ", not at least 1");
        }
        return attempts;
    }

    private static String status(Map<String, AttributeValue> item) {
        String status = string(item, "status");
        if (!CLAIMED.equals(status) && !SENT.equals(status)) {
            throw new IllegalArgumentException("field 'status' is '" + status + "', not " + CLAIMED + " or " + SENT);
        }
        return status;
    }

    private static Alert alert(Map<String, AttributeValue> item) {
        String json = string(item, "alert");
        try {
            return AlertJson.read(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field 'alert' is not an alert: " + e.getMessage(), e);
        }
    }

    // ---- health ----

    @Override
    public Optional<HealthState> healthState(String job) {
        var r = call("read the health of the " + job + " job",
                () -> dynamo.getItem(b -> b.tableName(table).key(key(healthPk(job), "STATE")).consistentRead(true)));
        if (!r.hasItem() || r.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = r.item();
        return Optional.of(parse(item, () -> HealthState.fromJson(string(item, "state"))));
    }

    @Override
    public void saveHealthState(String job, HealthState state) {
        Map<String, AttributeValue> item = key(healthPk(job), "STATE");
        item.put("job", s(job));
        item.put("state", s(state.toJson()));
        call("save the health of the " + job + " job", () -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    // ---- the kept earnings calendar ----

    @Override
    public Optional<EarningsCalendarCache> earningsCalendar() {
        var r = call("read the kept earnings calendar",
                () -> dynamo.getItem(b -> b.tableName(table).key(key(CALENDAR_PK, "PAGES")).consistentRead(true)));
        if (!r.hasItem() || r.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = r.item();
        return Optional.of(parse(item, () -> EarningsCalendarCache.fromJson(string(item, "calendar"))));
    }

    @Override
    public void saveEarningsCalendar(EarningsCalendarCache calendar) {
        Map<String, AttributeValue> item = key(CALENDAR_PK, "PAGES");
        item.put("calendar", s(calendar.toJson()));
        call("save the kept earnings calendar", () -> dynamo.putItem(b -> b.tableName(table).item(item)));
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
                string(item, "symbol"),
                optionalDate(item, "date"),
                bool(item, "confirmed"),
                optionalString(item, "provider"),
                optionalDate(item, "lastReported"))));
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
                out.add(parse(item, () -> alert(item)));
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
     * Creates the table (pk/sk strings, on-demand, the sparse due index) and waits until it is active; an existing
     * table is left as it is. TTL on {@value #TTL_ATTRIBUTE} is switched on where the endpoint supports it (the
     * template declares it for AWS; emulators may not implement it).
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
                            AttributeDefinition.builder().attributeName("leaseUntil").attributeType(ScalarAttributeType.N).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(DUE_INDEX)
                            .keySchema(
                                    KeySchemaElement.builder().attributeName("pending").keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName("leaseUntil").keyType(KeyType.RANGE).build())
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

    private static String healthPk(String job) {
        return "HEALTH#" + job;
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

    private static Map<String, String> names(String... placeholders) {
        Map<String, String> out = new HashMap<>();
        for (String p : placeholders) {
            out.put(p, CLAIM_NAMES.get(p));
        }
        return out;
    }

    // Strict readers: an attribute of another DynamoDB type than the store writes is an error, never coerced.

    private static AttributeValue field(Map<String, AttributeValue> item, String name, AttributeValue.Type type, String what) {
        AttributeValue v = item.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        if (v.type() != type) {
            throw new IllegalArgumentException("field '" + name + "' is not " + what);
        }
        return v;
    }

    /** An optional attribute: absent (or DynamoDB NULL) is null, anything else must have the type. */
    private static AttributeValue optionalField(Map<String, AttributeValue> item, String name, AttributeValue.Type type, String what) {
        AttributeValue v = item.get(name);
        return v == null || v.type() == AttributeValue.Type.NUL ? null : field(item, name, type, what);
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        return field(item, name, AttributeValue.Type.S, "a string").s();
    }

    private static String optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue v = optionalField(item, name, AttributeValue.Type.S, "a string");
        return v == null ? null : v.s();
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        return field(item, name, AttributeValue.Type.BOOL, "a boolean").bool();
    }

    private static Boolean optionalBool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = optionalField(item, name, AttributeValue.Type.BOOL, "a boolean");
        return v == null ? null : v.bool();
    }

    private static BigDecimal decimal(String name, AttributeValue v) {
        if (v.type() != AttributeValue.Type.N) {
            throw new IllegalArgumentException("field '" + name + "' is not a number");
        }
        try {
            return new BigDecimal(v.n());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + name + "' is not a number: '" + v.n() + "'");
        }
    }

    private static int integer(Map<String, AttributeValue> item, String name) {
        return (int) whole(item, name, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long whole(Map<String, AttributeValue> item, String name, long min, long max) {
        BigDecimal d = decimal(name, field(item, name, AttributeValue.Type.N, "a number"));
        try {
            long v = d.longValueExact();
            if (v < min || v > max) {
                throw new ArithmeticException();
            }
            return v;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field '" + name + "' is not an integer in range: " + d.toPlainString());
        }
    }

    private static Instant epochMillis(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(whole(item, name, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static LocalDate optionalDate(Map<String, AttributeValue> item, String name) {
        String v = optionalString(item, name);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + name + "' is not a date (yyyy-mm-dd): '" + v + "'");
        }
    }

    private static Instant optionalInstant(Map<String, AttributeValue> item, String name) {
        String v = optionalString(item, name);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + name + "' is not an instant (ISO-8601 UTC): '" + v + "'");
        }
    }

    private <T> T parse(Map<String, AttributeValue> item, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            AttributeValue pk = item == null ? null : item.get(PK);
            AttributeValue sk = item == null ? null : item.get(SK);
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
