package dev.marketalerts.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Test support: SQS queues subscribed to an SNS topic on fauxqs, read back as the alert JSON a queue subscriber sees.
 * Owns (and closes) its SQS client; the SNS client stays the caller's.
 */
public final class SnsSqsFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A queue's URL (to read it) and ARN (to subscribe it). */
    public record Queue(String url, String arn) {}

    private final SnsClient sns;
    private final SqsClient sqs;

    public SnsSqsFixture(SnsClient sns, URI fauxqsEndpoint) {
        this.sns = sns;
        this.sqs = SqsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(fauxqsEndpoint).build();
    }

    /** A new queue, not subscribed to anything. */
    public Queue createQueue(String name) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    /** A new queue subscribed to the topic, with this filter policy or (null) none. */
    public Queue subscribedQueue(String topicArn, String name, String filterPolicy) {
        Queue queue = createQueue(name);
        Map<String, String> attributes = new HashMap<>();
        if (filterPolicy != null) {
            attributes.put("FilterPolicy", filterPolicy);
        }
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queue.arn()).attributes(attributes));
        return queue;
    }

    /** Receives (and deletes) everything on the queue until it has been quiet for {@code quiet}. */
    public List<Message> drain(String queueUrl, Duration quiet) {
        List<Message> all = new ArrayList<>();
        long quietUntil = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < quietUntil) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(0)).messages();
            for (Message m : batch) {
                all.add(m);
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            if (!batch.isEmpty()) {
                quietUntil = System.nanoTime() + quiet.toNanos();
            } else {
                sleep(50);
            }
        }
        return all;
    }

    /**
     * Receives (and deletes) messages until {@code expected} have arrived or {@code timeout} has passed, then goes on
     * until the queue has been quiet for {@code quiet}, so that copies beyond the expected ones show up too.
     */
    public List<JsonNode> receiveAlerts(String queueUrl, int expected, Duration timeout, Duration quiet) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all.size() < expected && System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message m : batch) {
                all.add(m);
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            if (batch.isEmpty()) {
                sleep(50);
            }
        }
        all.addAll(drain(queueUrl, quiet));
        return all.stream().map(SnsSqsFixture::alertJsonOf).toList();
    }

    /** {@link #drain} as the alert JSON documents the messages carry. */
    public List<JsonNode> drainAlerts(String queueUrl, Duration quiet) {
        return drain(queueUrl, quiet).stream().map(SnsSqsFixture::alertJsonOf).toList();
    }

    /**
     * The alert JSON a queue subscriber reads. SNS puts the {@code sqs} entry in the envelope's Message; fauxqs puts
     * the whole MessageStructure=json document there, so the entry is taken out of it when present.
     */
    public static JsonNode alertJsonOf(Message m) {
        JsonNode body = json(m.body());
        JsonNode message = body.has("Type") && body.has("Message") ? json(body.get("Message").asText()) : body;
        return message.has("sqs") ? json(message.get("sqs").asText()) : message;
    }

    public static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
