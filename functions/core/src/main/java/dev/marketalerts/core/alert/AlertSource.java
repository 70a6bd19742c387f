package dev.marketalerts.core.alert;

import java.time.Instant;
import java.util.Objects;

/** Where the data behind an alert came from, and as of when. */
public record AlertSource(String provider, Instant asOf) {
    public AlertSource {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(asOf, "asOf");
    }
}
