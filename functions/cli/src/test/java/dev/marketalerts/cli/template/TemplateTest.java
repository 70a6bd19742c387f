package dev.marketalerts.cli.template;

import static dev.marketalerts.cli.template.TemplateFile.JOBS;
import static dev.marketalerts.cli.template.TemplateFile.JSON;
import static dev.marketalerts.cli.template.TemplateFile.REPO;
import static dev.marketalerts.cli.template.TemplateFile.TEMPLATE;
import static dev.marketalerts.cli.template.TemplateFile.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.marketalerts.aws.testing.PackagedTest;
import dev.marketalerts.cli.invoke.FunctionSpec;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.lambda.EmfMetrics;
import dev.marketalerts.lambda.LambdaSetting;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks template.yaml against AWS's published SAM JSON schema (a copy in the test resources), and with our own rules
 * the schema cannot express: every reference resolves, packages exist and hold what they must, handlers, environment,
 * the state table, dead-letter queues and alarms. Schedules and permissions have their own tests.
 */
class TemplateTest {
    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private static Schema samSchema;

    @BeforeAll
    static void readSchema() throws IOException {
        try (InputStream in = TemplateTest.class.getResourceAsStream("/sam/sam.schema.json")) {
            assertThat(in).as("sam/sam.schema.json in the test resources").isNotNull();
            samSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
    }

    // ---- the SAM schema ------------------------------------------------------------------------------------------

    @Test
    void samSchemaAcceptsTheTemplate() {
        List<com.networknt.schema.Error> errors = samSchema.validate(TEMPLATE.root().toString(), InputFormat.JSON);

        assertThat(errors).as("SAM schema errors (short-form tags were turned into long forms)").isEmpty();
    }

    @Test
    void schemaCheckWouldCatchAMisspelledProperty() {
        ObjectNode broken = TEMPLATE.root().deepCopy();
        ((ObjectNode) broken.path("Resources").path("PriceAlertsFunction").path("Properties")).set("MemorySise", JSON.valueToTree(512));

        assertThat(samSchema.validate(broken.toString(), InputFormat.JSON)).isNotEmpty();
    }

    // ---- references ----------------------------------------------------------------------------------------------

    @Test
    void everyReferenceNamesAParameterResourceOrConditionOfTheTemplate() {
        assertThat(danglingReferences(TEMPLATE.root())).isEmpty();
    }

    static Stream<Arguments> brokenReferences() {
        return Stream.of(
                Arguments.of("a Ref", (Consumer<ObjectNode>) t -> props(t, "AlertsTopic").set("KmsMasterKeyId", ref("TopicKey")), "TopicKey"),
                Arguments.of("a GetAtt", (Consumer<ObjectNode>) t -> props(t, "PriceAlertsFunction").set("Role",
                        JSON.createObjectNode().set("Fn::GetAtt", JSON.valueToTree(List.of("PriceRole", "Arn")))), "PriceRole"),
                Arguments.of("a Sub variable", (Consumer<ObjectNode>) t -> props(t, "PriceAlertsLogGroup").set("LogGroupName", sub("/x/${StackNme}")),
                        "StackNme"),
                Arguments.of("a Sub attribute", (Consumer<ObjectNode>) t -> props(t, "PriceAlertsLogGroup").set("LogGroupName", sub("${Tabel.Arn}")),
                        "Tabel"),
                Arguments.of("a condition", (Consumer<ObjectNode>) t -> ((ObjectNode) t.path("Resources").path("AlertEmailSubscription"))
                        .put("Condition", "HasEmail"), "HasEmail"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenReferences")
    void referenceCheckFindsADanglingReference(String what, Consumer<ObjectNode> breakIt, String name) {
        ObjectNode broken = TEMPLATE.root().deepCopy();
        breakIt.accept(broken);

        assertThat(danglingReferences(broken)).singleElement().asString().contains(name);
    }

    /** Every Ref, GetAtt, Sub variable, If and Condition whose target the template does not define, as readable lines. */
    static List<String> danglingReferences(JsonNode root) {
        Set<String> parameters = names(root.path("Parameters"));
        Set<String> resources = names(root.path("Resources"));
        Set<String> conditions = names(root.path("Conditions"));
        List<String> problems = new ArrayList<>();
        root.path("Resources").fields().forEachRemaining(r -> {
            JsonNode condition = r.getValue().path("Condition");
            if (condition.isTextual() && !conditions.contains(condition.asText())) {
                problems.add(r.getKey() + ": Condition " + condition.asText() + " is not defined");
            }
        });
        walk(root, "", (path, node) -> {
            if (!node.isObject() || node.size() != 1) {
                return;
            }
            Map.Entry<String, JsonNode> fn = node.fields().next();
            JsonNode arg = fn.getValue();
            switch (fn.getKey()) {
                case "Ref" -> {
                    String name = arg.asText();
                    if (!parameters.contains(name) && !resources.contains(name) && !PSEUDO_PARAMETERS.contains(name)) {
                        problems.add(path + ": Ref " + name + " is not a parameter, resource or pseudo parameter");
                    }
                }
                case "Fn::GetAtt" -> {
                    String resource = arg.isArray() ? arg.path(0).asText() : arg.asText().split("\\.", 2)[0];
                    if (!resources.contains(resource)) {
                        problems.add(path + ": GetAtt " + resource + " is not a resource");
                    }
                }
                case "Fn::Sub" -> {
                    String text = arg.isArray() ? arg.path(0).asText() : arg.asText();
                    Set<String> local = arg.isArray() ? names(arg.path(1)) : Set.of();
                    Matcher m = SUB_VARIABLE.matcher(text);
                    while (m.find()) {
                        String variable = m.group(1).strip();
                        String target = variable.contains(".") ? variable.substring(0, variable.indexOf('.')) : variable;
                        boolean known = variable.contains(".") ? resources.contains(target)
                                : local.contains(target) || parameters.contains(target) || resources.contains(target) || PSEUDO_PARAMETERS.contains(target);
                        if (!known) {
                            problems.add(path + ": Sub ${" + variable + "}: " + target + " is not defined");
                        }
                    }
                }
                case "Fn::If", "Condition" -> {
                    String name = fn.getKey().equals("Fn::If") ? arg.path(0).asText() : arg.asText();
                    if (!conditions.contains(name)) {
                        problems.add(path + ": condition " + name + " is not defined");
                    }
                }
                default -> {
                }
            }
        });
        return problems;
    }

    private static void walk(JsonNode node, String path, java.util.function.BiConsumer<String, JsonNode> visit) {
        visit.accept(path, node);
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visit);
            }
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static ObjectNode props(ObjectNode template, String resource) {
        return (ObjectNode) template.path("Resources").path(resource).path("Properties");
    }

    private static JsonNode ref(String name) {
        return JSON.createObjectNode().put("Ref", name);
    }

    private static JsonNode sub(String text) {
        return JSON.createObjectNode().put("Fn::Sub", text);
    }

    // ---- functions -----------------------------------------------------------------------------------------------

    @Test
    @PackagedTest
    void everyCodeUriIsAPackagedZipWithTheConfigAndNoExcludedHttpClient() throws IOException {
        assertThat(TEMPLATE.functions()).containsOnlyKeys(JOBS.keySet());
        for (FunctionSpec fn : TEMPLATE.functions().values()) {
            Path zip = TEMPLATE.directory().resolve(fn.codeUri()).normalize();
            assertThat(zip).as(fn.logicalId() + " CodeUri (run ./mvnw package first)").isRegularFile();
            try (ZipFile z = new ZipFile(zip.toFile())) {
                List<String> names = z.stream().map(ZipEntry::getName).toList();
                assertThat(names).as(fn.logicalId()).contains("alerts.yaml");
                assertThat(names).as(fn.logicalId() + " jars").anyMatch(n -> n.matches("lib/dev\\.marketalerts\\.aws-.*\\.jar"));
                assertThat(names).as(fn.logicalId() + ": only the URLConnection HTTP client may be packaged")
                        .noneMatch(n -> n.matches("lib/.*(apache-client|apache5-client|netty-nio-client|netty-).*\\.jar"));
                try (InputStream in = z.getInputStream(z.getEntry("alerts.yaml"))) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .as(fn.logicalId() + " bundles the repository's alerts.yaml").isEqualTo(Files.readString(REPO.resolve("alerts.yaml")));
                }
            }
        }
    }

    @Test
    void everyHandlerIsQuarkusStreamHandlerOnJava21() {
        TEMPLATE.functions().values().forEach(fn -> {
            assertThat(fn.handler()).as(fn.logicalId()).isEqualTo(HANDLER);
            assertThat(fn.runtime()).as(fn.logicalId()).isEqualTo("java21");
        });
    }

    @Test
    void everyEnvironmentVariableTheFunctionsReadIsSet() throws IOException {
        Set<String> required = new LinkedHashSet<>();
        for (LambdaSetting s : LambdaSetting.values()) {
            if (s.deployment()) {
                required.add(s.name());
            }
        }
        // ${NAME} without a default in the bundled alerts.yaml must be set too (api-key ones may be empty)
        Matcher ref = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(withoutComments(Files.readString(REPO.resolve("alerts.yaml"))));
        while (ref.find()) {
            required.add(ref.group(1));
        }
        for (FunctionSpec fn : TEMPLATE.functions().values()) {
            assertThat(fn.environment().keySet()).as(fn.logicalId()).containsAll(required);
            for (String name : fn.environment().keySet()) {
                boolean known = required.contains(name) || name.endsWith("_API_KEY");
                assertThat(known).as(fn.logicalId() + " sets " + name + ", which nothing reads").isTrue();
                assertThat(LambdaSetting.values()).as(name + " is a local-testing switch, never set in AWS")
                        .noneMatch(s -> s.name().equals(name) && !s.deployment());
            }
        }
    }

    @Test
    void everyFunctionHasItsOwnRoleAndNoManagedPolicy() {
        TEMPLATE.functions().keySet().forEach(id -> {
            JsonNode p = TEMPLATE.effectiveProperties(id);
            assertThat(p.has("Policies")).as(id + " uses SAM policies (with their wildcards) instead of its own role").isFalse();
            String role = p.path("Role").path("Fn::GetAtt").path(0).asText();
            assertThat(TEMPLATE.resources().path(role).path("Type").asText()).as(id + " role").isEqualTo("AWS::IAM::Role");
            assertThat(TEMPLATE.resources().path(role).path("Properties").has("ManagedPolicyArns")).as(role).isFalse();
        });
    }

    @Test
    void everyFunctionDeadLettersToAnEncryptedQueueAndIsWatchedByAnAlarm() {
        Map<String, JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        for (String id : TEMPLATE.functions().keySet()) {
            JsonNode p = TEMPLATE.effectiveProperties(id);
            assertThat(p.path("DeadLetterQueue").path("Type").asText()).as(id).isEqualTo("SQS");
            assertThat(alarms.values()).as(id + " Errors alarm").anyMatch(a -> a.path("Properties").path("MetricName").asText().equals("Errors")
                    && a.path("Properties").path("Dimensions").toString().contains("\"Ref\":\"" + id + "\""));
        }
        resourcesOfType("AWS::SQS::Queue").forEach((id, q) -> {
            JsonNode p = q.path("Properties");
            assertThat(p.path("SqsManagedSseEnabled").asBoolean() || p.has("KmsMasterKeyId")).as(id + " encrypted").isTrue();
            assertThat(alarms.values()).as(id + " depth alarm").anyMatch(a -> a.path("Properties").path("Namespace").asText().equals("AWS/SQS")
                    && a.path("Properties").path("Dimensions").toString().contains("\"" + id + "\""));
        });
    }

    // ---- state, topic, logs --------------------------------------------------------------------------------------

    @Test
    void theStateTableHasTheProductionSchemaAndOutlivesTheStack() {
        JsonNode resource = TEMPLATE.resources().path("StateTable");
        assertThat(resource.path("DeletionPolicy").asText()).as("deleting the stack keeps the table").isEqualTo("Retain");
        assertThat(resource.path("UpdateReplacePolicy").asText()).as("an update that replaces the table keeps the old one").isEqualTo("Retain");
        JsonNode table = resource.path("Properties");
        assertThat(attributes(table.path("AttributeDefinitions"), "AttributeType"))
                .isEqualTo(Map.of("pk", "S", "sk", "S", "pending", "S", "leaseUntil", "N"));
        assertThat(keys(table.path("KeySchema"))).containsExactly("pk HASH", "sk RANGE");
        assertThat(table.path("GlobalSecondaryIndexes")).hasSize(1);
        JsonNode index = table.path("GlobalSecondaryIndexes").path(0);
        assertThat(index.path("IndexName").asText()).isEqualTo("due-index");
        assertThat(keys(index.path("KeySchema"))).as("claims still to deliver, by the end of their lease").containsExactly("pending HASH", "leaseUntil RANGE");
        assertThat(index.path("Projection").path("ProjectionType").asText()).isEqualTo("ALL");
        assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean()).isTrue();
        assertThat(table.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText())
                .isEqualTo(dev.marketalerts.aws.DynamoAlertStateStore.TTL_ATTRIBUTE);
    }

    @Test
    void topicLogsAndOutputsAreConfiguredForProduction() {
        JsonNode topic = TEMPLATE.resources().path("AlertsTopic").path("Properties");
        assertThat(topic.path("KmsMasterKeyId").toString()).contains("alias/aws/sns");
        Map<String, JsonNode> logGroups = resourcesOfType("AWS::Logs::LogGroup");
        assertThat(logGroups).hasSize(TEMPLATE.functions().size());
        logGroups.forEach((id, g) -> assertThat(g.path("Properties").has("RetentionInDays")).as(id).isTrue());
        TEMPLATE.functions().keySet().forEach(id -> assertThat(logGroups)
                .containsKey(TEMPLATE.effectiveProperties(id).path("LoggingConfig").path("LogGroup").path("Ref").asText()));
        assertThat(TEMPLATE.root().path("Outputs").fieldNames()).toIterable().contains("AlertsTopicArn", "StateTableName",
                "PriceAlertsFunctionName", "EarningsAlertsFunctionName", "FunctionDeadLetterQueueUrl", "SchedulerDeadLetterQueueUrl");
    }

    // ---- alarms --------------------------------------------------------------------------------------------------

    /**
     * The jobs' metrics that mean trouble without failing the invocation, with how a period without data counts: failure
     * counts are not breaching when nothing ran; an open incident stays open until an invocation reports none.
     */
    private static final Map<String, String> TROUBLE_METRICS = Map.of(
            "Failed", "notBreaching", "ProviderFailures", "notBreaching", "OpenHealthIncidents", "ignore");

    static Stream<Arguments> troubleMetricsOfEachJob() {
        return TROUBLE_METRICS.keySet().stream().sorted()
                .flatMap(metric -> JOBS.values().stream().sorted().map(job -> Arguments.of(metric, job)));
    }

    @ParameterizedTest(name = "{0} of the {1} job")
    @MethodSource("troubleMetricsOfEachJob")
    void everyTroubleMetricOfEveryJobHasAnAlarmThatFiresOnTheFirstCount(String metric, JobKind job) {
        List<JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm").values().stream().map(a -> a.path("Properties"))
                .filter(p -> p.path("Namespace").asText().equals(EmfMetrics.NAMESPACE) && p.path("MetricName").asText().equals(metric)
                        && p.path("Dimensions").equals(JSON.valueToTree(List.of(Map.of("Name", "Job", "Value", job.wireName())))))
                .toList();

        assertThat(alarms).as(metric + " alarm for Job=" + job.wireName()).hasSize(1);
        JsonNode alarm = alarms.get(0);
        assertThat(alarm.path("TreatMissingData").asText()).isEqualTo(TROUBLE_METRICS.get(metric));
        double threshold = alarm.path("Threshold").asDouble();
        boolean firstCountBreaches = switch (alarm.path("ComparisonOperator").asText()) {
            case "GreaterThanOrEqualToThreshold" -> threshold <= 1;
            case "GreaterThanThreshold" -> threshold < 1;
            default -> false;
        };
        assertThat(firstCountBreaches).as(metric + ": a count of 1 breaches (" + alarm.path("ComparisonOperator").asText() + " " + threshold + ")")
                .isTrue();
        assertThat(alarm.path("AlarmDescription").asText()).as("says which metric").contains(metric);
    }

    /** The namespace, dimension and metric names the alarms rely on are those of the functions' EMF record. */
    @Test
    void theAlarmedFailureCountsAreMetricsTheFunctionsEmit() throws ReflectiveOperationException {
        JsonNode record = emfRecord();
        JsonNode directive = record.path("_aws").path("CloudWatchMetrics").path(0);
        Set<String> emitted = new TreeSet<>();
        directive.path("Metrics").forEach(m -> emitted.add(m.path("Name").asText()));

        assertThat(directive.path("Namespace").asText()).isEqualTo(EmfMetrics.NAMESPACE);
        assertThat(directive.path("Dimensions")).isEqualTo(JSON.valueToTree(List.of(List.of("Job"))));
        assertThat(record.path("Job").asText()).isEqualTo(JobKind.PRICE.wireName());
        // OpenHealthIncidents comes with the health incidents; until then its alarm sees no data and stays as it is
        assertThat(emitted).contains("Failed", "ProviderFailures");
    }

    /** An EMF record of the price job with every value zero, whatever the values are. */
    private static JsonNode emfRecord() throws ReflectiveOperationException {
        RecordComponent[] components = EmfMetrics.Values.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] zeros = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            zeros[i] = types[i] == double.class ? (Object) 0.0 : types[i] == long.class ? (Object) 0L : (Object) 0;
        }
        EmfMetrics.Values values = EmfMetrics.Values.class.getDeclaredConstructor(types).newInstance(zeros);
        return EmfMetrics.record(JobKind.PRICE.wireName(), null, Instant.parse("2026-01-23T21:05:00Z"), values);
    }

    @Test
    void everyAlarmNotifiesTheAlarmTopicAndSaysWhatHappened() {
        JsonNode toAlarmTopic = JSON.createObjectNode().set("Fn::If",
                JSON.valueToTree(List.of("HasAlarmTopic", List.of(Map.of("Ref", "AlarmTopicArn")), Map.of("Ref", "AWS::NoValue"))));
        resourcesOfType("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            JsonNode p = alarm.path("Properties");
            assertThat(p.path("AlarmActions")).as(id + " AlarmActions").isEqualTo(toAlarmTopic);
            assertThat(p.path("AlarmDescription").asText()).as(id + " AlarmDescription").hasSizeGreaterThan(40);
            assertThat(p.path("TreatMissingData").asText()).as(id + " TreatMissingData").isNotEmpty();
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static Map<String, String> attributes(JsonNode list, String valueField) {
        Map<String, String> out = new LinkedHashMap<>();
        list.forEach(a -> out.put(a.path("AttributeName").asText(), a.path(valueField).asText()));
        return out;
    }

    private static List<String> keys(JsonNode keySchema) {
        List<String> out = new ArrayList<>();
        keySchema.forEach(k -> out.add(k.path("AttributeName").asText() + " " + k.path("KeyType").asText()));
        return out;
    }

    private static String withoutComments(String yaml) {
        return yaml.lines().map(l -> l.replaceAll("(^|\\s)#.*$", "")).collect(Collectors.joining("\n"));
    }
}
