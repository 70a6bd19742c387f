package dev.marketalerts.core.config;

import java.util.Optional;

/** When a true condition fires (README: triggers). */
public enum Trigger {
    ON_CHANGE("on-change"), ONCE("once"), DAILY("daily"), ALWAYS("always");

    private final String wireName;

    Trigger(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Trigger> fromWireName(String name) {
        for (Trigger t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
