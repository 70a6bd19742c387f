package dev.marketalerts.cli.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueGrantTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "arn:aws:sqs:eu-west-1:123456789012:nvda-earnings";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:market-alerts";

    @Test
    void thePolicyLetsOnlyThatTopicSendToTheQueue() throws Exception {
        JsonNode statement = JSON.readTree(QueueGrant.policy(QUEUE, TOPIC)).path("Statement").get(0);

        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("sns.amazonaws.com");
        assertThat(statement.path("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(statement.path("Resource").asText()).isEqualTo(QUEUE);
        assertThat(statement.path("Condition").path("ArnEquals").path("aws:SourceArn").asText()).isEqualTo(TOPIC);
    }

    @Test
    void theCommandNamesTheQueueUrlAndCarriesThePolicyAsAString() throws Exception {
        String command = QueueGrant.command(QUEUE, TOPIC, Optional.empty());

        assertThat(command).startsWith("aws sqs set-queue-attributes --region eu-west-1 "
                + "--queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/nvda-earnings --attributes '");
        String attributes = command.substring(command.indexOf('\'') + 1, command.length() - 1);
        assertThat(JSON.readTree(attributes).path("Policy").asText()).isEqualTo(QueueGrant.policy(QUEUE, TOPIC));
    }

    @Test
    void otherPartitionsLookTheQueueUrlUp() {
        assertThat(QueueGrant.command("arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q", "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t",
                Optional.empty()))
                .contains("--queue-url \"$(aws sqs get-queue-url --region us-gov-west-1 --queue-name q --queue-owner-aws-account-id 123456789012 "
                        + "--query QueueUrl --output text)\"");
    }

    @Test
    void withAnEmulatorBothCallsGoThereAndItNamesTheQueueUrl() {
        String command = QueueGrant.command(QUEUE, TOPIC, Optional.of(URI.create("http://127.0.0.1:4566")));

        assertThat(command).startsWith("aws --endpoint-url http://127.0.0.1:4566 sqs set-queue-attributes --region eu-west-1 --queue-url "
                + "\"$(aws --endpoint-url http://127.0.0.1:4566 sqs get-queue-url --region eu-west-1 --queue-name nvda-earnings "
                + "--queue-owner-aws-account-id 123456789012 --query QueueUrl --output text)\" --attributes '");
        assertThat(command).as("no AWS URL").doesNotContainPattern("https://[a-z0-9.-]*amazonaws\\.com");
    }
}
