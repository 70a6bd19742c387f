package dev.marketalerts.cli.subscribe;

import dev.marketalerts.aws.AwsClients;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the AWS CLI commands that the subscription commands print must go: the endpoint override of the environment,
 * as the SDK reads it ({@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}), so that a hint printed while
 * working against a local emulator names the emulator, not AWS.
 */
final class AwsCliHints {
    private AwsCliHints() {
    }

    /**
     * The endpoint of the queue a topic delivers to: SQS's override, else SNS's, since an SNS emulator delivers only to
     * queues it serves itself (fauxqs and LocalStack serve both on one port). Throws IllegalArgumentException for a
     * setting that is not a URL.
     */
    static Optional<URI> queueEndpoint(Map<String, String> env) {
        return AwsClients.endpointFor("SQS", env).or(() -> AwsClients.endpointFor("SNS", env));
    }

    static Optional<URI> endpoint(String service, Map<String, String> env) {
        return AwsClients.endpointFor(service, env);
    }

    /** {@code aws}, or {@code aws --endpoint-url URL}. */
    static String aws(Optional<URI> endpoint) {
        return endpoint.map(u -> "aws --endpoint-url " + u).orElse("aws");
    }
}
