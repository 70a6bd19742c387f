package dev.marketalerts.aws.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.GetSubscriptionAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetSubscriptionAttributesResponse;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.SubscribeResponse;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;

/** The SNS calls behind the subscription commands, at the SDK boundary. */
class SnsSubscriptionsTest {
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";
    private static final String SUB_1 = TOPIC + ":11111111-1111-1111-1111-111111111111";
    private static final String SUB_2 = TOPIC + ":22222222-2222-2222-2222-222222222222";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:nvda";

    private final SnsClient sns = mock(SnsClient.class);
    private final SnsSubscriptions subscriptions = new SnsSubscriptions(sns);

    private static software.amazon.awssdk.services.sns.model.Subscription listed(String arn, String protocol, String endpoint) {
        return software.amazon.awssdk.services.sns.model.Subscription.builder().subscriptionArn(arn).protocol(protocol).endpoint(endpoint)
                .topicArn(TOPIC).build();
    }

    private void attributes(String arn, Map<String, String> attributes) {
        when(sns.getSubscriptionAttributes(GetSubscriptionAttributesRequest.builder().subscriptionArn(arn).build()))
                .thenReturn(GetSubscriptionAttributesResponse.builder().attributes(attributes).build());
    }

    private static NotFoundException notFound() {
        return (NotFoundException) NotFoundException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotFound").errorMessage("Subscription does not exist").build()).build();
    }

    @Test
    void subscribeSetsThePolicyOnTheMessageAttributesAndAsksForTheArn() {
        ArgumentCaptor<SubscribeRequest> request = ArgumentCaptor.forClass(SubscribeRequest.class);
        when(sns.subscribe(request.capture())).thenReturn(SubscribeResponse.builder().subscriptionArn(SUB_1).build());
        FilterPolicy policy = FilterPolicy.forAlerts(List.of("NVDA"), List.of("earnings-surprise"), Optional.empty(), List.of());

        String arn = subscriptions.subscribe(TOPIC, Protocol.SQS, QUEUE, policy);

        assertThat(arn).isEqualTo(SUB_1);
        SubscribeRequest r = request.getValue();
        assertThat(r.topicArn()).isEqualTo(TOPIC);
        assertThat(r.protocol()).isEqualTo("sqs");
        assertThat(r.endpoint()).isEqualTo(QUEUE);
        assertThat(r.returnSubscriptionArn()).isTrue();
        assertThat(r.attributes()).containsExactly(
                Map.entry("FilterPolicy", "{\"symbol\":[\"NVDA\"],\"kind\":[\"earnings-surprise\"]}"),
                Map.entry("FilterPolicyScope", "MessageAttributes"));
    }

    @Test
    void subscribeWithoutFiltersSetsNoPolicy() {
        ArgumentCaptor<SubscribeRequest> request = ArgumentCaptor.forClass(SubscribeRequest.class);
        when(sns.subscribe(request.capture())).thenReturn(SubscribeResponse.builder().subscriptionArn(SUB_1).build());

        subscriptions.subscribe(TOPIC, Protocol.EMAIL, "you@example.com", FilterPolicy.none());

        assertThat(request.getValue().attributes()).isEmpty();
    }

    @Test
    void listReadsEveryPageAndThePolicyOfEachSubscription() {
        when(sns.listSubscriptionsByTopic(any(ListSubscriptionsByTopicRequest.class))).thenAnswer(inv -> {
            ListSubscriptionsByTopicRequest r = inv.getArgument(0);
            return r.nextToken() == null
                    ? ListSubscriptionsByTopicResponse.builder().subscriptions(listed(SUB_1, "sqs", QUEUE)).nextToken("page-2").build()
                    : ListSubscriptionsByTopicResponse.builder().subscriptions(listed(SUB_2, "sms", "+14155550123"),
                            listed("PendingConfirmation", "email", "you@example.com")).build();
        });
        attributes(SUB_1, Map.of("Protocol", "sqs", "Endpoint", QUEUE, "FilterPolicy", "{\"symbol\":[\"NVDA\"]}",
                "FilterPolicyScope", "MessageAttributes", "PendingConfirmation", "false"));
        attributes(SUB_2, Map.of("Protocol", "sms", "Endpoint", "+14155550123", "PendingConfirmation", "false"));

        List<Subscription> result = subscriptions.list(TOPIC);

        assertThat(result).containsExactly(
                new Subscription(SUB_1, "sqs", QUEUE, Optional.of("{\"symbol\":[\"NVDA\"]}"), "MessageAttributes", false),
                new Subscription(SUB_2, "sms", "+14155550123", Optional.empty(), null, false),
                new Subscription("PendingConfirmation", "email", "you@example.com", Optional.empty(), null, true));
        verify(sns).listSubscriptionsByTopic(ListSubscriptionsByTopicRequest.builder().topicArn(TOPIC).nextToken("page-2").build());
    }

