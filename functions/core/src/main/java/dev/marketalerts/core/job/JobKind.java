package dev.marketalerts.core.job;

import java.util.Locale;
import java.util.Optional;

/** Which job a tick runs: the price job, the earnings job, or both (locally). */
public enum JobKind {
    PRICE, EARNINGS, ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobKind> fromWireName(String name) {
        for (JobKind k : values()) {
            if (k.wireName().equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
