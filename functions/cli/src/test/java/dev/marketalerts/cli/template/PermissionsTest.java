package dev.marketalerts.cli.template;

import static dev.marketalerts.cli.template.TemplateFile.JOBS;
import static dev.marketalerts.cli.template.TemplateFile.JSON;
import static dev.marketalerts.cli.template.TemplateFile.REPO;
import static dev.marketalerts.cli.template.TemplateFile.TEMPLATE;
import static dev.marketalerts.cli.template.TemplateFile.nodes;
import static dev.marketalerts.cli.template.TemplateFile.resourcesOfType;
import static dev.marketalerts.cli.template.TemplateFile.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.DynamoAlertStateStore;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigLoader;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.time.SettableClock;
import dev.marketalerts.wiring.AlertsWiring;
import dev.marketalerts.wiring.AlertsWiring.DataSpec;
import dev.marketalerts.wiring.AlertsWiring.NotifierSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The functions' roles grant what their job uses and nothing more: each statement one service, named resources, no
 * wildcard; DynamoDB exactly the calls the job makes (recorded against dynalite), queries only on the index; KMS only
 * for a customer key; settings only under the prefix, which the config parameter cannot leave.
 */
class PermissionsTest {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    /** Calls the state store still makes on this branch that the template deliberately no longer grants, with the reason. */
    private static final Map<String, String> NOT_GRANTED = Map.of("dynamodb:DeleteItem",
            "the claim protocol no longer releases a claim after a failed publish (the claim waits for its lease), so nothing deletes");
    /** Every kind of statement a role may hold only when a parameter asks for it: the condition, and the key it names. */
    private static final Map<String, String> CONDITIONAL = Map.of("HasTopicCustomerKey", "TopicKmsKeyArn", "HasSettingsCustomerKey", "SecretsKmsKeyArn");
    /** Rules of each kind the store has to read and write, and a rule that reads the earnings snapshots. */
    private static final String CONFIG = """
            timezone: America/New_York
            watchlist:
              - { symbol: NVDA, name: NVIDIA }
              - { symbol: IREN }
              - { symbol: BTC-USD, market: crypto }
            rules:
              - id: big-tech-earnings
                symbols: [NVDA]
                earnings: { remind: [7d, 1d, 0d], date-change: true, surprise: 5% }
              - id: iren-ytd
                symbol: IREN
                when: change_since(2026-01-01) >= 40%
              - id: btc-80k
                symbol: BTC-USD
                when: price crosses below 80000
                rearm: 2%
              - id: nvda-after-earnings
                symbol: NVDA
                when: change_since(last_earnings) <= -10%
            """;
    /** A tick at which the demo data makes each job fire. */
    private static final Map<JobKind, Instant> FIRING_TICK = Map.of(
            JobKind.PRICE, Instant.parse("2026-01-23T21:05:00Z"), JobKind.EARNINGS, Instant.parse("2026-02-25T23:00:00Z"));

    // ---- every statement -----------------------------------------------------------------------------------------

