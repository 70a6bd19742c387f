package dev.marketalerts.cli.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.marketalerts.cli.invoke.FunctionSpec;
import dev.marketalerts.cli.invoke.SamTemplate;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.lambda.LambdaSetting;
import dev.marketalerts.lambda.ScheduleEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks template.yaml (DESIGN §6): against the published SAM JSON schema (when ../shared has it), with the pinned
 * cfn-lint (minus the false positives of its stale bundled spec, each listed with its reason), and with our own
 * rules: packages exist and hold what they must, handlers, environment, least privilege, schedules.
 */
class TemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path SAM_SCHEMA = REPO.resolve("../shared/schemas/sam.schema.json").normalize();
    /** The job each function runs, by logical id. */
    private static final Map<String, JobKind> JOBS = Map.of("PriceAlertsFunction", JobKind.PRICE, "EarningsAlertsFunction", JobKind.EARNINGS);
    /** DynamoDB calls made only by DynamoAlertStateStore.createTable, which `alerts` runs against emulators, never a function. */
    private static final Set<String> TABLE_SETUP_CALLS = Set.of("createTable", "describeTable", "updateTimeToLive");

    private static SamTemplate template;

    @BeforeAll
    static void readTemplate() throws IOException {
        template = SamTemplate.read(REPO.resolve("template.yaml"));
    }

    // ---- the SAM schema ------------------------------------------------------------------------------------------

    @Test
    void samSchemaAcceptsTheTemplate() throws IOException {
        assumeTrue(Files.isRegularFile(SAM_SCHEMA), "the SAM JSON schema is not at " + SAM_SCHEMA
                + " (../shared/schemas/sam.schema.json beside the repository): schema validation skipped");
        Schema schema;
        try (InputStream in = Files.newInputStream(SAM_SCHEMA)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }

        List<com.networknt.schema.Error> errors = schema.validate(template.root().toString(), InputFormat.JSON);

        assertThat(errors).as("SAM schema errors (short-form tags were turned into long forms)").isEmpty();
    }

    @Test
    void schemaCheckWouldCatchAMisspelledProperty() throws IOException {
        assumeTrue(Files.isRegularFile(SAM_SCHEMA), "the SAM JSON schema is not at " + SAM_SCHEMA + ": skipped");
        Schema schema;
        try (InputStream in = Files.newInputStream(SAM_SCHEMA)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
        ObjectNode broken = template.root().deepCopy();
        ((ObjectNode) broken.path("Resources").path("PriceAlertsFunction").path("Properties")).set("MemorySise", JSON.valueToTree(512));

        assertThat(schema.validate(broken.toString(), InputFormat.JSON)).isNotEmpty();
    }

    // ---- cfn-lint ------------------------------------------------------------------------------------------------

    /**
     * What cfn-lint 1.9.7 reports wrongly because its bundled CloudFormation/SAM spec predates these features. Each
     * entry: the resource path it applies to, the message, and why it is not a problem.
     */
    private record KnownFalsePositive(Pattern resource, Pattern message, String why) {
        KnownFalsePositive(String resource, String message, String why) {
            this(Pattern.compile(resource), Pattern.compile(message), why);
        }
    }

    private static final List<KnownFalsePositive> CFN_LINT_STALE_SPEC = List.of(
            new KnownFalsePositive("Globals > Function",
                    "Invalid or unsupported SAM Globals property name: (Architectures|SnapStart|LoggingConfig)",
                    "SAM supports these in Globals.Function (2020-2023); the bundled SAM spec does not know them"),
            new KnownFalsePositive("Resources > \\w+ > Properties > (LoggingConfig|Layers|EventInvokeConfig|SnapStart)",
                    "(LoggingConfig|Layers|EventInvokeConfig|SnapStart) is not a valid property of AWS::Serverless::Function",
                    "valid AWS::Serverless::Function properties missing from the bundled SAM spec"),
            new KnownFalsePositive("Resources > \\w+ > Properties > Events > \\w+ > Properties( > \\w+)?",
                    "(Required property Schedule missing|\\w+ is not a valid property) for type AWS::Serverless::Function.ScheduleEvent"
                            + "|\\w+ is not a valid property of AWS::Serverless::Function.ScheduleEvent"
                            + "|.*Enabled.*ScheduleEvent.*",
                    "cfn-lint reads a ScheduleV2 event as the old Schedule event (applied only to events whose Type is ScheduleV2)"),
            new KnownFalsePositive("Resources > \\w+ > Properties > SqsManagedSseEnabled",
                    "SqsManagedSseEnabled is not a valid property of AWS::SQS::Queue",
                    "SQS-managed encryption (2021) is newer than the bundled CloudFormation spec"),
            new KnownFalsePositive("Resources > \\w+ > Properties > FilterPolicyScope",
                    "FilterPolicyScope is not a valid property of AWS::SNS::Subscription",
                    "filter policy scope (2022) is newer than the bundled CloudFormation spec"));

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern FINDING = Pattern.compile("^Resource: (.*)\\R^Message: (.*)$", Pattern.MULTILINE);
    private static final Pattern COUNT = Pattern.compile("^(\\d+) (crit|warn|infos)$", Pattern.MULTILINE);
    private static final Pattern SCHEDULE_EVENT_PATH = Pattern.compile("Resources > (\\w+) > Properties > Events > (\\w+) > .*");

    @Test
    void cfnLintFindsNothingButTheGapsOfItsStaleSpec() throws IOException, InterruptedException {
        Path cfnLint = nodeModules().resolve(".bin").resolve("cfn-lint");
        assertThat(cfnLint).as("cfn-lint is not installed: run `npm ci` in the repository root (the aws module's build does it)")
                .exists();
        Process p = new ProcessBuilder(cfnLint.toString(), "validate", "template.yaml")
                .directory(REPO.toFile()).redirectErrorStream(true).start();
        String output = ANSI.matcher(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).replaceAll("");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
        assertThat(output).as("cfn-lint could not read the template").doesNotContain("Unable to parse template");

        List<String> findings = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Matcher m = FINDING.matcher(output);
        while (m.find()) {
            String resource = m.group(1).strip();
            String message = m.group(2).strip();
            findings.add(resource + ": " + message);
            if (!knownFalsePositive(resource, message)) {
                unexpected.add(resource + ": " + message);
            }
        }
        int reported = 0;
        Matcher counts = COUNT.matcher(output);
        while (counts.find()) {
            reported += counts.group(2).equals("infos") ? 0 : Integer.parseInt(counts.group(1));
        }

        assertThat(findings).as("every crit/warn that cfn-lint counted was read\n" + output).hasSize(reported);
        assertThat(unexpected).as("cfn-lint findings that are not known gaps of its 2019 spec").isEmpty();
    }

    private static boolean knownFalsePositive(String resource, String message) {
        for (KnownFalsePositive k : CFN_LINT_STALE_SPEC) {
            if (k.resource().matcher(resource).matches() && k.message().matcher(message).matches()) {
                Matcher event = SCHEDULE_EVENT_PATH.matcher(resource);
                if (message.contains("ScheduleEvent") && event.matches()) {
                    return "ScheduleV2".equals(template.resources().path(event.group(1)).path("Properties").path("Events")
                            .path(event.group(2)).path("Type").asText());
                }
                return true;
            }
        }
        return false;
    }

    @Test
    void falsePositiveFilterKeepsRealProblems() {
        assertThat(knownFalsePositive("Resources > PriceAlertsFunction > Properties > MemorySise",
                "MemorySise is not a valid property of AWS::Serverless::Function")).isFalse();
        assertThat(knownFalsePositive("Resources > StateTable > Properties", "Required property KeySchema missing for type AWS::DynamoDB::Table"))
                .isFalse();
        assertThat(knownFalsePositive("Resources > PriceAlertsFunction > Properties > Events > Crypto > Properties",
                "Required property Schedule missing for type AWS::Serverless::Function.ScheduleEvent")).isTrue();
    }

    // ---- our own rules -------------------------------------------------------------------------------------------

    @Test
    void everyCodeUriIsAPackagedZipWithTheConfigAndNoExcludedHttpClient() throws IOException {
        assertThat(template.functions()).containsOnlyKeys(JOBS.keySet());
        for (FunctionSpec fn : template.functions().values()) {
            Path zip = template.directory().resolve(fn.codeUri()).normalize();
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
        template.functions().values().forEach(fn -> {
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
        for (FunctionSpec fn : template.functions().values()) {
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
        template.functions().keySet().forEach(id -> {
            JsonNode p = template.effectiveProperties(id);
            assertThat(p.has("Policies")).as(id + " uses SAM policies (with their wildcards) instead of its own role").isFalse();
            String role = p.path("Role").path("Fn::GetAtt").path(0).asText();
            assertThat(template.resources().path(role).path("Type").asText()).as(id + " role").isEqualTo("AWS::IAM::Role");
            assertThat(template.resources().path(role).path("Properties").has("ManagedPolicyArns")).as(role).isFalse();
        });
    }

    @Test
    void everyPolicyIsLeastPrivilege() throws IOException {
        Set<String> dynamoActionsUsed = sdkCalls(REPO.resolve("functions/aws/src/main/java/dev/marketalerts/aws/DynamoAlertStateStore.java"), "dynamo")
                .stream().filter(c -> !TABLE_SETUP_CALLS.contains(c)).map(c -> "dynamodb:" + capitalize(c)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(dynamoActionsUsed).as("DynamoAlertStateStore's calls").isNotEmpty();
        assertThat(sdkCalls(REPO.resolve("functions/aws/src/main/java/dev/marketalerts/aws/SnsNotifier.java"), "sns"))
                .as("SnsNotifier's calls, all authorised by sns:Publish").isSubsetOf("publish", "publishBatch");

        for (Map.Entry<String, JsonNode> role : resourcesOfType("AWS::IAM::Role").entrySet()) {
            List<JsonNode> statements = new ArrayList<>();
            role.getValue().path("Properties").path("Policies").forEach(policy -> policy.path("PolicyDocument").path("Statement").forEach(s -> {
                if (s.has("Fn::If")) {
                    assertThat(s.path("Fn::If").path(0).asText()).as(role.getKey() + ": a conditional statement is for a customer key")
                            .isEqualTo("HasTopicCustomerKey");
                    statements.add(s.path("Fn::If").path(1));
                    assertThat(s.path("Fn::If").path(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
                } else {
                    statements.add(s);
                }
            }));
            Set<String> dynamoActions = new TreeSet<>();
            for (JsonNode s : statements) {
                String where = role.getKey() + " statement " + s.path("Sid").asText();
                assertThat(s.path("Effect").asText()).as(where).isEqualTo("Allow");
                List<String> actions = texts(s.path("Action"));
                List<JsonNode> resources = nodes(s.path("Resource"));
                assertThat(actions).as(where + " actions").isNotEmpty().noneMatch(a -> a.contains("*"));
                assertThat(resources).as(where + " resources").isNotEmpty().noneMatch(r -> r.isTextual() && r.asText().equals("*"));
                String service = actions.get(0).substring(0, actions.get(0).indexOf(':'));
                assertThat(actions).as(where + ": one service per statement").allMatch(a -> a.startsWith(service + ":"));
                switch (service) {
                    case "dynamodb" -> {
                        dynamoActions.addAll(actions);
                        assertThat(resources).as(where).allMatch(r -> r.equals(JSON.createObjectNode().set("Fn::GetAtt", JSON.valueToTree(List.of("StateTable", "Arn"))))
                                || r.path("Fn::Sub").asText().equals("${StateTable.Arn}/index/" + dev.marketalerts.aws.DynamoAlertStateStore.PENDING_INDEX));
                    }
                    case "sns" -> {
                        assertThat(actions).as(where).containsExactly("sns:Publish");
                        assertThat(resources).as(where).allMatch(r -> r.path("Ref").asText().equals("AlertsTopic"));
                    }
                    case "kms" -> {
                        assertThat(actions).as(where).containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Decrypt");
                        assertThat(resources).as(where).allMatch(r -> r.path("Ref").asText().equals("TopicKmsKeyArn"));
                        assertThat(statementIsConditional(role.getValue(), s)).as(where + " only with a customer key").isTrue();
                    }
                    case "logs" -> {
                        assertThat(actions).as(where).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
                        assertThat(resources).as(where).allMatch(r -> resourcesOfType("AWS::Logs::LogGroup")
                                .containsKey(r.path("Fn::GetAtt").path(0).asText()));
                    }
                    case "sqs" -> {
                        assertThat(actions).as(where).containsExactly("sqs:SendMessage");
                        assertThat(resources).as(where).allMatch(r -> r.path("Fn::GetAtt").path(0).asText().equals("FunctionDeadLetterQueue"));
                    }
                    case "ssm", "secretsmanager" -> {
                        assertThat(actions).as(where).containsExactly(service.equals("ssm") ? "ssm:GetParameter" : "secretsmanager:GetSecretValue");
                        assertThat(resources).as(where + ": only under the settings prefix")
                                .allMatch(r -> r.path("Fn::Sub").asText().contains("${SettingsPrefix}/*"));
                    }
                    default -> throw new AssertionError(where + ": unexpected service " + service);
                }
            }
            assertThat(dynamoActions).as(role.getKey() + ": DynamoDB only the actions the state store uses").isEqualTo(dynamoActionsUsed);
        }
    }

    @Test
    void everyScheduleHasATimeZoneARetryPolicyAndADeadLetterQueue() {
        for (Map.Entry<String, JobKind> fn : JOBS.entrySet()) {
            JsonNode events = template.effectiveProperties(fn.getKey()).path("Events");
            assertThat(events.size()).as(fn.getKey() + " schedules").isPositive();
            events.fields().forEachRemaining(e -> {
                String where = fn.getKey() + "." + e.getKey();
                JsonNode p = e.getValue().path("Properties");
                assertThat(e.getValue().path("Type").asText()).as(where + ": ScheduleV2 (the old Schedule has no time zone)").isEqualTo("ScheduleV2");
                assertThat(p.path("ScheduleExpressionTimezone").asText()).as(where).isEqualTo("America/New_York");
                assertThat(p.path("RetryPolicy").path("MaximumRetryAttempts").isInt()).as(where + " RetryPolicy").isTrue();
                String dlq = p.path("DeadLetterConfig").path("Arn").path("Fn::GetAtt").path(0).asText();
                assertThat(template.resources().path(dlq).path("Type").asText()).as(where + " DeadLetterConfig").isEqualTo("AWS::SQS::Queue");
                JsonNode input = readJson(p.path("Input").asText());
                assertThat(input.path("scheduledTime").asText()).as(where).isEqualTo("<aws.scheduler.scheduled-time>");
                // what the Scheduler sends, with the placeholder filled in, is an event the function accepts
                ((ObjectNode) input).put("scheduledTime", "2026-01-23T21:05:00Z");
                assertThat(ScheduleEvent.parse(input, fn.getValue()).job()).as(where).isEqualTo(fn.getValue());
            });
        }
        JsonNode crypto = template.effectiveProperties("PriceAlertsFunction").path("Events").path("Crypto").path("Properties");
        assertThat(readJson(crypto.path("Input").asText()).path("markets")).extracting(JsonNode::asText).containsExactly("crypto");
    }

    @Test
    void everyFunctionDeadLettersToAnEncryptedQueueAndIsWatchedByAnAlarm() {
        Map<String, JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        for (String id : template.functions().keySet()) {
            JsonNode p = template.effectiveProperties(id);
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

    @Test
    void topicTableAndLogsAreConfiguredForProduction() {
        JsonNode topic = template.resources().path("AlertsTopic").path("Properties");
        assertThat(topic.path("KmsMasterKeyId").toString()).contains("alias/aws/sns");
        JsonNode table = template.resources().path("StateTable").path("Properties");
        assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean()).isTrue();
        assertThat(table.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText())
                .isEqualTo(dev.marketalerts.aws.DynamoAlertStateStore.TTL_ATTRIBUTE);
        assertThat(table.path("GlobalSecondaryIndexes").path(0).path("IndexName").asText())
                .isEqualTo(dev.marketalerts.aws.DynamoAlertStateStore.PENDING_INDEX);
        Map<String, JsonNode> logGroups = resourcesOfType("AWS::Logs::LogGroup");
        assertThat(logGroups).hasSize(template.functions().size());
        logGroups.forEach((id, g) -> assertThat(g.path("Properties").has("RetentionInDays")).as(id).isTrue());
        template.functions().keySet().forEach(id -> assertThat(logGroups)
                .containsKey(template.effectiveProperties(id).path("LoggingConfig").path("LogGroup").path("Ref").asText()));
        assertThat(template.root().path("Outputs").fieldNames()).toIterable().contains("AlertsTopicArn", "StateTableName",
                "PriceAlertsFunctionName", "EarningsAlertsFunctionName", "FunctionDeadLetterQueueUrl", "SchedulerDeadLetterQueueUrl");
    }

    @Test
    void everyEventFileIsAnEventItsFunctionAccepts() throws IOException {
        try (var files = Files.list(REPO.resolve("events"))) {
            List<Path> events = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(events).hasSizeGreaterThanOrEqualTo(4);
            for (Path f : events) {
                String name = f.getFileName().toString();
                JobKind job = name.startsWith("price-") ? JobKind.PRICE : name.startsWith("earnings-") ? JobKind.EARNINGS : null;
                assertThat(job).as(name + " is named after its function (price-* or earnings-*)").isNotNull();
                ScheduleEvent event = ScheduleEvent.parse(JSON.readTree(f.toFile()), job);
                assertThat(event.shape()).as(name).isEqualTo(name.contains("eventbridge") ? ScheduleEvent.Shape.EVENTBRIDGE : ScheduleEvent.Shape.SCHEDULER);
                assertThat(event.scheduledTime()).as(name).isPresent();
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        template.resources().fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static boolean statementIsConditional(JsonNode role, JsonNode statement) {
        return role.toString().contains("{\"Fn::If\":[\"HasTopicCustomerKey\"," + statement.toString());
    }

    /** The AWS SDK calls a source file makes on a client field, e.g. {@code dynamo.putItem(...)} gives putItem. */
    private static Set<String> sdkCalls(Path source, String client) throws IOException {
        Set<String> calls = new TreeSet<>();
        Matcher m = Pattern.compile("\\b" + client + "\\.(\\w+)\\(").matcher(Files.readString(source));
        while (m.find()) {
            calls.add(m.group(1));
        }
        return calls;
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static String withoutComments(String yaml) {
        return yaml.lines().map(l -> l.replaceAll("(^|\\s)#.*$", "")).collect(Collectors.joining("\n"));
    }

    private static List<String> texts(JsonNode n) {
        return nodes(n).stream().map(JsonNode::asText).toList();
    }

    private static List<JsonNode> nodes(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                out.add(it.next());
            }
        } else if (!n.isMissingNode()) {
            out.add(n);
        }
        return out;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static Path nodeModules() {
        String configured = System.getProperty("node.tools.dir");
        return configured == null || configured.isBlank() ? REPO.resolve("node_modules") : Path.of(configured);
    }
}
