package dev.marketalerts.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The one place AWS clients are built (Lambda handlers and the CLI): explicit region ({@code AWS_REGION}, then
 * {@code AWS_DEFAULT_REGION}, else us-east-1), the URLConnection HTTP client (the only one on the classpath),
 * endpoint overrides from {@code AWS_ENDPOINT_URL_<SERVICE>} then {@code AWS_ENDPOINT_URL}, and credentials from
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}(/{@code AWS_SESSION_TOKEN}) of the given environment when it
 * has them, else the SDK's default chain (profiles, SSO, container and instance roles). Each client is built once,
 * on first use, and reused across invocations. The SNS client never retries: a publish whose answer was lost may have
 * been published, and only the job (which records each attempt in the alert's claim) may send it again. DynamoDB keeps
 * the SDK's retries: the store's writes are conditional on the claim token, so repeating one is harmless.
 */
public final class AwsClients implements AutoCloseable {
    public static final Region DEFAULT_REGION = Region.US_EAST_1;

    /**
     * How long a client waits: to connect, for each read of an answer, and (SNS) for one whole publish attempt. The
     * attempt bound stays well under the Lambda timeout, since the job may make two attempts per alert in a tick.
     */
    public record Timeouts(Duration connect, Duration socket, Duration snsAttempt) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(15));

        public Timeouts {
            for (Duration d : new Duration[] {connect, socket, snsAttempt}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("timeouts must be positive");
                }
            }
        }
    }

    private final Map<String, String> env;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Timeouts timeouts;
    private DynamoDbClient dynamoDb;
    private SnsClient sns;

    private AwsClients(Map<String, String> env, AwsCredentialsProvider credentials, Timeouts timeouts) {
        this.env = Map.copyOf(env);
        this.region = regionOf(env);
        this.credentials = credentials;
        this.timeouts = timeouts;
    }

    /** Clients for this environment (normally {@code System.getenv()}), its keys or else the default credentials chain. */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        return new AwsClients(env, credentialsOf(env), Timeouts.DEFAULT);
    }

    /** Static credentials from the environment's access key variables when set, else the SDK's default chain. */
    public static AwsCredentialsProvider credentialsOf(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(key.strip(), secret.strip())
                : AwsSessionCredentials.create(key.strip(), secret.strip(), token.strip()));
    }

    /** Clients with explicit credentials (emulators in tests, or a caller with its own provider). */
    public static AwsClients withCredentials(Map<String, String> env, AwsCredentialsProvider credentials) {
        return withCredentials(env, credentials, Timeouts.DEFAULT);
    }

    public static AwsClients withCredentials(Map<String, String> env, AwsCredentialsProvider credentials, Timeouts timeouts) {
        return new AwsClients(env, credentials, Objects.requireNonNull(timeouts, "timeouts"));
    }

    public Region region() {
        return region;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            // The standard strategy's 3 attempts, not DynamoDB's legacy 9: every store call is idempotent (claims by token),
            // and 9 backed-off attempts per call would make a tick in a partial outage run into the function's timeout.
            dynamoDb = configure(DynamoDbClient.builder(), "DYNAMODB")
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()))
                    .build();
        }
        return dynamoDb;
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            // No SDK retries. HttpURLConnection does not re-send either: the URLConnection client streams a body of known
            // length, and it only re-sends a buffered POST (SnsNotifierFaultsTest counts the requests SNS sees).
            sns = configure(SnsClient.builder(), "SNS")
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                            .apiCallAttemptTimeout(timeouts.snsAttempt()))
                    .build();
        }
        return sns;
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.socket()));
        endpointFor(service, env).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** {@code AWS_REGION}, then {@code AWS_DEFAULT_REGION}, else us-east-1. */
    public static Region regionOf(Map<String, String> env) {
        for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Region.of(value.strip());
            }
        }
        return DEFAULT_REGION;
    }

    /**
     * The endpoint override for a service, from {@code AWS_ENDPOINT_URL_<SERVICE>} (the SDK's service id in upper
     * case, spaces as underscores: DYNAMODB, SNS, SQS) or else {@code AWS_ENDPOINT_URL}.
     */
    public static Optional<URI> endpointFor(String service, Map<String, String> env) {
        String specific = "AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT).replace(' ', '_');
        for (String name : new String[] {specific, "AWS_ENDPOINT_URL"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                try {
                    URI uri = new URI(value.strip());
                    if (uri.getScheme() == null || uri.getHost() == null) {
                        throw new URISyntaxException(value, "expected scheme://host[:port]");
                    }
                    return Optional.of(uri);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException(name + " is not a valid endpoint URL (" + e.getMessage() + ")", e);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
            dynamoDb = null;
        }
        if (sns != null) {
            sns.close();
            sns = null;
        }
    }
}
