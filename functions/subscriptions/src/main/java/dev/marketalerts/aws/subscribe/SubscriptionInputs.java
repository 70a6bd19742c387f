package dev.marketalerts.aws.subscribe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what a person types for a subscription before anything is sent to SNS: topic and subscription ARNs, and the
 * endpoint of each protocol (e-mail address, E.164 phone number, https URL, SQS queue ARN, Lambda function ARN). Each
 * check returns the problem, saying what was given and what was expected, or empty when the value is fine.
 */
public final class SubscriptionInputs {
    private static final String PARTITION = "aws(?:-[a-z]+)*";
    private static final String REGION = "([a-z]{2}(?:-[a-z]+)+-\\d{1,2})";
    private static final String ACCOUNT = "\\d{12}";
    private static final String TOPIC_NAME = "[A-Za-z0-9_-]{1,256}(?:\\.fifo)?";

    private static final Pattern TOPIC_ARN = Pattern.compile("arn:" + PARTITION + ":sns:" + REGION + ":" + ACCOUNT + ":" + TOPIC_NAME);
    private static final Pattern SUBSCRIPTION_ARN = Pattern.compile("arn:" + PARTITION + ":sns:" + REGION + ":" + ACCOUNT + ":" + TOPIC_NAME
            + ":[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern QUEUE_ARN = Pattern.compile("arn:" + PARTITION + ":sqs:" + REGION + ":" + ACCOUNT + ":[A-Za-z0-9_-]{1,80}(?:\\.fifo)?");
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:" + PARTITION + ":lambda:" + REGION + ":" + ACCOUNT
            + ":function:[A-Za-z0-9_-]{1,64}(?::(?:\\$LATEST|[A-Za-z0-9_-]{1,128}))?");
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");
    private static final Pattern EMAIL_LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    static final String TOPIC_EXAMPLE = "arn:aws:sns:us-east-1:123456789012:market-alerts";

    private SubscriptionInputs() {
    }

    /** An SNS topic ARN, such as the stack's AlertsTopicArn output. */
    public static Optional<String> topicArnProblem(String option, String value) {
        if (value != null && TOPIC_ARN.matcher(value).matches()) {
            return Optional.empty();
        }
        String hint = value != null && SUBSCRIPTION_ARN.matcher(value).matches() ? " (that is a subscription ARN: drop its last part)" : "";
        return Optional.of(option + " " + quote(value) + " is not an SNS topic ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, such as "
                + TOPIC_EXAMPLE + " (the stack's AlertsTopicArn output)" + hint);
    }

    /** A confirmed subscription's ARN: the topic ARN and the subscription id. */
    public static Optional<String> subscriptionArnProblem(String value) {
        if (value != null && SUBSCRIPTION_ARN.matcher(value).matches()) {
            return Optional.empty();
        }
        if ("PendingConfirmation".equalsIgnoreCase(value == null ? "" : value.strip())) {
            return Optional.of("'PendingConfirmation' is not a subscription ARN: a subscription waiting for confirmation has none yet; "
                    + "SNS removes it by itself if it is never confirmed");
        }
        String hint = value != null && TOPIC_ARN.matcher(value).matches() ? " (that is a topic ARN: alerts subscriptions --topic-arn "
                + value + " lists its subscriptions)" : " (alerts subscriptions --topic-arn ARN lists them)";
        return Optional.of(quote(value) + " is not an SNS subscription ARN: expected arn:aws:sns:REGION:ACCOUNT:TOPIC:ID, such as "
                + TOPIC_EXAMPLE + ":6b0e71bd-7e97-4d97-80ce-4a0994e55286" + hint);
    }

    /** The endpoint of a protocol: what SNS delivers to. */
    public static Optional<String> endpointProblem(Protocol protocol, String value) {
        String v = value == null ? "" : value;
        return switch (protocol) {
            case EMAIL -> isEmail(v) ? Optional.empty()
                    : problem(v, "an e-mail address", "NAME@DOMAIN, such as you@example.com");
            case SMS -> E164.matcher(v).matches() ? Optional.empty()
                    : problem(v, "a phone number in E.164 form", "+ and then 8 to 15 digits, country code first, no spaces or dashes, "
                            + "such as +14155550123");
            case HTTPS -> httpsProblem(v);
            case SQS -> QUEUE_ARN.matcher(v).matches() ? Optional.empty()
                    : problem(v, "an SQS queue ARN", "arn:aws:sqs:REGION:ACCOUNT:QUEUE, such as arn:aws:sqs:us-east-1:123456789012:alerts"
                            + (v.startsWith("https://") || v.startsWith("http://")
                            ? " (that looks like a queue URL: aws sqs get-queue-attributes --queue-url URL --attribute-names QueueArn prints the ARN)"
                            : ""));
            case LAMBDA -> FUNCTION_ARN.matcher(v).matches() ? Optional.empty()
                    : problem(v, "a Lambda function ARN", "arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS], "
                            + "such as arn:aws:lambda:us-east-1:123456789012:function:on-alert");
        };
    }

    /** The region in an ARN that passed its check (arn:PARTITION:SERVICE:REGION:...). */
    public static String regionOf(String arn) {
        Matcher m = Pattern.compile("arn:" + PARTITION + ":[a-z]+:" + REGION + ":.*").matcher(arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an ARN with a region: " + arn);
        }
        return m.group(1);
    }

    static boolean isEmail(String v) {
        int at = v.lastIndexOf('@');
        if (at <= 0 || at == v.length() - 1 || v.length() > 254) {
            return false;
        }
        String local = v.substring(0, at);
        String domain = v.substring(at + 1);
        return local.length() <= 64 && EMAIL_LOCAL.matcher(local).matches() && DOMAIN.matcher(domain).matches();
    }

    private static Optional<String> httpsProblem(String v) {
        String expected = "https://HOST/PATH, such as https://hooks.example.com/market-alerts";
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            return problem(v, "an https URL", expected);
        }
        if (uri.getScheme() == null || !uri.isAbsolute()) {
            return problem(v, "an https URL", expected);
        }
        if (!"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return Optional.of("--endpoint " + quote(v) + " is not an https URL: alerts are only sent over https here (expected " + expected + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("--endpoint " + quote(v) + " has no host: expected " + expected);
        }
        return Optional.empty();
    }

    private static Optional<String> problem(String value, String what, String expected) {
        return Optional.of("--endpoint " + quote(value) + " is not " + what + ": expected " + expected);
    }

    private static String quote(String value) {
        return value == null ? "(nothing)" : "'" + value + "'";
    }
}
