package dev.marketalerts.aws.subscribe;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The SNS protocols a person subscribes alerts with, and what each endpoint looks like. */
public enum Protocol {
    EMAIL("email"),
    SMS("sms"),
    SQS("sqs"),
    HTTPS("https"),
    LAMBDA("lambda");

    private final String wireName;

    Protocol(String wireName) {
        this.wireName = wireName;
    }

    /** The name SNS and the command line use. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Protocol> fromWireName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.wireName.equals(n)).findFirst();
    }

    /** {@code email, sms, sqs, https, lambda}. */
    public static String names() {
        return Arrays.stream(values()).map(Protocol::wireName).collect(Collectors.joining(", "));
    }

    /** True when SNS waits for the endpoint to confirm before it delivers (a mail link, or the HTTPS SubscriptionConfirmation). */
    public boolean needsConfirmation() {
        return this == EMAIL || this == HTTPS;
    }
}