    @Test
    void everyStatementIsOneServiceOnNamedResourcesAndAConditionalOneOnlyForACustomerKey() {
        String indexName = TEMPLATE.resources().path("StateTable").path("Properties").path("GlobalSecondaryIndexes").path(0)
                .path("IndexName").asText();
        for (String role : roles()) {
            for (JsonNode s : statements(role)) {
                String where = role + " statement " + s.path("Sid").asText();
                List<String> actions = texts(s.path("Action"));
                List<JsonNode> resources = nodes(s.path("Resource"));
                assertThat(s.path("Effect").asText()).as(where).isEqualTo("Allow");
                assertThat(actions).as(where + " actions").isNotEmpty().noneMatch(a -> a.contains("*"));
                assertThat(resources).as(where + " resources").isNotEmpty().noneMatch(r -> r.isTextual() && r.asText().contains("*"));
                String service = actions.get(0).substring(0, actions.get(0).indexOf(':'));
                assertThat(actions).as(where + ": one service per statement").allMatch(a -> a.startsWith(service + ":"));
                String condition = conditionOf(role, s);
                assertThat(condition == null || CONDITIONAL.containsKey(condition)).as(where + " is conditional on " + condition).isTrue();
                switch (service) {
                    case "dynamodb" -> {
                        JsonNode table = JSON.createObjectNode().set("Fn::GetAtt", JSON.valueToTree(List.of("StateTable", "Arn")));
                        JsonNode index = JSON.createObjectNode().put("Fn::Sub", "${StateTable.Arn}/index/" + indexName);
                        assertThat(resources).as(where + ": queries only on the index, everything else only on the table")
                                .containsOnly(actions.contains("dynamodb:Query") ? index : table);
                        assertThat(actions.contains("dynamodb:Query")).as(where + ": Query alone in its statement")
                                .isEqualTo(actions.equals(List.of("dynamodb:Query")));
                    }
                    case "sns" -> {
                        assertThat(actions).as(where).containsExactly("sns:Publish");
                        assertThat(resources).as(where).allMatch(r -> r.path("Ref").asText().equals("AlertsTopic"));
                    }
                    case "kms" -> {
                        assertThat(condition).as(where + ": only with a customer key").isNotNull();
                        assertThat(resources).as(where).allMatch(r -> r.path("Ref").asText().equals(CONDITIONAL.get(condition)));
                        if (condition.equals("HasTopicCustomerKey")) {
                            assertThat(actions).as(where + ": publishing to an encrypted topic").containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Decrypt");
                        } else {
                            assertThat(actions).as(where + ": reading SecureString parameters and secrets").containsExactly("kms:Decrypt");
                            assertThat(nodes(s.path("Condition").path("StringEquals").path("kms:ViaService"))).as(where + " only through")
                                    .containsExactlyInAnyOrder(JSON.createObjectNode().put("Fn::Sub", "ssm.${AWS::Region}.amazonaws.com"),
                                            JSON.createObjectNode().put("Fn::Sub", "secretsmanager.${AWS::Region}.amazonaws.com"));
                        }
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
                                .allMatch(r -> r.path("Fn::Sub").asText().endsWith(":" + (service.equals("ssm") ? "parameter/" : "secret:") + "${SettingsPrefix}/*"));
                    }
                    default -> throw new AssertionError(where + ": unexpected service " + service);
                }
            }
        }
    }

    @Test
    void theNotifierOnlyPublishes() throws IOException {
        String source = Files.readString(REPO.resolve("functions/aws-adapters/src/main/java/dev/marketalerts/aws/SnsNotifier.java"));
        Set<String> calls = new TreeSet<>();
        Matcher m = Pattern.compile("\\bsns\\.(\\w+)\\(").matcher(source);
        while (m.find()) {
            calls.add(m.group(1));
        }

        assertThat(calls).as("SnsNotifier's calls, all authorised by sns:Publish").isNotEmpty().isSubsetOf("publish", "publishBatch");
    }

    // ---- DynamoDB: what each job really calls ----------------------------------------------------------------------

    /**
     * Runs the job as its function would against dynalite (a publish that fails, the tick after the claim's lease that
     * delivers, the same tick again that sends nothing) and records every DynamoDB call: the role must grant
     * exactly those, on the table or on the index as the call was made.
     */
    @ParameterizedTest
    @EmulatorTest
    @EnumSource(value = JobKind.class, names = {"PRICE", "EARNINGS"})
    void eachRoleGrantsExactlyTheDynamoDbCallsItsJobMakes(JobKind job, Emulators emulators) throws IOException {
        Set<Call> made = new TreeSet<>(callsOf(job, emulators));
        made.removeIf(c -> NOT_GRANTED.containsKey(c.action()));
        String function = JOBS.entrySet().stream().filter(e -> e.getValue() == job).findFirst().orElseThrow().getKey();

        assertThat(granted(roleOf(function))).as(function + "'s role, DynamoDB (the calls recorded: " + made + ")").isEqualTo(made);
    }

    @Test
    void noRoleGrantsWhatTheProtocolNoLongerDoes() {
        for (String role : roles()) {
            assertThat(granted(role)).extracting(Call::action).as(role).doesNotContainAnyElementsOf(NOT_GRANTED.keySet());
        }
    }

