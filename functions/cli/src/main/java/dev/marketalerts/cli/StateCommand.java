package dev.marketalerts.cli;

import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.DynamoAlertStateStore;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.CliFailure;
import dev.marketalerts.cli.common.ExitCodes;
import dev.marketalerts.core.job.StateStoreException;
import dev.marketalerts.local.FileAlertStateStore;
import dev.marketalerts.wiring.AlertsWiring;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** {@code alerts state}: the state store that makes a repeated tick send nothing. */
@Command(name = "state",
        mixinStandardHelpOptions = true,
        description = "The state store: what was sent, and each rule's memory.",
        subcommands = StateCommand.Init.class)
public final class StateCommand implements Callable<Integer> {
    @ParentCommand
    private AlertsCommand parent;

    @Override
    public Integer call() {
        parent.environment().err().println("alerts state: a subcommand is required (init); see alerts state --help");
        return ExitCodes.USAGE;
    }

    /**
     * {@code alerts state init}: creates the DynamoDB table with the production schema (the store's own
     * {@link DynamoAlertStateStore#createTable}), or the state directory; an existing one is left as it is.
     */
    @Command(name = "init",
            mixinStandardHelpOptions = true,
            description = {"Creates the state store that alerts run --state uses: a DynamoDB table with the schema the functions use "
                    + "(on-demand, keys pk and sk, the index of claims still to deliver, TTL on the history), or a directory.",
                    "An existing table or directory is left as it is. AWS settings come from the environment (AWS_REGION, "
                            + "AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL for a local emulator, the credentials chain).",
                    "Exit codes: 0 created or already there; 1 the AWS call failed; 2 bad usage."})
    static final class Init implements Callable<Integer> {
        @ParentCommand
        private StateCommand state;

        @Option(names = "--state", paramLabel = "DIR|dynamodb:TABLE", defaultValue = ".alerts",
                description = "The store to create: a directory (default: ${DEFAULT-VALUE}/ in the working directory) or dynamodb:TABLE.")
        private String location;

        @Override
        public Integer call() {
            CliEnvironment env = state.parent.environment();
            if (location.startsWith(AlertsWiring.DYNAMODB_PREFIX)) {
                String table = location.substring(AlertsWiring.DYNAMODB_PREFIX.length()).strip();
                if (table.isEmpty()) {
                    throw CliFailure.usage("alerts state init: dynamodb: needs a table name, as in dynamodb:market-alerts-state");
                }
                return table(env, table);
            }
            return directory(env, env.resolve(location));
        }

        private static int table(CliEnvironment env, String table) {
            Optional<URI> endpoint;
            try {
                endpoint = AwsClients.endpointFor("DYNAMODB", env.env());
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage("alerts state init: " + e.getMessage());
            }
            try (AwsClients aws = AwsClients.fromEnvironment(env.env())) {
                String where = aws.region().id() + endpoint.map(u -> " at " + u).orElse("");
                DynamoDbClient dynamo = aws.dynamoDb();
                Optional<TableDescription> existing = describe(dynamo, table);
                if (existing.isPresent()) {
                    env.out().println("DynamoDB table " + table + " exists already in " + where + " (" + layout(existing.get())
                            + "); nothing was changed.");
                    return ExitCodes.OK;
                }
                DynamoAlertStateStore.createTable(dynamo, table);
                TableDescription created = describe(dynamo, table).orElseThrow(() ->
                        new StateStoreException("DynamoDB table " + table + " was created but cannot be found"));
                env.out().println("Created DynamoDB table " + table + " in " + where + " (" + layout(created) + ").");
                env.out().println("Use it with: alerts run --state dynamodb:" + table);
                return ExitCodes.OK;
            } catch (StateStoreException | SdkException e) {
                throw new CliFailure(ExitCodes.FAILURES, List.of("alerts state init: " + e.getMessage()));
            }
        }

        private static Optional<TableDescription> describe(DynamoDbClient dynamo, String table) {
            try {
                return Optional.of(dynamo.describeTable(b -> b.tableName(table)).table());
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        }

        /** "key pk, sk; index due-index (pending, leaseUntil); on-demand", from what DynamoDB says. */
        private static String layout(TableDescription t) {
            StringBuilder out = new StringBuilder("key ").append(keys(t.keySchema()));
            if (t.hasGlobalSecondaryIndexes()) {
                t.globalSecondaryIndexes().forEach(i -> out.append("; index ").append(i.indexName()).append(" (").append(keys(i.keySchema())).append(')'));
            }
            if (t.billingModeSummary() != null && t.billingModeSummary().billingMode() != null) {
                out.append("; ").append(t.billingModeSummary().billingModeAsString().equals("PAY_PER_REQUEST") ? "on-demand"
                        : t.billingModeSummary().billingModeAsString());
            }
            return out.toString();
        }

        private static String keys(List<KeySchemaElement> schema) {
            return schema.stream().map(KeySchemaElement::attributeName).collect(Collectors.joining(", "));
        }

        private static int directory(CliEnvironment env, Path dir) {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw CliFailure.usage("alerts state init: " + dir + " is a file, not a directory");
            }
            boolean existed = Files.isDirectory(dir);
            try {
                FileAlertStateStore.open(dir);
            } catch (StateStoreException e) {
                throw new CliFailure(ExitCodes.FAILURES, List.of("alerts state init: " + e.getMessage()));
            }
            env.out().println(existed ? "State directory " + dir + " exists already; it is ready."
                    : "Created state directory " + dir + ".");
            return ExitCodes.OK;
        }
    }
}
