package dev.marketalerts.cli.subscribe;

import dev.marketalerts.aws.subscribe.SubscriptionFailure;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.CliFailure;
import dev.marketalerts.cli.common.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Adds {@code subscribe}, {@code subscriptions}, {@code unsubscribe} and {@code filter-policy} to the alerts command; and how they fail. */
public final class SubscriptionCommands {
    private SubscriptionCommands() {
    }

    public static void register(CommandLine alerts, CliEnvironment environment) {
        alerts.addSubcommand(new SubscribeCommand(environment));
        alerts.addSubcommand(new SubscriptionsCommand(environment));
        alerts.addSubcommand(new UnsubscribeCommand(environment));
        alerts.addSubcommand(new FilterPolicyCommand(environment));
    }

    /** Bad input found before any AWS call: every problem on its own line, exit 2. */
    static CliFailure invalid(String command, List<String> problems, String nothingDone) {
        List<String> lines = new ArrayList<>();
        problems.forEach(p -> lines.add("alerts " + command + ": " + p));
        lines.add(nothingDone);
        return new CliFailure(ExitCodes.USAGE, lines);
    }

    /** SNS refused the input (exit 2, nothing changed) or the call failed (exit 1). */
    static CliFailure failed(String command, SubscriptionFailure failure) {
        return new CliFailure(failure.rejectedInput() ? ExitCodes.USAGE : ExitCodes.FAILURES,
                List.of("alerts " + command + ": " + failure.getMessage()));
    }
}
