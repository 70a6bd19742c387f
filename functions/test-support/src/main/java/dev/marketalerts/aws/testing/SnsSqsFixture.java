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
    /** How long {@link #receive} waits for the expected messages: far more than fauxqs takes, even on a loaded machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long the queue must stay quiet after the expected messages before {@link #receive} returns. */
    public static final Duration QUIET = Duration.ofMillis(500);
    /** How long a test asserting that nothing was delivered waits ({@link #receiveDuring}). */
    public static final Duration NOTHING_WINDOW = Duration.ofSeconds(1);

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

    /**
     * Receives (and deletes) messages until {@code expected} have arrived, failing with what did arrive when they have not
     * within {@code timeout}; then goes on until the queue has been quiet for {@code quiet}, so that copies beyond the
     * expected ones are in the result too (a test asserting exactly N sees N + 1 when one more came).
     */
    public List<Message> receive(String queueUrl, int expected, Duration timeout, Duration quiet) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all.size() < expected) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("expected " + expected + " message(s) on " + queueUrl + " within " + timeout.toMillis()
                        + " ms, received " + all.size() + ": " + all.stream().map(Message::body).toList());
            }
            if (receiveOnce(queueUrl, all) == 0) {
                sleep(50);
            }
        }
        long quietUntil = System.nanoTime() + quiet.toNanos();
        long stop = System.nanoTime() + timeout.toNanos(); // a queue that never goes quiet ends too
        while (System.nanoTime() < quietUntil && System.nanoTime() < stop) {
            if (receiveOnce(queueUrl, all) > 0) {
                quietUntil = System.nanoTime() + quiet.toNanos();
            } else {
                sleep(50);
            }
        }
        return all;
    }

    /** {@link #receive(String, int, Duration, Duration)} with {@link #TIMEOUT} and {@link #QUIET}. */
    public List<Message> receive(String queueUrl, int expected) {
        return receive(queueUrl, expected, TIMEOUT, QUIET);
    }

    /** {@link #receive(String, int, Duration, Duration)} as the alert JSON documents the messages carry. */
    public List<JsonNode> receiveAlerts(String queueUrl, int expected, Duration timeout, Duration quiet) {
        return receive(queueUrl, expected, timeout, quiet).stream().map(SnsSqsFixture::alertJsonOf).toList();
    }

    /** {@link #receiveAlerts(String, int, Duration, Duration)} with {@link #TIMEOUT} and {@link #QUIET}. */
    public List<JsonNode> receiveAlerts(String queueUrl, int expected) {
        return receiveAlerts(queueUrl, expected, TIMEOUT, QUIET);
    }

    /**
     * Receives (and deletes) whatever arrives during the whole fixed {@code window}: for a test asserting that nothing
     * was delivered, which can only say so after waiting as long as a delivery would take.
     */
    public List<Message> receiveDuring(String queueUrl, Duration window) {
        List<Message> all = new ArrayList<>();
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            if (receiveOnce(queueUrl, all) == 0) {
                sleep(50);
            }
        }
        return all;
    }

    /** One receive call; what it got is deleted from the queue and added to {@code into}. */
    private int receiveOnce(String queueUrl, List<Message> into) {
        List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .messageAttributeNames("All").waitTimeSeconds(0)).messages();
        for (Message m : batch) {
            into.add(m);
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
        return batch.size();
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