    @Test
    void aSubscriptionRemovedWhileListingIsLeftOut() {
        when(sns.listSubscriptionsByTopic(any(ListSubscriptionsByTopicRequest.class))).thenReturn(ListSubscriptionsByTopicResponse.builder()
                .subscriptions(listed(SUB_1, "sqs", QUEUE), listed(SUB_2, "sqs", QUEUE + "2")).build());
        when(sns.getSubscriptionAttributes(GetSubscriptionAttributesRequest.builder().subscriptionArn(SUB_1).build())).thenThrow(notFound());
        attributes(SUB_2, Map.of("Protocol", "sqs", "Endpoint", QUEUE + "2"));

        assertThat(subscriptions.list(TOPIC)).extracting(Subscription::arn).containsExactly(SUB_2);
    }

    @Test
    void unsubscribeRemovesAKnownSubscriptionAndSaysWhatItWas() {
        attributes(SUB_1, Map.of("Protocol", "sqs", "Endpoint", QUEUE, "FilterPolicy", "{\"kind\":[\"price\"]}"));

        Subscription removed = subscriptions.unsubscribe(SUB_1);

        assertThat(removed.endpoint()).isEqualTo(QUEUE);
        assertThat(removed.filterPolicy()).contains("{\"kind\":[\"price\"]}");
        verify(sns).unsubscribe(UnsubscribeRequest.builder().subscriptionArn(SUB_1).build());
    }

    @Test
    void unsubscribingAnUnknownSubscriptionIsRefusedInputAndRemovesNothing() {
        when(sns.getSubscriptionAttributes(any(GetSubscriptionAttributesRequest.class))).thenThrow(notFound());

        assertThatThrownBy(() -> subscriptions.unsubscribe(SUB_1)).isInstanceOfSatisfying(SubscriptionFailure.class, f -> {
            assertThat(f.rejectedInput()).isTrue();
            assertThat(f.getMessage()).isEqualTo("there is no subscription " + SUB_1
                    + " (alerts subscriptions --topic-arn ARN lists a topic's subscriptions)");
        });
        verify(sns, never()).unsubscribe(any(UnsubscribeRequest.class));
    }

    @Test
    void snsRefusingTheInputIsARejectedInput() {
        when(sns.subscribe(any(SubscribeRequest.class))).thenThrow(InvalidParameterException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameter")
                        .errorMessage("Invalid parameter: Attributes Reason: Subscription already exists with different attributes").build()).build());

        assertThatThrownBy(() -> subscriptions.subscribe(TOPIC, Protocol.SQS, QUEUE, FilterPolicy.none()))
                .isInstanceOfSatisfying(SubscriptionFailure.class, f -> {
                    assertThat(f.rejectedInput()).isTrue();
                    assertThat(f.getMessage()).isEqualTo("cannot subscribe sqs " + QUEUE + " to " + TOPIC + ": SNS answered InvalidParameter: "
                            + "Invalid parameter: Attributes Reason: Subscription already exists with different attributes");
                });
    }

    @Test
    void aMissingTopicIsARejectedInput() {
        when(sns.listSubscriptionsByTopic(any(ListSubscriptionsByTopicRequest.class))).thenThrow(NotFoundException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotFound").errorMessage("Topic does not exist").build()).build());

        assertThatThrownBy(() -> subscriptions.list(TOPIC)).isInstanceOfSatisfying(SubscriptionFailure.class, f -> {
            assertThat(f.rejectedInput()).isTrue();
            assertThat(f.getMessage()).isEqualTo("cannot list the subscriptions of " + TOPIC + ": SNS answered NotFound: Topic does not exist");
        });
    }

    @Test
    void aCallNotAllowedIsAFailureNotAnInputError() {
        when(sns.subscribe(any(SubscribeRequest.class))).thenThrow(AuthorizationErrorException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AuthorizationError")
                        .errorMessage("User: arn:aws:iam::123456789012:user/ci is not authorized to perform: SNS:Subscribe").build()).build());

        assertThatThrownBy(() -> subscriptions.subscribe(TOPIC, Protocol.SQS, QUEUE, FilterPolicy.none()))
                .isInstanceOfSatisfying(SubscriptionFailure.class, f -> {
                    assertThat(f.rejectedInput()).isFalse();
                    assertThat(f.getMessage()).endsWith(": SNS answered AuthorizationError: User: arn:aws:iam::123456789012:user/ci "
                            + "is not authorized to perform: SNS:Subscribe");
                });
    }

    @Test
    void missingCredentialsAreExplainedInOneLine() {
        when(sns.subscribe(any(SubscribeRequest.class))).thenThrow(SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(...)\n: [SystemProperty...]"));

        assertThatThrownBy(() -> subscriptions.subscribe(TOPIC, Protocol.SQS, QUEUE, FilterPolicy.none()))
                .isInstanceOfSatisfying(SubscriptionFailure.class, f -> {
                    assertThat(f.rejectedInput()).isFalse();
                    assertThat(f.getMessage()).isEqualTo("cannot subscribe sqs " + QUEUE + " to " + TOPIC + ": no AWS credentials found "
                            + "(set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; the SDK's default credentials chain is used)");
                });
    }
}
