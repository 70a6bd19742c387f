package dev.marketalerts.aws.subscribe;

import java.util.Objects;
import java.util.Optional;

/**
 * One subscription of a topic as SNS reports it. {@code arn} is the subscription ARN, or SNS's placeholder
 * {@code PendingConfirmation} while a listed subscription waits for its e-mail link or HTTPS confirmation; the filter
 * policy is empty when it takes every message.
 */
public record Subscription(String arn, String protocol, String endpoint, Optional<String> filterPolicy, String filterPolicyScope,
                           boolean pendingConfirmation) {
    /** What SNS lists instead of an ARN for a subscription that is not confirmed yet. */
    public static final String PENDING_ARN = "PendingConfirmation";

    public Subscription {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(endpoint, "endpoint");
        filterPolicy = filterPolicy == null ? Optional.empty() : filterPolicy.filter(p -> !p.isBlank());
        filterPolicyScope = filterPolicyScope == null || filterPolicyScope.isBlank() ? "MessageAttributes" : filterPolicyScope;
    }
}
