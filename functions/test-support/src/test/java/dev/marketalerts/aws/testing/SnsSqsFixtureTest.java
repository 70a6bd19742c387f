package dev.marketalerts.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** A subscriber's queue read by the count it expects: too few fail the test, one too many is seen. */
@EmulatorTest
class SnsSqsFixtureTest {
    private static SnsClient sns;
    private static SnsSqsFixture queues;

    private String topicArn;
    private String queueUrl;

    @BeforeAll
    static void clients(Emulators emulators) {
        sns = SnsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(emulators.fauxqs().endpoint()).build();
        queues = new SnsSqsFixture(sns, emulators.fauxqs().endpoint());
    }

    @AfterAll
    static void closeClients() {
        if (queues != null) {
            queues.close();
        }
        if (sns != null) {
            sns.close();
        }
    }

    @BeforeEach
    void topicAndQueue() {
        String run = Long.toString(System.nanoTime());
        topicArn = sns.createTopic(b -> b.name("fixture-" + run)).topicArn();
        queueUrl = queues.subscribedQueue(topicArn, "fixture-" + run, null).url();
    }

    private void publish(int messages) {
        for (int i = 0; i < messages; i++) {
            String body = "{\"n\":" + i + "}";
            sns.publish(b -> b.topicArn(topicArn).message(body));
        }
    }

    @Test
    void fewerThanExpectedFailsNamingExpectedAndReceived() {
        publish(1);

        assertThatThrownBy(() -> queues.receive(queueUrl, 2, Duration.ofMillis(1500), Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 2 message(s) on " + queueUrl + " within 1500 ms, received 1");
    }

    @Test
    void aCopyBeyondTheExpectedCountIsInTheResult() {
        publish(3);

        List<Message> received = queues.receive(queueUrl, 2, Duration.ofSeconds(10), Duration.ofMillis(500));

        assertThat(received).hasSize(3);
    }

    @Test
    void nothingDeliveredIsSaidOnlyAfterTheWholeWindow() {
        long start = System.nanoTime();

        List<Message> received = queues.receiveDuring(queueUrl, Duration.ofMillis(700));

        assertThat(received).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }
}
