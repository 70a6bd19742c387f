package dev.marketalerts.core.alert;

import java.util.Optional;

/** What an alert is about; the wire name is the SNS {@code kind} attribute. */
public enum AlertKind {
    PRICE("price"),
    EARNINGS_REMINDER("earnings-reminder"),
    EARNINGS_DATE_CHANGE("earnings-date-change"),
    EARNINGS_SURPRISE("earnings-surprise"),
    /** The service itself: a job cannot see the market, or cannot deliver, and when it recovers. */
    HEALTH("health");

    private final String wireName;

    AlertKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AlertKind> fromWireName(String name) {
        for (AlertKind k : values()) {
            if (k.wireName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
