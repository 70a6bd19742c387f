package dev.marketalerts.marketdata;

import java.time.Instant;

/**
 * What the chain still needs from a price source for one instrument: {@code bars} daily sessions
 * (0: none), whether a quote, and the instant the data should describe. {@code refresh} means the
 * older history is cached, so only the last few sessions are wanted.
 */
public record PriceRequest(int bars, boolean quote, boolean refresh, Instant asOf) {

    /** The number of recent sessions fetched to refresh a cached history. */
    public static final int REFRESH_BARS = 5;

    public boolean wantsBars() {
        return bars > 0;
    }
}
