package dev.marketalerts.aws.subscribe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetSubscriptionAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetSubscriptionAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;

/**
 * Subscribes endpoints to an alerts topic with a {@link FilterPolicy} on the message attributes, lists a topic's
 * subscriptions with their policies, and removes one. SNS errors come back as {@link SubscriptionFailure}, saying
 * whether SNS refused the input or the call failed.
 */
public final class SnsSubscriptions {
    /** Error codes for which SNS refused the request as given: nothing was changed, and it is the caller's input to fix. */
    private static final Set<String> INPUT_ERRORS = Set.of("InvalidParameter", "InvalidParameterValue", "InvalidParameterException",
            "NotFound", "NotFoundException", "ValidationError", "ValidationException");

    private final SnsClient sns;

    public SnsSubscriptions(SnsClient sns) {
        this.sns = Objects.requireNonNull(sns, "sns");
    }

    /**
     * Subscribes {@code endpoint} with the policy (none: every alert) on the message attributes. Returns the new
     * subscription's ARN, which SNS gives at once even while an e-mail or HTTPS subscription waits for confirmation.
     * Subscribing the same endpoint again with the same policy returns the existing subscription.
     */
    public String subscribe(String topicArn, Protocol protocol, String endpoint, FilterPolicy policy) {
        Map<String, String> attributes = new LinkedHashMap<>();
        policy.json().ifPresent(json -> {
            attributes.put("FilterPolicy", json);
            attributes.put("FilterPolicyScope", "MessageAttributes");
        });
        return call("cannot subscribe " + protocol.wireName() + " " + endpoint + " to " + topicArn,
                () -> sns.subscribe(SubscribeRequest.builder().topicArn(topicArn).protocol(protocol.wireName()).endpoint(endpoint)
                        .attributes(attributes).returnSubscriptionArn(true).build()).subscriptionArn());
    }

    /** Every subscription of the topic (all pages), with the filter policy of each confirmed one. */
    public List<Subscription> list(String topicArn) {
        List<software.amazon.awssdk.services.sns.model.Subscription> listed = call("cannot list the subscriptions of " + topicArn,
                () -> {
                    List<software.amazon.awssdk.services.sns.model.Subscription> all = new ArrayList<>();
                    String next = null;
                    do {
                        ListSubscriptionsByTopicResponse page = sns.listSubscriptionsByTopic(
                                ListSubscriptionsByTopicRequest.builder().topicArn(topicArn).nextToken(next).build());
                        all.addAll(page.subscriptions());
                        next = page.nextToken();
                    } while (next != null && !next.isEmpty());
                    return all;
                });
        List<Subscription> result = new ArrayList<>();
        for (software.amazon.awssdk.services.sns.model.Subscription s : listed) {
            if (s.subscriptionArn() == null || Subscription.PENDING_ARN.equals(s.subscriptionArn())) {
                result.add(new Subscription(Subscription.PENDING_ARN, s.protocol(), s.endpoint(), Optional.empty(), null, true));
                continue;
            }
            // Removed between the listing and this call: it is not a subscription any more.
            find(s.subscriptionArn()).ifPresent(result::add);
        }
        return result;
    }

    /** The subscription with this ARN, or empty when SNS does not know it. */
    public Optional<Subscription> find(String subscriptionArn) {
        GetSubscriptionAttributesResponse response;
        try {
            response = sns.getSubscriptionAttributes(GetSubscriptionAttributesRequest.builder().subscriptionArn(subscriptionArn).build());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 || "NotFound".equals(code(e))) {
                return Optional.empty();
            }
            throw failure("cannot read subscription " + subscriptionArn, e);
        } catch (SdkException e) {
            throw failure("cannot read subscription " + subscriptionArn, e);
        }
        Map<String, String> a = response.attributes();
        return Optional.of(new Subscription(subscriptionArn, a.getOrDefault("Protocol", "?"), a.getOrDefault("Endpoint", "?"),
                Optional.ofNullable(a.get("FilterPolicy")), a.get("FilterPolicyScope"), "true".equals(a.get("PendingConfirmation"))));
    }

    /** Removes the subscription and returns what it was; an unknown ARN is refused input and changes nothing. */
    public Subscription unsubscribe(String subscriptionArn) {
        Subscription existing = find(subscriptionArn).orElseThrow(() -> new SubscriptionFailure("there is no subscription " + subscriptionArn
                + " (alerts subscriptions --topic-arn ARN lists a topic's subscriptions)", true, null));
        call("cannot unsubscribe " + subscriptionArn, () -> sns.unsubscribe(UnsubscribeRequest.builder().subscriptionArn(subscriptionArn).build()));
        return existing;
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    private static SubscriptionFailure failure(String what, SdkException e) {
        if (e instanceof AwsServiceException ase) {
            String code = code(ase);
            String message = ase.awsErrorDetails() != null && ase.awsErrorDetails().errorMessage() != null
                    ? ase.awsErrorDetails().errorMessage() : firstLine(ase.getMessage());
            boolean input = code != null && INPUT_ERRORS.contains(code);
            return new SubscriptionFailure(what + ": SNS answered " + (code == null ? "HTTP " + ase.statusCode() : code) + ": " + message,
                    input, e);
        }
        String message = firstLine(e.getMessage());
        if (message.contains("Unable to load credentials")) {
            message = "no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; "
                    + "the SDK's default credentials chain is used)";
        }
        return new SubscriptionFailure(what + ": " + message, false, e);
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
