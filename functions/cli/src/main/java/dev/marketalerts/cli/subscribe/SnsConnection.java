package dev.marketalerts.cli.subscribe;

import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.subscribe.SubscriptionInputs;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.CliFailure;
import java.util.HashMap;
import java.util.Map;

/**
 * AWS clients for the subscription commands, from the command's environment: endpoint overrides as {@link AwsClients}
 * reads them, the region of the ARN being worked on (SNS answers for a topic only in its own region), and credentials
 * from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) when the environment has them, else the SDK's
 * default chain (profiles, SSO, container and instance roles).
 */
final class SnsConnection {
    private SnsConnection() {
    }

    static AwsClients forArn(CliEnvironment environment, String arn, String command) {
        Map<String, String> env = new HashMap<>(environment.env());
        env.put("AWS_REGION", SubscriptionInputs.regionOf(arn));
        try {
            AwsClients.endpointFor("SNS", env);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("alerts " + command + ": " + e.getMessage());
        }
        return AwsClients.fromEnvironment(env);
    }
}
