package dev.marketalerts.cli.subscribe;

import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.subscribe.FilterPolicy;
import dev.marketalerts.aws.subscribe.Protocol;
import dev.marketalerts.aws.subscribe.SnsSubscriptions;
import dev.marketalerts.aws.subscribe.SubscriptionFailure;
import dev.marketalerts.aws.subscribe.SubscriptionInputs;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.ExitCodes;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code alerts subscribe}: subscribes an e-mail address, phone, queue, https endpoint or function to the alerts topic,
 * with a filter policy on the alert attributes. All input is checked before SNS is called.
 */
@Command(name = "subscribe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Subscribes an e-mail address, phone, queue, https URL or function to the alerts topic.",
                "It receives only the alerts the filter options select (no options: every alert): they become an SNS filter "
                        + "policy on the message attributes symbol, kind, rule and severity, such as "
                        + "{\"symbol\":[\"NVDA\",\"IREN\"],\"kind\":[\"earnings-reminder\"]}.",
                "AWS settings come from the environment (AWS_PROFILE or AWS_ACCESS_KEY_ID..., AWS_ENDPOINT_URL[_SNS]); "
                        + "the region is the topic's.",
                "Exit codes: 0 subscribed; 1 the SNS call failed; 2 bad input, or SNS refused it (nothing was subscribed)."})
final class SubscribeCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Option(names = "--topic-arn", required = true, paramLabel = "ARN", description = "The alerts topic (the stack's AlertsTopicArn output).")
    String topicArn;

    @Option(names = "--protocol", required = true, paramLabel = "email|sms|sqs|https|lambda", description = "How alerts are delivered.")
    String protocol;

    @Option(names = "--endpoint", required = true, paramLabel = "ENDPOINT",
            description = "Where to: an e-mail address (email), an E.164 phone number such as +14155550123 (sms), a queue ARN (sqs), "
                    + "an https:// URL (https) or a function ARN (lambda).")
    String endpoint;

    @Mixin
    FilterOptions filter = new FilterOptions();

    SubscribeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>();
        SubscriptionInputs.topicArnProblem("--topic-arn", topicArn).ifPresent(problems::add);
        Optional<Protocol> p = Protocol.fromWireName(protocol);
        if (p.isEmpty()) {
            problems.add("--protocol '" + protocol + "' is not supported: expected one of " + Protocol.names());
        } else {
            SubscriptionInputs.endpointProblem(p.get(), endpoint).ifPresent(problems::add);
        }
        Optional<FilterPolicy> policy = filter.policy(problems);
        filter.checkConfigExists(environment, problems);
        Optional<URI> hintEndpoint = Optional.empty();
        try {
            hintEndpoint = p.map(this::hintEndpoint).orElse(Optional.empty());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw SubscriptionCommands.invalid("subscribe", problems, "Nothing was subscribed.");
        }
        PrintStream out = environment.out();
        filter.warnings(environment, policy.get()).forEach(environment.err()::println);
        String subscriptionArn;
        try (AwsClients aws = SnsConnection.forArn(environment, topicArn, "subscribe")) {
            subscriptionArn = new SnsSubscriptions(aws.sns()).subscribe(topicArn, p.get(), endpoint, policy.get());
        } catch (SubscriptionFailure e) {
            throw SubscriptionCommands.failed("subscribe", e);
        }
        out.println("Subscribed " + p.get().wireName() + " " + SubscriptionTable.endpoint(p.get().wireName(), endpoint) + " to " + topicArn);
        out.println("Filter policy: " + policy.get().json().orElse("none: every alert"));
        out.println("Subscription: " + subscriptionArn);
        nextSteps(p.get(), hintEndpoint).forEach(out::println);
        return ExitCodes.OK;
    }

    /** Where the AWS CLI command of the next steps must go, for the service it calls. */
    private Optional<URI> hintEndpoint(Protocol protocol) {
        return switch (protocol) {
            case SQS -> AwsCliHints.queueEndpoint(environment.env());
            case LAMBDA -> AwsCliHints.endpoint("LAMBDA", environment.env());
            case SMS -> AwsCliHints.endpoint("SNS", environment.env());
            case EMAIL, HTTPS -> Optional.empty();
        };
    }

    /** What the endpoint's owner must still do before alerts arrive; AWS CLI commands go to {@code awsEndpoint} when set. */
    private List<String> nextSteps(Protocol protocol, Optional<URI> awsEndpoint) {
        String region = SubscriptionInputs.regionOf(topicArn);
        String aws = AwsCliHints.aws(awsEndpoint);
        return switch (protocol) {
            case EMAIL -> List.of("SNS sent a confirmation e-mail to " + endpoint + ". The subscription stays pending confirmation,",
                    "and receives nothing, until the link in that e-mail (\"Confirm subscription\") is clicked.",
                    "alerts subscriptions --topic-arn " + topicArn + " shows whether it is confirmed.");
            case HTTPS -> List.of("SNS POSTs a SubscriptionConfirmation message to " + SubscriptionTable.endpoint("https", endpoint) + ". The",
                    "subscription stays pending confirmation, and receives nothing, until the endpoint visits its SubscribeURL.");
            case SMS -> List.of("If the account is still in the SMS sandbox, only verified numbers receive texts: verify it with",
                    aws + " sns create-sms-sandbox-phone-number --region " + region + " --phone-number " + endpoint
                            + ", then " + aws + " sns verify-sms-sandbox-phone-number with the code sent to it.");
            case SQS -> List.of("The queue must allow the topic to send to it. If its policy does not yet, run (this replaces the",
                    "queue's access policy: merge by hand if it has one):",
                    QueueGrant.command(endpoint, topicArn, awsEndpoint));
            case LAMBDA -> List.of("The function must allow SNS to invoke it. If it does not yet, run:",
                    aws + " lambda add-permission --region " + SubscriptionInputs.regionOf(endpoint) + " --function-name " + endpoint
                            + " --statement-id market-alerts-sns --action lambda:InvokeFunction --principal sns.amazonaws.com"
                            + " --source-arn " + topicArn);
        };
    }
}
