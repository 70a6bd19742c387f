package dev.marketalerts.aws.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionInputsTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "email  | you@example.com",
            "email  | first.last+alerts@mail.example.co.uk",
            "sms    | +14155550123",
            "sms    | +4915112345678",
            "sms    | +12345678",
            "sms    | +123456789012345",
            "https  | https://hooks.example.com/market-alerts",
            "https  | HTTPS://hooks.example.com:8443/a?b=c",
            "sqs    | arn:aws:sqs:us-east-1:123456789012:alerts",
            "sqs    | arn:aws-us-gov:sqs:us-gov-west-1:123456789012:alerts.fifo",
            "sqs    | arn:aws:sqs:us-east-1:000000000000:nvda-iren-42",
            "lambda | arn:aws:lambda:eu-central-1:123456789012:function:on-alert",
            "lambda | arn:aws:lambda:eu-central-1:123456789012:function:on-alert:live",
            "lambda | arn:aws-cn:lambda:cn-north-1:123456789012:function:on-alert:$LATEST",
    })
    void goodEndpointsPass(String protocol, String endpoint) {
        assertThat(SubscriptionInputs.endpointProblem(Protocol.fromWireName(protocol).orElseThrow(), endpoint)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "email  | you                      | --endpoint 'you' is not an e-mail address: expected NAME@DOMAIN, such as you@example.com",
            "email  | you@localhost            | --endpoint 'you@localhost' is not an e-mail address: expected NAME@DOMAIN, such as you@example.com",
            "email  | you@@example.com         | --endpoint 'you@@example.com' is not an e-mail address: expected NAME@DOMAIN, such as you@example.com",
            "email  | you..me@example.com      | --endpoint 'you..me@example.com' is not an e-mail address: expected NAME@DOMAIN, such as you@example.com",
            "email  | you @example.com         | --endpoint 'you @example.com' is not an e-mail address: expected NAME@DOMAIN, such as you@example.com",
            "sms    | 14155550123              | --endpoint '14155550123' is not a phone number in E.164 form: expected + and then 8 to 15 digits, country code first, no spaces or dashes, such as +14155550123",
            "sms    | +1 415 555 0123          | --endpoint '+1 415 555 0123' is not a phone number in E.164 form: expected + and then 8 to 15 digits, country code first, no spaces or dashes, such as +14155550123",
            "sms    | +1234567                 | --endpoint '+1234567' is not a phone number in E.164 form: expected + and then 8 to 15 digits, country code first, no spaces or dashes, such as +14155550123",
            "sms    | +1234567890123456        | --endpoint '+1234567890123456' is not a phone number in E.164 form: expected + and then 8 to 15 digits, country code first, no spaces or dashes, such as +14155550123",
            "sms    | +04155550123             | --endpoint '+04155550123' is not a phone number in E.164 form: expected + and then 8 to 15 digits, country code first, no spaces or dashes, such as +14155550123",
            "https  | http://hooks.example.com/a | --endpoint 'http://hooks.example.com/a' is not an https URL: alerts are only sent over https here (expected https://HOST/PATH, such as https://hooks.example.com/market-alerts)",
            "https  | hooks.example.com/a      | --endpoint 'hooks.example.com/a' is not an https URL: expected https://HOST/PATH, such as https://hooks.example.com/market-alerts",
            "https  | https:///path            | --endpoint 'https:///path' has no host: expected https://HOST/PATH, such as https://hooks.example.com/market-alerts",
            "https  | https://exa mple.com     | --endpoint 'https://exa mple.com' is not an https URL: expected https://HOST/PATH, such as https://hooks.example.com/market-alerts",
            "sqs    | alerts                   | --endpoint 'alerts' is not an SQS queue ARN: expected arn:aws:sqs:REGION:ACCOUNT:QUEUE, such as arn:aws:sqs:us-east-1:123456789012:alerts",
            "sqs    | https://sqs.us-east-1.amazonaws.com/123456789012/alerts | --endpoint 'https://sqs.us-east-1.amazonaws.com/123456789012/alerts' is not an SQS queue ARN: expected arn:aws:sqs:REGION:ACCOUNT:QUEUE, such as arn:aws:sqs:us-east-1:123456789012:alerts (that looks like a queue URL: aws sqs get-queue-attributes --queue-url URL --attribute-names QueueArn prints the ARN)",
            "sqs    | arn:aws:sns:us-east-1:123456789012:alerts | --endpoint 'arn:aws:sns:us-east-1:123456789012:alerts' is not an SQS queue ARN: expected arn:aws:sqs:REGION:ACCOUNT:QUEUE, such as arn:aws:sqs:us-east-1:123456789012:alerts",
            "sqs    | arn:aws:sqs:us-east-1:1234:alerts | --endpoint 'arn:aws:sqs:us-east-1:1234:alerts' is not an SQS queue ARN: expected arn:aws:sqs:REGION:ACCOUNT:QUEUE, such as arn:aws:sqs:us-east-1:123456789012:alerts",
            "lambda | on-alert                 | --endpoint 'on-alert' is not a Lambda function ARN: expected arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS], such as arn:aws:lambda:us-east-1:123456789012:function:on-alert",
            "lambda | arn:aws:lambda:us-east-1:123456789012:on-alert | --endpoint 'arn:aws:lambda:us-east-1:123456789012:on-alert' is not a Lambda function ARN: expected arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS], such as arn:aws:lambda:us-east-1:123456789012:function:on-alert",
    })
    void badEndpointsSayWhatWasGivenAndWhatWasExpected(String protocol, String endpoint, String message) {
        assertThat(SubscriptionInputs.endpointProblem(Protocol.fromWireName(protocol).orElseThrow(), endpoint)).contains(message);
    }

    @Test
    void protocolsAreTheFiveOfTheCommand() {
        assertThat(Protocol.names()).isEqualTo("email, sms, sqs, https, lambda");
        assertThat(Protocol.fromWireName("EMAIL")).contains(Protocol.EMAIL);
        assertThat(Protocol.fromWireName("http")).isEmpty();
        assertThat(Protocol.fromWireName("email-json")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "arn:aws:sns:us-east-1:123456789012:market-alerts",
            "arn:aws:sns:us-east-1:123456789012:MarketAlerts-AlertsTopic-1X2Y3Z",
            "arn:aws-cn:sns:cn-north-1:123456789012:alerts",
            "arn:aws:sns:ap-southeast-2:123456789012:alerts.fifo",
    })
    void goodTopicArnsPass(String arn) {
        assertThat(SubscriptionInputs.topicArnProblem("--topic-arn", arn)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "market-alerts | --topic-arn 'market-alerts' is not an SNS topic ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, such as arn:aws:sns:us-east-1:123456789012:market-alerts (the stack's AlertsTopicArn output)",
            "arn:aws:sqs:us-east-1:123456789012:alerts | --topic-arn 'arn:aws:sqs:us-east-1:123456789012:alerts' is not an SNS topic ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, such as arn:aws:sns:us-east-1:123456789012:market-alerts (the stack's AlertsTopicArn output)",
            "arn:aws:sns:useast1:123456789012:alerts | --topic-arn 'arn:aws:sns:useast1:123456789012:alerts' is not an SNS topic ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, such as arn:aws:sns:us-east-1:123456789012:market-alerts (the stack's AlertsTopicArn output)",
            "arn:aws:sns:us-east-1:123456789012:alerts:6b0e71bd-7e97-4d97-80ce-4a0994e55286 | --topic-arn 'arn:aws:sns:us-east-1:123456789012:alerts:6b0e71bd-7e97-4d97-80ce-4a0994e55286' is not an SNS topic ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, such as arn:aws:sns:us-east-1:123456789012:market-alerts (the stack's AlertsTopicArn output) (that is a subscription ARN: drop its last part)",
    })
    void badTopicArnsSayWhatWasExpected(String arn, String message) {
        assertThat(SubscriptionInputs.topicArnProblem("--topic-arn", arn)).contains(message);
    }

    @Test
    void subscriptionArnsAreTheTopicArnAndAnId() {
        assertThat(SubscriptionInputs.subscriptionArnProblem("arn:aws:sns:us-east-1:123456789012:alerts:6b0e71bd-7e97-4d97-80ce-4a0994e55286"))
                .isEmpty();
        assertThat(SubscriptionInputs.subscriptionArnProblem("arn:aws:sns:us-east-1:123456789012:alerts")).contains(
                "'arn:aws:sns:us-east-1:123456789012:alerts' is not an SNS subscription ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC:ID, "
                        + "such as arn:aws:sns:us-east-1:123456789012:market-alerts:6b0e71bd-7e97-4d97-80ce-4a0994e55286 (that is a topic ARN: "
                        + "alerts subscriptions --topic-arn arn:aws:sns:us-east-1:123456789012:alerts lists its subscriptions)");
        assertThat(SubscriptionInputs.subscriptionArnProblem("PendingConfirmation")).contains(
                "'PendingConfirmation' is not a subscription ARN: a subscription waiting for confirmation has none yet; "
                        + "SNS removes it by itself if it is never confirmed");
        assertThat(SubscriptionInputs.subscriptionArnProblem("arn:aws:sns:us-east-1:123456789012:alerts:not-an-id")).contains(
                "'arn:aws:sns:us-east-1:123456789012:alerts:not-an-id' is not an SNS subscription ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC:ID, "
                        + "such as arn:aws:sns:us-east-1:123456789012:market-alerts:6b0e71bd-7e97-4d97-80ce-4a0994e55286 "
                        + "(alerts subscriptions --topic-arn ARN lists them)");
    }

    @Test
    void theRegionIsReadFromTheArn() {
        assertThat(SubscriptionInputs.regionOf("arn:aws:sns:eu-west-3:123456789012:alerts")).isEqualTo("eu-west-3");
        assertThat(SubscriptionInputs.regionOf("arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q")).isEqualTo("us-gov-west-1");
    }
}
