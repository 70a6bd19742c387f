package dev.marketalerts.cli;

import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.CliFailure;
import dev.marketalerts.cli.common.ExitCodes;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertFormats;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.StateStoreException;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.marketdata.replay.ReplayDataException;
import dev.marketalerts.wiring.AlertsWiring.DataSpec;
import dev.marketalerts.wiring.AlertsWiring.NotifierSpec;
import dev.marketalerts.wiring.AlertsWiring.StateSpec;
import dev.marketalerts.wiring.AlertsWiring;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code alerts run}: one tick of the price job, the earnings job or both, through the same AlertJob the
 * Lambdas run. Alerts print as lines on stdout and, with {@code --outbox}, append as JSON lines; the state
 * store makes a repeated run send nothing.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Runs one tick of the jobs now (or as of --at) and sends what fires.",
                "Alerts print on stdout; with --outbox each is also appended to FILE as one JSON line.",
                "State (what was already sent, rule memory) is kept in --state, so running the same tick again sends nothing.",
                "Exit codes: 0 ok; 1 a provider or a notification failed (what was done is kept); 2 bad usage or invalid input."})
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private AlertsCommand parent;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "alerts.yaml",
            description = "The config file (default: ${DEFAULT-VALUE} in the working directory).")
    private String config;

    @Option(names = "--job", paramLabel = "price|earnings|all", defaultValue = "all", converter = Converters.JobConverter.class,
            description = "Which job to run (default: ${DEFAULT-VALUE}).")
    private JobKind job;

    @Option(names = "--at", paramLabel = "TIME", converter = Converters.AtConverter.class,
            description = {"The time of the tick (default: now). An ISO instant (2026-02-25T23:00:00Z), a date-time with offset "
                    + "(2026-02-25T18:00-05:00), or a local date-time read in the config's timezone (2026-02-25T18:00).",
                    "With --data the market is seen as of this time; without it, live data is fetched now and only the "
                            + "rules' notion of time moves."})
    private Converters.At atOption;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Replay market data from DIR (SYMBOL.csv bars and earnings.csv) instead of the live providers.")
    private String data;

    @Option(names = "--state", paramLabel = "DIR|dynamodb:TABLE", defaultValue = ".alerts",
            description = "Where state is kept: a directory (default: ${DEFAULT-VALUE}/ in the working directory) or a DynamoDB table.")
    private String state;

    @Option(names = "--outbox", paramLabel = "FILE", description = "Also append each alert as a JSON line (the alert JSON that SNS subscribers get) to FILE.")
    private String outbox;

    @Option(names = "--topic-arn", paramLabel = "ARN",
            description = "Publish to this SNS topic instead of printing (AWS settings from the environment: AWS_REGION, "
                    + "AWS_ENDPOINT_URL, credentials chain).")
    private String topicArn;

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment();
        AlertsConfig loaded = ConfigFiles.load(env, config);
        if (topicArn != null && outbox != null) {
            throw CliFailure.usage("--outbox and --topic-arn do not go together: alerts go either to SNS or to the console and outbox");
        }
        StateSpec stateSpec;
        NotifierSpec notifierSpec;
        try {
            stateSpec = StateSpec.parse(state, env.workDir());
            notifierSpec = topicArn != null ? new NotifierSpec.Sns(topicArn.strip())
                    : new NotifierSpec.Local(env.out(), outbox == null ? null : env.resolve(outbox), w -> env.err().println("warning: " + w));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        DataSpec dataSpec = data == null ? new DataSpec.Live() : new DataSpec.Replay(env.resolve(data));
        Instant at = atOption == null ? null : atOption.in(loaded.timezone());
        Instant tickTime = at != null ? at : env.clock().instant();
        Clock clock = at != null ? Clock.fixed(at, ZoneOffset.UTC) : env.clock();
        ProblemListener listener = new ProblemListener();
        TickSummary summary;
        try (AlertsWiring wiring = new AlertsWiring(env.env(), clock)) {
            AlertsWiring.Wired wired;
            try {
                wired = wiring.wire(loaded, dataSpec, stateSpec, notifierSpec, listener);
            } catch (ReplayDataException e) {
                throw CliFailure.usage(e.getMessage());
            }
            if (wired.data().replay() != null) {
                wired.data().replay().warnings().forEach(w -> env.err().println("warning: " + w));
            }
            summary = wired.job().run(job, tickTime);
        } catch (StateStoreException e) {
            throw new CliFailure(ExitCodes.FAILURES, List.of("error: state store: " + stateStoreProblem(stateSpec, e)));
        }
        report(env, summary, listener);
        return summary.hasFailures() ? ExitCodes.FAILURES : ExitCodes.OK;
    }

    private void report(CliEnvironment env, TickSummary summary, ProblemListener listener) {
        // Failures first: the summary stays the last line, and never reads as if all went well when something failed.
        for (String[] w : listener.reported) {
            if (summary.problems().stream().noneMatch(p -> p.contains(w[1]))) {
                env.err().println("warning: " + w[0] + ": " + w[1]);
            }
        }
        summary.problems().forEach(p -> env.err().println("error: " + p));
        summary.unknowns().forEach(u -> env.out().println("unknown: " + u));
        listener.deferred.forEach((outcome, n) -> env.out().println(plural(n, "alert") + " " + outcome + "."));
        if (topicArn != null) {
            // SNS has the alerts; say here what went out.
            summary.sentAlerts().forEach(a -> env.out().println(AlertFormats.line(a)));
        }
        String what = (job == JobKind.ALL ? "price and earnings jobs" : job.wireName() + " job") + " as of " + summary.scheduledTime();
        String failures = summary.hasFailures() ? plural(Math.max(summary.problems().size(), summary.failed()), "error") + " above. " : "";
        if (summary.sent() > 0) {
            env.out().println(failures + "Sent " + plural(summary.sent(), "alert") + " (" + what + ")"
                    + (summary.duplicates() > 0 ? "; " + plural(summary.duplicates(), "alert") + " had been sent already" : "")
                    + (outbox != null ? "; appended to " + outbox : "") + ".");
        } else if (summary.hasFailures()) {
            env.out().println(failures + "Nothing was sent (" + what + ")"
                    + (summary.duplicates() > 0 ? ": " + plural(summary.duplicates(), "alert") + " had been sent already" : "") + ".");
        } else if (summary.deferred() > 0) {
            env.out().println("Nothing sent by this run (" + what + "): " + plural(summary.deferred(), "alert")
                    + " held by another run, as said above"
                    + (summary.duplicates() > 0 ? "; " + plural(summary.duplicates(), "alert") + " had been sent already" : "") + ".");
        } else if (summary.duplicates() > 0) {
            env.out().println("Nothing new to send (" + what + "): " + plural(summary.duplicates(), "alert") + " had been sent already.");
        } else {
            env.out().println("Nothing new to send (" + what + "; " + plural(summary.evaluated(), "rule evaluation") + ").");
        }
    }

    /** A missing table says how to create it; anything else as the store put it. */
    private static String stateStoreProblem(StateSpec spec, StateStoreException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResourceNotFoundException && spec instanceof StateSpec.DynamoDb d) {
                return "table " + d.table() + " does not exist; create it with `alerts state init --state dynamodb:" + d.table() + "`";
            }
        }
        return e.getMessage();
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** Keeps what providers said went wrong (failures and warnings), and the alerts another run holds, for the end of the run. */
    private static final class ProblemListener implements AlertJob.JobListener {
        final List<String[]> reported = new ArrayList<>();
        /** How many alerts each lease of another run holds back, by its description. */
        final Map<String, Integer> deferred = new LinkedHashMap<>();

        @Override
        public void providerFailed(String what, String reason) {
            reported.add(new String[] {what, reason});
        }

        @Override
        public void duplicate(Alert alert, ClaimOutcome outcome) {
            if (outcome instanceof ClaimOutcome.InProgress) {
                deferred.merge(outcome.describe(), 1, Integer::sum);
            }
        }
    }
}
