package dev.marketalerts.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;

class AwsClientsTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put(pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "eu-west-1, us-west-2, eu-west-1",
            "-,         us-west-2, us-west-2",
            "'  ',      us-west-2, us-west-2",
            "-,         -,         us-east-1",
    })
    void regionIsAwsRegionThenAwsDefaultRegionElseUsEast1(String awsRegion, String defaultRegion, String expected) {
        assertThat(AwsClients.regionOf(env("AWS_REGION", awsRegion, "AWS_DEFAULT_REGION", defaultRegion))).isEqualTo(Region.of(expected));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "http://127.0.0.1:4566, http://127.0.0.1:9999, http://127.0.0.1:4566",
            "-,                     http://127.0.0.1:9999, http://127.0.0.1:9999",
            "-,                     -,                     -",
    })
    void serviceEndpointBeatsTheGeneralOne(String sns, String general, String expected) {
        assertThat(AwsClients.endpointFor("SNS", env("AWS_ENDPOINT_URL_SNS", sns, "AWS_ENDPOINT_URL", general)))
                .isEqualTo(java.util.Optional.ofNullable(expected).map(URI::create));
    }

    @Test
    void credentialsComeFromTheGivenEnvironmentWhenItHasKeys() {
        var basic = AwsClients.credentialsOf(env("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "s3cret")).resolveCredentials();
        assertThat(basic.accessKeyId()).isEqualTo("AKIDTEST");
        assertThat(basic.secretAccessKey()).isEqualTo("s3cret");
        var session = AwsClients.credentialsOf(env("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "s3cret",
                "AWS_SESSION_TOKEN", "tok")).resolveCredentials();
        assertThat(session).isInstanceOf(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.class);
        assertThat(AwsClients.credentialsOf(env("AWS_REGION", "us-east-1")))
                .isInstanceOf(software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.class);
    }

    @Test
    void aBadEndpointIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> AwsClients.endpointFor("DYNAMODB", env("AWS_ENDPOINT_URL_DYNAMODB", "localhost:4566")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL_DYNAMODB");
    }

    @Test
    void clientsAreBuiltOnceWithTheRegionAndTheirOwnEndpoints() {
        Map<String, String> env = env("AWS_REGION", "eu-central-1", "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
        try (AwsClients clients = AwsClients.withCredentials(env, StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))) {
            assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
            assertThat(clients.sns()).isSameAs(clients.sns());
            assertThat(clients.dynamoDb().serviceClientConfiguration().region()).isEqualTo(Region.EU_CENTRAL_1);
            assertThat(clients.dynamoDb().serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:8000"));
            assertThat(clients.sns().serviceClientConfiguration().region()).isEqualTo(Region.EU_CENTRAL_1);
            assertThat(clients.sns().serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
        }
    }

    @Test
    void snsNeverRetriesAndBoundsEachAttemptWhileDynamoDbKeepsTheSdksRetries() {
        AwsClients.Timeouts timeouts = new AwsClients.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6));
        try (AwsClients clients = AwsClients.withCredentials(env("AWS_REGION", "us-east-1"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")), timeouts)) {
            var sns = clients.sns().serviceClientConfiguration().overrideConfiguration();
            var dynamoDb = clients.dynamoDb().serviceClientConfiguration().overrideConfiguration();

            assertThat(sns.retryStrategy()).get().extracting(RetryStrategy::maxAttempts).isEqualTo(1);
            assertThat(sns.apiCallAttemptTimeout()).contains(Duration.ofSeconds(6));
            assertThat(dynamoDb.retryStrategy()).get().extracting(RetryStrategy::maxAttempts).asInstanceOf(InstanceOfAssertFactories.INTEGER)
                    .isGreaterThan(1);
        }
    }
}
