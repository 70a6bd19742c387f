package dev.marketalerts.lambda;

import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.time.SettableClock;
import dev.marketalerts.wiring.AlertsWiring;
import dev.marketalerts.wiring.AlertsWiring.DataSpec;
import dev.marketalerts.wiring.AlertsWiring.NotifierSpec;
import dev.marketalerts.wiring.AlertsWiring.StateSpec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The per-container runtime shared by both Lambda handlers, built once when the container starts: the config
 * (bundled alerts.yaml or the SSM override), the adapters chosen from the environment through
 * {@link AlertsWiring}, the structured decision log and the metrics. A handler passes its event stream to
 * {@link #handle}; everything else happens here.
 *
 * <p>Adapters: with {@code TABLE_NAME} and {@code TOPIC_ARN} set, the DynamoDB state store and the SNS notifier; with
 * neither, the embedded file store (under /tmp) and the console notifier (alerts as lines in the log). Market
 * data is live, or replayed from {@code ALERTS_REPLAY_DATA} (a local-testing switch, see {@link LambdaSetting}).
 */
public final class AlertsLambda {
    private static AlertsLambda instance;

    private final Map<String, String> env;
    private final StructuredLog log;
    private final DecisionLog decisions;
    private final Clock wall;
    private final SettableClock clock;
    private final AlertsWiring wiring;
    private final ConfigSource configs;
    private final DataSpec data;
    private final StateSpec state;
    private final NotifierSpec notifier;
    private ConfigSource.Selected wiredConfig;
    private AlertsWiring.Wired wired;

    /**
     * @param wiringFactory builds the wiring over the job's clock (tests pass AWS clients for emulators)
     * @throws IllegalStateException when the settings are contradictory, or the bundled config is invalid and needed (no
     *                               override, or one that cannot be read or does not validate)
     */
    AlertsLambda(Map<String, String> env, PrintStream out, String bundledConfig, Clock wall,
                 Function<SettableClock, AlertsWiring> wiringFactory) {
        this.env = Map.copyOf(env);
        this.wall = Objects.requireNonNull(wall, "wall");
        this.log = new StructuredLog(out, wall);
        this.decisions = new DecisionLog(log);
        this.clock = new SettableClock(wall);
        this.wiring = wiringFactory.apply(clock);
        Optional<String> table = LambdaSetting.TABLE_NAME.in(env);
        Optional<String> topic = LambdaSetting.TOPIC_ARN.in(env);
        if (table.isPresent() != topic.isPresent()) {
            throw new IllegalStateException("set both TABLE_NAME and TOPIC_ARN (DynamoDB state, SNS alerts) or neither "
                    + "(embedded state under /tmp, alerts in the log); only " + (table.isPresent() ? "TABLE_NAME" : "TOPIC_ARN") + " is set");
        }
        if (table.isPresent()) {
            this.state = new StateSpec.DynamoDb(table.get());
            this.notifier = new NotifierSpec.Sns(topic.get());
        } else {
            Optional<String> dir = LambdaSetting.ALERTS_STATE_DIR.in(env);
            // The default directory is the container's /tmp, which lives and dies with the container: renames keep its
            // files whole if the process is killed, and forcing each one to disk (two fsyncs a file, some 40 a price tick)
            // would guard against nothing but cost every tick. A directory given by ALERTS_STATE_DIR (a mount, say) is forced.
            this.state = dir.isPresent() ? new StateSpec.Directory(Path.of(dir.get()))
                    : new StateSpec.Directory(Path.of(System.getProperty("java.io.tmpdir"), "alerts-state"), false);
            Optional<String> outbox = LambdaSetting.ALERTS_OUTBOX.in(env);
            this.notifier = new NotifierSpec.Local(out, outbox.isPresent() ? Path.of(outbox.get()) : null, new NotifierWarnings(log));
        }
        Optional<String> replay = LambdaSetting.ALERTS_REPLAY_DATA.in(env);
        this.data = replay.isPresent() ? new DataSpec.Replay(Path.of(replay.get())) : new DataSpec.Live();
        this.configs = new ConfigSource(bundledConfig, LambdaSetting.ALERTS_CONFIG_PARAMETER.in(env), new ConfigReader(wiring), env, log);
        wire(configs.select());
        ObjectNode l = log.line("INFO", "init");
        l.put("state", state instanceof StateSpec.DynamoDb d ? "dynamodb:" + d.table() : "file:" + ((StateSpec.Directory) state).dir());
        l.put("notifier", notifier instanceof NotifierSpec.Sns s ? "sns:" + s.topicArn() : "console");
        l.put("data", data instanceof DataSpec.Replay r ? "replay:" + r.dir() : "live");
        l.put("config", wiredConfig.origin());
        log.emit(l);
    }

    /** The container's runtime, built on first use from the process environment and the bundled alerts.yaml. */
    public static synchronized AlertsLambda instance() {
        if (instance == null) {
            Map<String, String> env = System.getenv();
            instance = new AlertsLambda(env, System.out, bundledConfig(), Clock.systemUTC(), new ProcessWiring(env));
        }
        return instance;
    }

    /**
     * A handler's whole job: reads the event for {@code ownJob} from {@code input} (a bad or oversized event throws),
     * runs the tick and writes the summary's JSON to {@code output}.
     */
    public void handle(InputStream input, OutputStream output, JobKind ownJob, String requestId) throws IOException {
        ScheduleEvent event = ScheduleEvent.read(input, ownJob);
        output.write(StructuredLog.JSON.writeValueAsBytes(run(event, requestId).toJson()));
    }

    /** Runs one tick for {@code event}; a store failure or a bug propagates, so Lambda retries the event. */
    public InvocationSummary run(ScheduleEvent event, String requestId) {
        log.requestId(requestId);
        decisions.reset();
        try {
            Instant scheduled = event.scheduledTimeOr(wall.instant());
            if (data instanceof DataSpec.Replay) {
                clock.set(scheduled);
            } else {
                clock.release();
            }
            ConfigSource.Selected config = configs.select();
            if (config != wiredConfig) {
                wire(config);
            }
            ObjectNode l = log.line("INFO", "invocation");
            l.put("job", event.job().wireName());
            l.put("scheduledTime", scheduled.toString());
            if (event.job() == JobKind.PRICE) {
                ArrayNode markets = l.putArray("markets");
                for (Market m : event.markets()) {
                    markets.add(m.wireName());
                }
            }
            if (event.watch()) {
                l.put("watch", true);
            }
            l.put("eventShape", event.shape().name().toLowerCase(java.util.Locale.ROOT));
            l.put("config", config.origin());
            log.emit(l);
            long started = System.nanoTime();
            TickSummary tick = event.watch() ? wired.job().watchEarnings(scheduled) : wired.job().run(event.job(), scheduled, event.markets());
            double millis = (System.nanoTime() - started) / 1_000_000.0;
            InvocationSummary summary = InvocationSummary.of(tick, event.markets(), config.origin());
            ObjectNode s = log.line("INFO", "summary");
            s.put("job", summary.job());
            s.put("evaluated", summary.evaluated());
            s.put("triggered", summary.triggered());
            s.put("sent", summary.sent());
            s.put("failed", summary.failed());
            s.put("duplicates", summary.duplicates());
            s.put("deferred", summary.deferred());
            s.put("openHealthIncidents", summary.openHealthIncidents());
            ArrayNode problems = s.putArray("problems");
            for (String p : summary.problems()) {
                problems.add(p);
            }
            log.emit(s);
            log.raw(EmfMetrics.record(summary.job(), env.get("AWS_LAMBDA_FUNCTION_NAME"), wall.instant(),
                    new EmfMetrics.Values(tick.evaluated(), tick.triggered(), tick.sent(), tick.failed(),
                            decisions.unknownOutcomes(), tick.duplicates(), tick.deferred(), decisions.providerFailures(),
                            tick.openIncidents(), millis)));
            return summary;
        } catch (RuntimeException e) {
            log.error("invocation-failed", l -> {
                l.put("job", event.job().wireName());
                l.put("error", e.getClass().getSimpleName());
                l.put("message", String.valueOf(e.getMessage()));
            });
            throw e;
        } finally {
            log.requestId(null);
        }
    }

    private void wire(ConfigSource.Selected config) {
        wired = wiring.wire(config.config(), data, state, notifier, decisions);
        wiredConfig = config;
    }

    /** Reads the override's {@code ssm:} reference through the wiring's key resolver (a class, not a lambda: see {@link StructuredLog#line}). */
    private static final class ConfigReader implements Function<String, String> {
        private final AlertsWiring wiring;

        ConfigReader(AlertsWiring wiring) {
            this.wiring = wiring;
        }

        @Override
        public String apply(String reference) {
            return wiring.keyResolver().resolve(reference);
        }
    }

    /** The wiring over the process environment. */
    private static final class ProcessWiring implements Function<SettableClock, AlertsWiring> {
        private final Map<String, String> env;

        ProcessWiring(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public AlertsWiring apply(SettableClock clock) {
            return new AlertsWiring(env, clock);
        }
    }

    /** A warning of the local notifier, as a log line. */
    private static final class NotifierWarnings implements Consumer<String> {
        private final StructuredLog log;

        NotifierWarnings(StructuredLog log) {
            this.log = log;
        }

        @Override
        public void accept(String warning) {
            log.emit(log.line("WARN", "notifier-warning").put("warning", warning));
        }
    }

    /** The alerts.yaml bundled into the function at build (the root of its jar). */
    static String bundledConfig() {
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader()).orElse(AlertsLambda.class.getClassLoader());
        try (InputStream in = loader.getResourceAsStream(ConfigSource.BUNDLED_NAME)) {
            if (in == null) {
                throw new IllegalStateException("alerts.yaml is not in the function's package: build the function with ./mvnw package, "
                        + "which bundles the repository's alerts.yaml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled alerts.yaml: " + e.getMessage(), e);
        }
    }
}
