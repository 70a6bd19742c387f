package dev.marketalerts.cli;

import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.CliFailure;
import dev.marketalerts.cli.common.ExitCodes;
import dev.marketalerts.cli.invoke.InvokeCommand;
import dev.marketalerts.cli.subscribe.SubscriptionCommands;
import dev.marketalerts.marketdata.http.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine;

/**
 * The {@code alerts} command: validate the config, run one tick locally, backtest a date range on replay data,
 * or set up the state store. {@link #execute} runs it in-process with given streams, environment and clock
 * and returns the exit code; only {@link #main} exits the JVM.
 */
@Command(name = "alerts",
        mixinStandardHelpOptions = true,
        version = "alerts 0.1.0",
        description = {"Market alerts on your own machine: earnings reminders and surprises, price moves and levels.",
                "Exit codes: 0 ok; 1 the job ran and some provider or notification failed (what was done is kept); "
                        + "2 bad usage, or an invalid config or replay file (nothing was done)."},
        subcommands = {ValidateCommand.class, RunCommand.class, BacktestCommand.class, StateCommand.class, HelpCommand.class},
        // invoke, subscribe, subscriptions, unsubscribe and filter-policy are added in execute (they take the environment)
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        exitCodeOnExecutionException = ExitCodes.FAILURES,
        usageHelpAutoWidth = true)
public final class AlertsCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    public AlertsCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    /** {@code alerts} alone: say what it can do, as a usage error. */
    @Override
    public Integer call() {
        environment.err().println("alerts: a command is required (validate, run, backtest, state, invoke, subscribe, subscriptions, unsubscribe or filter-policy); see alerts --help");
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        // Provider retries are logged at INFO for the Lambdas' logs; at a terminal the end-of-run errors say it once.
        CliLogging.configure(System.err, System.getenv().containsKey("ALERTS_DEBUG"));
        System.exit(execute(CliEnvironment.system(), args));
    }

    private static void versionEverywhere(CommandLine command, String[] version) {
        command.getCommandSpec().version(version);
        command.getSubcommands().values().forEach(sub -> versionEverywhere(sub, version));
    }

    /** Runs the command line in-process and returns its exit code. */
    public static int execute(CliEnvironment environment, String... args) {
        CommandLine cmd = new CommandLine(new AlertsCommand(environment));
        cmd.addSubcommand(new InvokeCommand(environment));
        SubscriptionCommands.register(cmd, environment);
        // Every command answers -V with the one version (picocli gives a subcommand none of its own).
        String[] version = cmd.getCommandSpec().version();
        cmd.getCommandSpec().subcommands().values().forEach(sub -> versionEverywhere(sub, version));
        cmd.setOut(new PrintWriter(environment.out(), true));
        cmd.setErr(new PrintWriter(environment.err(), true));
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliFailure failure) {
                failure.lines().forEach(environment.err()::println);
                return failure.exitCode();
            }
            return unexpected(environment, commandLine.getCommandName(), e);
        });
        cmd.setParameterExceptionHandler((e, commandArgs) -> {
            CommandLine failed = e.getCommandLine();
            environment.err().println("alerts: " + e.getMessage());
            environment.err().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCodes.USAGE;
        });
        int code = cmd.execute(args);
        environment.out().flush();
        environment.err().flush();
        return code;
    }

    /**
     * Not an expected failure: says what happened in one line, the trace only on request. A library's message may quote
     * a URL with its key: both are scrubbed.
     */
    static int unexpected(CliEnvironment environment, String command, Throwable e) {
        environment.err().println(Secrets.redactEverywhere("alerts " + command + ": unexpected error: " + describe(e)));
        if (environment.env().containsKey("ALERTS_DEBUG")) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            environment.err().print(Secrets.redactEverywhere(trace.toString()));
        } else {
            environment.err().println("(set ALERTS_DEBUG=1 to see the stack trace)");
        }
        return ExitCodes.FAILURES;
    }

    private static String describe(Throwable e) {
        List<String> parts = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
            parts.add(t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        return String.join(" <- ", parts);
    }
}
