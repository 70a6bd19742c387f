package dev.marketalerts.wiring;

import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.DynamoAlertStateStore;
import dev.marketalerts.aws.SecretResolver;
import dev.marketalerts.aws.SnsNotifier;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.EarningsCalendar;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.job.PriceFeed;
import dev.marketalerts.local.CompositeNotifier;
import dev.marketalerts.local.ConsoleNotifier;
import dev.marketalerts.local.FileAlertStateStore;
import dev.marketalerts.local.OutboxNotifier;
import dev.marketalerts.marketdata.KeyResolver;
import dev.marketalerts.marketdata.factory.MarketDataFactory;
import dev.marketalerts.marketdata.replay.ReplayMarketData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place where settings become an {@link AlertJob}, shared by the CLI and both Lambdas: which
 * state store ({@code DIR} or {@code dynamodb:TABLE}), which notifier (an SNS topic, or the console plus
 * an optional outbox file), which market data (replay files or the live provider chains), the clock and
 * the environment. Plain constructor injection; AWS clients are built only when something needs them.
 * A Lambda keeps one wiring (and what it built) per container: the live providers' caches, rate limiters
 * and circuit breakers live in the market data it returns.
 */
public final class AlertsWiring implements AutoCloseable {
    public static final String DYNAMODB_PREFIX = "dynamodb:";

    /** Where the job keeps its state. */
    public sealed interface StateSpec {
        /**
         * The embedded file store in a directory; {@code durable} forces every file to disk before its rename (without it a
         * killed process still leaves whole files, but a crash of the machine may lose the last writes).
         */
        record Directory(Path dir, boolean durable) implements StateSpec {
            public Directory {
                Objects.requireNonNull(dir, "dir");
            }

            public Directory(Path dir) {
                this(dir, true);
            }
        }

        /** A DynamoDB table. */
        record DynamoDb(String table) implements StateSpec {
            public DynamoDb {
                if (table == null || table.isBlank()) {
                    throw new IllegalArgumentException("dynamodb: needs a table name, as in dynamodb:market-alerts-state");
                }
            }
        }

        /** {@code dynamodb:TABLE} names a table; anything else is a directory, read against {@code base}. */
        static StateSpec parse(String spec, Path base) {
            if (spec == null || spec.isBlank()) {
                throw new IllegalArgumentException("the state location is empty: give a directory or dynamodb:TABLE");
            }
            if (spec.startsWith(DYNAMODB_PREFIX)) {
                return new DynamoDb(spec.substring(DYNAMODB_PREFIX.length()).strip());
            }
            return new Directory(base.resolve(spec).normalize());
        }
    }

    /** Where alerts go. */
    public sealed interface NotifierSpec {
        /** An SNS topic. */
        record Sns(String topicArn) implements NotifierSpec {
            public Sns {
                if (topicArn == null || !topicArn.startsWith("arn:")) {
                    throw new IllegalArgumentException("a topic ARN starts with arn: (as in arn:aws:sns:us-east-1:123456789012:market-alerts)");
                }
            }
        }

        /**
         * A readable line per alert on {@code console}, and with {@code outbox} (may be null) a JSON line appended there.
         * With an outbox, the outbox is the record and the console line is best effort: a console that cannot be written
         * is reported to {@code warnings}.
         */
        record Local(PrintStream console, Path outbox, Consumer<String> warnings) implements NotifierSpec {
            public Local {
                Objects.requireNonNull(console, "console");
                Objects.requireNonNull(warnings, "warnings");
            }
        }
    }

    /** Where market data comes from. */
    public sealed interface DataSpec {
        /** Replay files in a directory, seen as of the clock's instant. */
        record Replay(Path dir) implements DataSpec {
            public Replay {
                Objects.requireNonNull(dir, "dir");
            }
        }

        /** The live providers of the config's {@code providers:} block. */
        record Live() implements DataSpec {
        }
    }

    /** The market-data ports, and the replay data behind them when replaying (else null). */
    public record MarketData(PriceFeed prices, EarningsCalendar earnings, ReplayMarketData replay) {
        public MarketData {
            Objects.requireNonNull(prices, "prices");
            Objects.requireNonNull(earnings, "earnings");
        }
    }

    /** A wired job and the adapters it was given. */
    public record Wired(AlertJob job, MarketData data, AlertStateStore store, Notifier notifier) {
    }

    private final Map<String, String> env;
    private final Clock clock;
    private final Supplier<AwsClients> awsFactory;
    private AwsClients aws;
    private SecretResolver secrets;

    /** Wiring for this environment, building AWS clients from it (region, endpoints, credentials chain) when needed. */
    public AlertsWiring(Map<String, String> env, Clock clock) {
        this(env, clock, new EnvironmentClients(env));
    }

