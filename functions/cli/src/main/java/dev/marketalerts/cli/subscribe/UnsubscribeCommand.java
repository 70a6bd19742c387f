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
import picocli.CommandLine.Parameters;

/** {@code alerts unsubscribe SUBSCRIPTION-ARN}: removes one subscription and says what it was. */
@Command(name = "unsubscribe",
        mixinStandardHelpOptions = true,
        description = {"Removes a subscription of the alerts topic.",
                "Give its ARN as alerts subscriptions lists it.",
                "Exit codes: 0 removed; 1 the SNS call failed; 2 bad input, or no such subscription (nothing was removed)."})
final class UnsubscribeCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Parameters(index = "0", paramLabel = "SUBSCRIPTION-ARN", description = "arn:aws:sns:REGION:ACCOUNT:TOPIC:ID")
    String subscriptionArn;

    UnsubscribeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        SubscriptionInputs.subscriptionArnProblem(subscriptionArn).ifPresent(p -> {
            throw SubscriptionCommands.invalid("unsubscribe", List.of(p), "Nothing was removed.");
        });
        Subscription removed;
        try (AwsClients aws = SnsConnection.forArn(environment, subscriptionArn, "unsubscribe")) {
            removed = new SnsSubscriptions(aws.sns()).unsubscribe(subscriptionArn);
        } catch (SubscriptionFailure e) {
            throw SubscriptionCommands.failed("unsubscribe", e);
        }
        environment.out().println("Unsubscribed " + removed.protocol() + " " + SubscriptionTable.endpoint(removed.protocol(), removed.endpoint())
                + " (filter policy: " + SubscriptionTable.policy(removed) + "): " + subscriptionArn);
        return ExitCodes.OK;
    }
}
