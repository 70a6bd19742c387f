package dev.marketalerts.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertFormats;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.time.Sleeper;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;

/**
 * Publishes alerts to an SNS topic: {@code MessageStructure=json} with {@code default} (the short line), {@code email}
 * (readable), {@code sms} (one line, at most 140 bytes) and {@code sqs}/{@code lambda}/{@code https} (the alert JSON);
 * {@code Subject} for e-mail; message attributes {@code symbol}, {@code kind}, {@code rule}, {@code severity} for filter
 * policies. Uses PublishBatch (at most 10 entries and 256 KiB per call); results come back in input order.
 *
 * <p>Each outcome is classified by what SNS can have done with it. {@link Delivery.Failed} only when it certainly did
 * not publish: the connection was never made, SNS answered with a 4xx error, or SNS reported the entry as failed.
 * Throttled calls and entries that SNS reports as throttled or failed on its side are retried here with a bounded
 * exponential backoff, since SNS did not take them. {@link Delivery.Unknown} when the request may have been published:
 * it was sent and no usable answer came (timeout, connection reset or closed, an unreadable answer, an HTTP 5xx, an
 * entry the answer does not mention). Those are never sent again here: the job retries them under a new claim attempt.
 */
public final class SnsNotifier implements Notifier {
    public static final int MAX_BATCH_ENTRIES = 10;
    /** SNS limits the whole PublishBatch payload (all messages and attributes) to 256 KiB. */
    static final int MAX_BATCH_BYTES = 256 * 1024;
    static final List<String> PROTOCOL_KEYS = List.of("default", "email", "sms", "sqs", "lambda", "https");

    private static final Set<String> THROTTLING_CODES = Set.of(
            "Throttling", "ThrottlingException", "Throttled", "ThrottledException", "TooManyRequestsException",
            "RequestLimitExceeded", "KMSThrottling", "KMSThrottlingException");

