package dev.marketalerts.core.alert;

import java.util.Locale;
import java.util.Optional;

/** How loud an alert is: {@code info} (default), {@code warning}, {@code critical}. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromWireName(String name) {
        for (Severity s : values()) {
            if (s.wireName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
