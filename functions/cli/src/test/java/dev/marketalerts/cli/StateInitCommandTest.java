package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** {@code alerts state init} against dynalite, and in a directory; and what {@code alerts run} says without a table. */
class StateInitCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-27T12:00:00Z"), ZoneOffset.UTC);
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @TempDir
    Path dir;

    /** The settings of a shell pointed at dynalite through {@code variable}. */
    private static Map<String, String> env(Emulators emulators, String variable) {
        return Map.of("AWS_REGION", "eu-west-1", variable, emulators.dynalite().endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
    }

    private static String table(String name) {
        return name + "-" + System.nanoTime();
    }

    @ParameterizedTest
    @EmulatorTest
    @ValueSource(strings = {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"})
    void createsTheTableTheStoreUsesAtTheConfiguredEndpoint(String endpointVariable, Emulators emulators) {
        String table = table("state-init");

        Cli.Result r = Cli.run(dir, env(emulators, endpointVariable), CLOCK, "state", "init", "--state", "dynamodb:" + table);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Created DynamoDB table " + table + " in eu-west-1 at " + emulators.dynalite().endpoint())
                .contains("alerts run --state dynamodb:" + table);
        try (DynamoDbClient dynamo = client(emulators)) {
            TableDescription t = dynamo.describeTable(b -> b.tableName(table)).table();
            assertThat(t.keySchema()).extracting(KeySchemaElement::attributeName, k -> k.keyTypeAsString())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("pk", "HASH"), org.assertj.core.groups.Tuple.tuple("sk", "RANGE"));
            Map<String, ScalarAttributeType> types = new HashMap<>();
            t.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeType()));
            assertThat(types).containsEntry("pk", ScalarAttributeType.S).containsEntry("sk", ScalarAttributeType.S);
            assertThat(t.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");

            // which index the store queries, a run on the table shows (afterInitARunKeepsItsStateInTheTable)
            assertThat(t.globalSecondaryIndexes()).as("the sparse index of claims still to deliver").singleElement()
                    .satisfies(i -> {
                        assertThat(i.keySchema()).extracting(KeySchemaElement::attributeName).first().isEqualTo("pending");
                        assertThat(i.projection().projectionTypeAsString()).isEqualTo("ALL");
                        assertThat(r.out()).contains("index " + i.indexName() + " (" + String.join(", ",
                                i.keySchema().stream().map(KeySchemaElement::attributeName).toList()) + ")");
                    });
        }
    }

    @Test
    @EmulatorTest
    void anExistingTableIsLeftAsItIsAndSaysSo(Emulators emulators) {
        String table = table("state-init-twice");
        Map<String, String> env = env(emulators, "AWS_ENDPOINT_URL_DYNAMODB");
        Cli.Result first = Cli.run(dir, env, CLOCK, "state", "init", "--state", "dynamodb:" + table);

        Cli.Result second = Cli.run(dir, env, CLOCK, "state", "init", "--state", "dynamodb:" + table);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("DynamoDB table " + table + " exists already in eu-west-1 at " + emulators.dynalite().endpoint())
                .contains("key pk, sk").contains("nothing was changed").doesNotContain("Created");
    }

    @Test
    @EmulatorTest
    void aRunWithoutTheTableNamesTheCommandThatCreatesIt(Emulators emulators) throws IOException {
        String table = table("never-created");

        Cli.Result r = Cli.run(dir, env(emulators, "AWS_ENDPOINT_URL_DYNAMODB"), CLOCK, "run", "--config", Cli.SHIPPED_CONFIG.toString(),
                "--data", Cli.DEMO_DATA.toString(), "--at", "2026-02-25T18:00", "--state", "dynamodb:" + table);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("table " + table + " does not exist; create it with `alerts state init --state dynamodb:" + table + "`");
        assertThat(r.out()).as("nothing was sent").doesNotContain("NVDA");
    }

    @Test
    @EmulatorTest
    void afterInitARunKeepsItsStateInTheTable(Emulators emulators) {
        String table = table("state-init-run");
        Map<String, String> env = env(emulators, "AWS_ENDPOINT_URL_DYNAMODB");
        String[] run = {"run", "--config", Cli.SHIPPED_CONFIG.toString(), "--data", Cli.DEMO_DATA.toString(), "--at", "2026-02-25T18:00",
                "--job", "earnings", "--state", "dynamodb:" + table};

        Cli.Result init = Cli.run(dir, env, CLOCK, "state", "init", "--state", "dynamodb:" + table);
        Cli.Result first = Cli.run(dir, env, CLOCK, run);
        Cli.Result second = Cli.run(dir, env, CLOCK, run);

        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Sent 2 alerts");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Nothing new to send");
    }

    @Test
    void createsTheStateDirectoryAndSaysSoWhenItIsThere() {
        Cli.Result first = Cli.run(dir, "state", "init", "--state", "state/dir");
        Cli.Result second = Cli.run(dir, "state", "init", "--state", "state/dir");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Created state directory " + dir.resolve("state/dir"));
        assertThat(dir.resolve("state/dir")).isDirectory();
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("exists already");
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsAUsageError() throws IOException {
        Files.writeString(dir.resolve("taken"), "not a directory");

        Cli.Result r = Cli.run(dir, "state", "init", "--state", "taken");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is a file, not a directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb:", "dynamodb:  "})
    void aTableNameIsRequired(String state) {
        Cli.Result r = Cli.run(dir, "state", "init", "--state", state);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("needs a table name");
    }

    @Test
    void anEndpointThatIsNotAUrlIsAUsageError() {
        Cli.Result r = Cli.run(dir, Map.of("AWS_ENDPOINT_URL_DYNAMODB", "localhost"), CLOCK, "state", "init", "--state", "dynamodb:t");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("AWS_ENDPOINT_URL_DYNAMODB is not a valid endpoint URL");
    }

    @Test
    void stateAloneAsksForASubcommand() {
        Cli.Result r = Cli.run(dir, "state");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("init");
    }

    private static DynamoDbClient client(Emulators emulators) {
        return AwsClients.withCredentials(env(emulators, "AWS_ENDPOINT_URL_DYNAMODB"), CREDENTIALS).dynamoDb();
    }
}