    /** AWS clients from the environment (a class, not a lambda: each lambda is a class spun at run time, on every cold start). */
    private static final class EnvironmentClients implements Supplier<AwsClients> {
        private final Map<String, String> env;

        EnvironmentClients(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public AwsClients get() {
            return AwsClients.fromEnvironment(env);
        }
    }

    /** The Parameters and Secrets extension's answers, through the resolver built on first use. */
    private final class LambdaKeys implements KeyResolver {
        @Override
        public String resolve(String reference) {
            return secretResolver().resolve(reference);
        }
    }

    public AlertsWiring(Map<String, String> env, Clock clock, Supplier<AwsClients> awsFactory) {
        this.env = Map.copyOf(env);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.awsFactory = Objects.requireNonNull(awsFactory, "awsFactory");
    }

    public Clock clock() {
        return clock;
    }

    /** Everything at once: the adapters chosen by the specs, and the job over them. */
    public Wired wire(AlertsConfig config, DataSpec data, StateSpec state, NotifierSpec notifier, AlertJob.JobListener listener) {
        MarketData marketData = marketData(config, data);
        AlertStateStore store = stateStore(state);
        Notifier out = notifier(notifier);
        return new Wired(job(config, marketData, store, out, listener), marketData, store, out);
    }

    /**
     * The job over these adapters. Health incidents watch live providers: replay files have no outage to report, and
     * their daily bars leave crypto without a fresh price between closes, so replays run without them.
     */
    public AlertJob job(AlertsConfig config, MarketData data, AlertStateStore store, Notifier notifier, AlertJob.JobListener listener) {
        AlertsConfig effective = data.replay() != null ? config.withHealthAfter(0) : config;
        return new AlertJob(effective, data.prices(), data.earnings(), store, notifier, clock, AlertJob.DeliveryPolicy.DEFAULT, listener);
    }

    public AlertStateStore stateStore(StateSpec spec) {
        if (spec instanceof StateSpec.DynamoDb d) {
            return new DynamoAlertStateStore(aws().dynamoDb(), d.table());
        }
        StateSpec.Directory directory = (StateSpec.Directory) spec;
        return FileAlertStateStore.open(directory.dir(), directory.durable());
    }

    public Notifier notifier(NotifierSpec spec) {
        if (spec instanceof NotifierSpec.Sns sns) {
            return snsNotifier(sns.topicArn());
        }
        NotifierSpec.Local local = (NotifierSpec.Local) spec;
        ConsoleNotifier console = new ConsoleNotifier(local.console());
        if (local.outbox() == null) {
            return console;
        }
        // An alert is delivered once its line is in the outbox. Failing it because the console then could not be written
        // would leave it owed, and every later run would append it to the outbox again.
        return CompositeNotifier.of(local.warnings(), new OutboxNotifier(local.outbox()), console);
    }

    /**
     * Replay data loaded from its directory (throws {@code ReplayDataException} naming file and line when a
     * file is malformed), or the live provider chains of the config.
     */
    public MarketData marketData(AlertsConfig config, DataSpec spec) {
        if (spec instanceof DataSpec.Replay replay) {
            ReplayMarketData data = ReplayMarketData.load(replay.dir());
            return new MarketData(data, data, data);
        }
        return liveMarketData(config);
    }

    /**
     * Resolves {@code ssm:} and {@code secret:} key references: in Lambda through the Parameters and Secrets
     * extension ({@link SecretResolver}, built on first use, so a config with plain keys never touches it);
     * elsewhere they cannot be resolved and the provider is skipped with a message saying so. Plain keys and
     * {@code ${ENV}} values never reach the resolver.
     */
    public KeyResolver keyResolver() {
        return inLambda() ? new LambdaKeys() : KeyResolver.LOCAL;
    }

    private synchronized AwsClients aws() {
        if (aws == null) {
            aws = awsFactory.get();
        }
        return aws;
    }

    @Override
    public synchronized void close() {
        if (aws != null) {
            aws.close();
            aws = null;
        }
    }

    private Notifier snsNotifier(String topicArn) {
        return new SnsNotifier(aws().sns(), topicArn);
    }

    private MarketData liveMarketData(AlertsConfig config) {
        MarketDataFactory factory = new MarketDataFactory(config.providers(), keyResolver(), clock);
        return new MarketData(factory.priceFeed(), factory.earningsCalendar(), null);
    }

    /** Whether this process runs inside Lambda, where the Parameters and Secrets extension answers. */
    public boolean inLambda() {
        return env.containsKey("AWS_LAMBDA_FUNCTION_NAME");
    }

    private synchronized SecretResolver secretResolver() {
        if (secrets == null) {
            secrets = SecretResolver.forLambda(env, clock);
        }
        return secrets;
    }
}