    /** A DynamoDB action, on the table or on one of its indexes. */
    record Call(String action, boolean onIndex) implements Comparable<Call> {
        @Override
        public int compareTo(Call o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return action + (onIndex ? " on the index" : " on the table");
        }
    }

    private static Set<Call> granted(String role) {
        Set<Call> out = new TreeSet<>();
        for (JsonNode s : statements(role)) {
            for (String action : texts(s.path("Action"))) {
                if (action.startsWith("dynamodb:")) {
                    nodes(s.path("Resource")).forEach(r -> out.add(new Call(action, r.path("Fn::Sub").asText().contains("/index/"))));
                }
            }
        }
        return out;
    }

    private static Set<Call> callsOf(JobKind job, Emulators emulators) throws IOException {
        URI dynalite = emulators.dynalite().endpoint();
        String table = "permissions-" + job.wireName() + "-" + System.nanoTime();
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL_DYNAMODB", dynalite.toString(), "AWS_ENDPOINT_URL_SNS", emulators.fauxqs().endpoint().toString());
        Map<String, String> unreachable = new HashMap<>(env);
        unreachable.put("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:" + closedPort());
        String topicArn;
        try (AwsClients setup = AwsClients.withCredentials(env, CREDENTIALS)) {
            DynamoAlertStateStore.createTable(setup.dynamoDb(), table);
            topicArn = setup.sns().createTopic(b -> b.name(table)).topicArn();
        }
        Recorder recorder = new Recorder();
        Instant tick = FIRING_TICK.get(job);
        SettableClock clock = new SettableClock(tick);
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(AwsClients.regionOf(env)).credentialsProvider(CREDENTIALS)
                .endpointOverride(dynalite).overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
             AlertsWiring toFauxqs = new AlertsWiring(env, clock);
             AlertsWiring toNowhere = new AlertsWiring(unreachable, clock)) {
            AlertsConfig config = ConfigLoader.load("permissions.yaml", CONFIG, Map.of());
            AlertsWiring.MarketData data = toFauxqs.marketData(config, new DataSpec.Replay(REPO.resolve("demo/data")));
            DynamoAlertStateStore store = new DynamoAlertStateStore(dynamo, table);
            AlertJob failing = toNowhere.job(config, data, store, toNowhere.notifier(new NotifierSpec.Sns(topicArn)), AlertJob.JobListener.NONE);
            AlertJob publishing = toFauxqs.job(config, data, store, toFauxqs.notifier(new NotifierSpec.Sns(topicArn)), AlertJob.JobListener.NONE);

            TickSummary failed = failing.run(job, tick);
            clock.set(tick.plus(Duration.ofMinutes(55)));
            TickSummary delivered = publishing.run(job, clock.instant());
            TickSummary again = publishing.run(job, clock.instant());

            assertThat(failed.failed()).as("the first tick's publish failed").isPositive();
            assertThat(delivered.sent()).as("the tick after the lease delivered").isPositive();
            assertThat(again.sent()).as("the same tick again sent nothing").isZero();
        } catch (dev.marketalerts.core.config.ConfigException e) {
            throw new AssertionError(e.errors().toString(), e);
        }
        return recorder.calls;
    }

    /** Records each DynamoDB call as its IAM action, and whether it addressed an index. */
    private static final class Recorder implements ExecutionInterceptor {
        final Set<Call> calls = ConcurrentHashMap.newKeySet();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            boolean onIndex = context.request() instanceof QueryRequest q && q.indexName() != null
                    || context.request() instanceof ScanRequest s && s.indexName() != null;
            calls.add(new Call("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), onIndex));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    // ---- settings ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "ConfigParameterName ''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "''                          | true",
            "alerts.yaml                 | true",
            "prod/alerts.yaml            | true",
            "team_a/v2/alerts-1.yaml     | true",
            "/market-alerts/alerts.yaml  | false",
            "alerts.yaml/                | false",
            "prod//alerts.yaml           | false",
            "alerts yaml                 | false",
            "alerts.yaml*                | false"})
    void theConfigParameterIsNamedUnderThePrefixTheRolesMayRead(String name, boolean allowed) {
        JsonNode parameter = TEMPLATE.parameters().path("ConfigParameterName");
        assertThat(Pattern.matches(parameter.path("AllowedPattern").asText(), name)).as("AllowedPattern accepts '" + name + "'").isEqualTo(allowed);
        if (!allowed || name.isEmpty()) {
            return;
        }
        JsonNode variable = TEMPLATE.root().path("Globals").path("Function").path("Environment").path("Variables").path("ALERTS_CONFIG_PARAMETER");
        assertThat(variable.path("Fn::If").path(0).asText()).isEqualTo("HasConfigParameter");
        assertThat(TEMPLATE.root().path("Conditions").path("HasConfigParameter")).isEqualTo(JSON.valueToTree(
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ConfigParameterName"), ""))))));
        assertThat(variable.path("Fn::If").path(2).asText()).as("no parameter: the bundled alerts.yaml").isEmpty();
        for (String prefix : List.of("market-alerts", "team.a_settings")) {
            Map<String, String> values = Map.of("SettingsPrefix", prefix, "ConfigParameterName", name, "AWS::Partition", "aws",
                    "AWS::Region", "us-east-1", "AWS::AccountId", "123456789012");
            String parameterArn = "arn:aws:ssm:us-east-1:123456789012:parameter" + sub(variable.path("Fn::If").path(1).path("Fn::Sub").asText(), values);
            for (String role : roles()) {
                List<String> readable = new ArrayList<>();
                statements(role).stream().filter(s -> texts(s.path("Action")).contains("ssm:GetParameter"))
                        .forEach(s -> nodes(s.path("Resource")).forEach(r -> readable.add(sub(r.path("Fn::Sub").asText(), values))));
                assertThat(readable).as(role + " may read " + parameterArn).anyMatch(glob -> matchesIamGlob(glob, parameterArn));
            }
        }
    }

    /** A Fn::Sub string with the given values; a variable without one fails the test. */
    private static String sub(String text, Map<String, String> values) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            assertThat(value).as("a value for ${" + m.group(1) + "} in " + text).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static boolean matchesIamGlob(String glob, String arn) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return arn.matches(regex.toString());
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static List<String> roles() {
        List<String> roles = new ArrayList<>(resourcesOfType("AWS::IAM::Role").keySet());
        assertThat(roles).as("the functions' roles").containsExactlyInAnyOrderElementsOf(JOBS.keySet().stream().map(PermissionsTest::roleOf).toList());
        return roles;
    }

    private static String roleOf(String function) {
        return TEMPLATE.effectiveProperties(function).path("Role").path("Fn::GetAtt").path(0).asText();
    }

    /** The role's statements, a conditional one ({@code Fn::If [Condition, statement, AWS::NoValue]}) as its statement. */
    private static List<JsonNode> statements(String role) {
        List<JsonNode> out = new ArrayList<>();
        TEMPLATE.resources().path(role).path("Properties").path("Policies").forEach(policy -> policy.path("PolicyDocument").path("Statement")
                .forEach(s -> {
                    if (s.has("Fn::If")) {
                        assertThat(s.path("Fn::If").path(2).path("Ref").asText()).as(role + ": a conditional statement or nothing").isEqualTo("AWS::NoValue");
                        out.add(s.path("Fn::If").path(1));
                    } else {
                        out.add(s);
                    }
                }));
        return out;
    }

    /** The condition a statement of the role is under, or null. */
    private static String conditionOf(String role, JsonNode statement) {
        List<String> conditions = new ArrayList<>();
        TEMPLATE.resources().path(role).path("Properties").path("Policies").forEach(policy -> policy.path("PolicyDocument").path("Statement")
                .forEach(s -> {
                    if (s.has("Fn::If") && s.path("Fn::If").path(1).equals(statement)) {
                        conditions.add(s.path("Fn::If").path(0).asText());
                    }
                }));
        return conditions.isEmpty() ? null : conditions.get(0);
    }
}
