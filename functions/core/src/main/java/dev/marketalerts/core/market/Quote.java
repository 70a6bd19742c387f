package dev.marketalerts.core.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** The latest price of an instrument, the instant it was printed, and the provider that said so. */
public record Quote(BigDecimal price, Instant asOf, String provider) {
    public Quote {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(provider, "provider");
    }
}
