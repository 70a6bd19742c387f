package dev.marketalerts.cli.subscribe;

import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.subscribe.SnsSubscriptions;
import dev.marketalerts.aws.subscribe.Subscription;
import dev.marketalerts.aws.subscribe.SubscriptionFailure;
import dev.marketalerts.aws.subscribe.SubscriptionInputs;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.ExitCodes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alerts subscriptions}: the topic's subscriptions with their filter policies, as a table. */
@Command(name = "subscriptions",
        mixinStandardHelpOptions = true,
        description = {"Lists the subscriptions of the alerts topic with their filter policies.",
                "Shows protocol, endpoint (phone numbers masked but for their last 4 digits), filter policy and subscription ARN.",
                "Exit codes: 0 listed; 1 the SNS call failed; 2 bad input, or SNS refused it."})
final class SubscriptionsCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Option(names = "--topic-arn", required = true, paramLabel = "ARN", description = "The alerts topic (the stack's AlertsTopicArn output).")
    String topicArn;

    SubscriptionsCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        SubscriptionInputs.topicArnProblem("--topic-arn", topicArn).ifPresent(p -> {
            throw SubscriptionCommands.invalid("subscriptions", List.of(p), "Nothing was listed.");
        });
        List<Subscription> subscriptions;
        try (AwsClients aws = SnsConnection.forArn(environment, topicArn, "subscriptions")) {
            subscriptions = new SnsSubscriptions(aws.sns()).list(topicArn);
        } catch (SubscriptionFailure e) {
            throw SubscriptionCommands.failed("subscriptions", e);
        }
        if (subscriptions.isEmpty()) {
            environment.out().println("No subscriptions on " + topicArn + " (alerts subscribe --topic-arn " + topicArn
                    + " --protocol ... --endpoint ... adds one).");
            return ExitCodes.OK;
        }
        SubscriptionTable.render(subscriptions).forEach(environment.out()::println);
        environment.out().println(subscriptions.size() + " subscription" + (subscriptions.size() == 1 ? "" : "s") + " on " + topicArn + ".");
        return ExitCodes.OK;
    }
}