    private final SnsClient sns;
    private final String topicArn;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this(sns, topicArn, 4, Duration.ofMillis(200), Sleeper.SYSTEM);
    }

    /**
     * {@code maxAttempts} counts the first try; the wait doubles from {@code firstBackoff}, capped at 5 s. The client must
     * not retry on its own ({@link AwsClients#sns()} does not): an unknown outcome is never sent again from here.
     */
    public SnsNotifier(SnsClient sns, String topicArn, int maxAttempts, Duration firstBackoff, Sleeper sleeper) {
        this.sns = Objects.requireNonNull(sns, "sns");
        if (topicArn == null || topicArn.isBlank()) {
            throw new IllegalArgumentException("an SNS topic ARN is required");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.topicArn = topicArn;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
    }

    /** The {@code MessageStructure=json} document: one string per protocol. */
    public static String messageDocument(Alert alert) {
        String json = AlertJson.write(alert);
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("default", AlertFormats.line(alert));
        doc.put("email", AlertFormats.email(alert));
        doc.put("sms", AlertFormats.sms(alert));
        doc.put("sqs", json);
        doc.put("lambda", json);
        doc.put("https", json);
        return doc.toString();
    }

    /** The attributes subscribers' filter policies select on. */
    public static Map<String, MessageAttributeValue> attributes(Alert alert) {
        Map<String, MessageAttributeValue> m = new LinkedHashMap<>();
        m.put("symbol", string(alert.symbol()));
        m.put("kind", string(alert.kind().wireName()));
        m.put("rule", string(alert.rule()));
        m.put("severity", string(alert.severity().wireName()));
        return m;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Override
    public List<Delivery> publish(List<Alert> alerts) {
        Delivery[] results = new Delivery[alerts.size()];
        List<Integer> batch = new ArrayList<>();
        int batchBytes = 0;
        List<PublishBatchRequestEntry> entries = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            PublishBatchRequestEntry entry = entry(i, alerts.get(i));
            entries.add(entry);
            int size = size(entry);
            if (size > MAX_BATCH_BYTES) {
                results[i] = new Delivery.Failed("alert is " + size + " bytes, over SNS's 256 KiB message limit");
                continue;
            }
            if (batch.size() == MAX_BATCH_ENTRIES || batchBytes + size > MAX_BATCH_BYTES) {
                send(batch, entries, results);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(i);
            batchBytes += size;
        }
        if (!batch.isEmpty()) {
            send(batch, entries, results);
        }
        return List.of(results);
    }

    private static PublishBatchRequestEntry entry(int index, Alert alert) {
        return PublishBatchRequestEntry.builder()
                .id("a" + index)
                .messageStructure("json")
                .message(messageDocument(alert))
                .subject(AlertFormats.subject(alert))
                .messageAttributes(attributes(alert))
                .build();
    }

    private static int size(PublishBatchRequestEntry e) {
        int size = utf8(e.message()) + utf8(e.subject());
        for (Map.Entry<String, MessageAttributeValue> a : e.messageAttributes().entrySet()) {
            size += utf8(a.getKey()) + utf8(a.getValue().dataType()) + utf8(a.getValue().stringValue());
        }
        return size;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** One PublishBatch call (and its retries of what SNS did not take) for the alerts at {@code indexes}. */
    private void send(List<Integer> indexes, List<PublishBatchRequestEntry> entries, Delivery[] results) {
        Map<String, Integer> open = new LinkedHashMap<>();
        for (int i : indexes) {
            open.put(entries.get(i).id(), i);
        }
        for (int attempt = 1; !open.isEmpty(); attempt++) {
            boolean last = attempt >= maxAttempts;
            if (attempt > 1 && !pause(attempt)) {
                settle(open, results, new Delivery.Failed("interrupted while waiting to retry the SNS publish (SNS had not taken it)"));
                return;
            }
            List<PublishBatchRequestEntry> request = open.values().stream().map(entries::get).toList();
            PublishBatchResponse response;
            try {
                response = sns.publishBatch(PublishBatchRequest.builder().topicArn(topicArn).publishBatchRequestEntries(request).build());
            } catch (SdkException e) {
                if (isThrottling(e) && !last) {
                    continue;
                }
                settle(open, results, outcomeOf(e));
                return;
            }
            for (PublishBatchResultEntry ok : response.successful()) {
                Integer i = open.remove(ok.id());
                if (i != null) {
                    results[i] = new Delivery.Sent(ok.messageId());
                }
            }
            Map<String, Integer> unanswered = new LinkedHashMap<>(open);
            for (BatchResultErrorEntry failed : response.failed()) {
                Integer i = unanswered.remove(failed.id());
                if (i != null && (last || !isRetryable(failed))) {
                    open.remove(failed.id());
                    results[i] = new Delivery.Failed("SNS rejected the message: " + failed.code()
                            + (failed.message() == null ? "" : " (" + failed.message() + ")"));
                }
            }
            // An entry the answer does not mention may have been published: it is not sent again.
            unanswered.keySet().forEach(open::remove);
            settle(unanswered, results, new Delivery.Unknown("SNS answered the PublishBatch call without a result for this message"));
        }
    }

    /**
     * What a PublishBatch call that ended in {@code e} did: failed for certain when SNS answered with a 4xx error or
     * the request never left (no connection); otherwise it was sent and may have been published.
     */
    static Delivery outcomeOf(SdkException e) {
        if (e instanceof AwsServiceException ase) {
            String error = "HTTP " + ase.statusCode() + (ase.awsErrorDetails() == null || ase.awsErrorDetails().errorCode() == null
                    ? "" : " " + ase.awsErrorDetails().errorCode()) + ": " + message(ase);
            return ase.statusCode() >= 400 && ase.statusCode() < 500
                    ? new Delivery.Failed("SNS refused the publish (" + error + ")")
                    : new Delivery.Unknown("SNS answered the publish with " + error);
        }
        if (neverSent(e)) {
            return new Delivery.Failed("SNS publish not sent: " + e.getMessage());
        }
        return new Delivery.Unknown("SNS publish sent but not answered: " + e.getMessage());
    }

    /** The connection was never made (refused, no route, unknown host, TLS handshake, connect timeout). */
    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof SSLHandshakeException) {
                return true;
            }
            // HttpURLConnection reports a connect timeout as a SocketTimeoutException; only its message tells it from a read timeout
            if (t instanceof SocketTimeoutException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).startsWith("connect")) {
                return true;
            }
        }
        return false;
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }

    private boolean pause(int attempt) {
        long millis = Math.min(5_000, firstBackoff.toMillis() << Math.min(attempt - 2, 20));
        try {
            sleeper.sleep(Duration.ofMillis(millis));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isRetryable(BatchResultErrorEntry e) {
        return THROTTLING_CODES.contains(e.code()) || !Boolean.TRUE.equals(e.senderFault());
    }

    private static boolean isThrottling(SdkException e) {
        return e instanceof AwsServiceException ase && ase.statusCode() >= 400 && ase.statusCode() < 500 && (ase.isThrottlingException()
                || (ase.awsErrorDetails() != null && THROTTLING_CODES.contains(ase.awsErrorDetails().errorCode())));
    }

    private static void settle(Map<String, Integer> open, Delivery[] results, Delivery outcome) {
        open.values().forEach(i -> results[i] = outcome);
        open.clear();
    }

    @Override
    public String toString() {
        return "SnsNotifier[" + topicArn + "]";
    }
}
