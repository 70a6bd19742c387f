package dev.marketalerts.core.market;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The kind of market an instrument trades on: where its day starts and how old a quote may be. */
public enum Market {
    US_EQUITY("us-equity", ZoneId.of("America/New_York"), Duration.ofMinutes(30)),
    CRYPTO("crypto", ZoneOffset.UTC, Duration.ofMinutes(30));

    private final String wireName;
    private final ZoneId zone;
    private final Duration staleness;

    Market(String wireName, ZoneId zone, Duration staleness) {
        this.wireName = wireName;
        this.zone = zone;
        this.staleness = staleness;
    }

    /** The name used in alerts.yaml ({@code market: crypto}). */
    public String wireName() {
        return wireName;
    }

    /** The zone in which this market's trading day is counted. */
    public ZoneId zone() {
        return zone;
    }

    /** A live quote older than this (outside a closed session's last print) is not used. */
    public Duration staleness() {
        return staleness;
    }

    public static java.util.Optional<Market> fromWireName(String name) {
        for (Market m : values()) {
            if (m.wireName.equals(name)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }
}
