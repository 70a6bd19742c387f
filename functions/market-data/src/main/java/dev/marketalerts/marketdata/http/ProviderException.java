package dev.marketalerts.marketdata.http;

import java.time.Duration;
import java.util.Objects;

/** Why one provider could not answer; the message is already redacted and names the provider. */
public final class ProviderException extends Exception {

    /** The kinds of failure the fallback chains tell apart. */
    public enum Kind {
        TIMEOUT(true),
        CONNECTION(true),
        SERVER_ERROR(true),
        /** HTTP 429, or a provider's "slow down" message inside a 200. */
        THROTTLED(true),
        /** 4xx other than 404/429: bad key, premium-only, legacy endpoint. */
        CLIENT_ERROR(true),
        /** An error reported inside an HTTP 200 body. */
        PROVIDER_ERROR(true),
        UNPARSABLE(true),
        /** The provider does not know the symbol or has nothing for it (404, all-zero quote, empty body). */
        NO_DATA(false),
        STALE(false),
        /** Our own rate limiter refused to send the request within the allowed wait. */
        LOCAL_RATE_LIMIT(false),
        CIRCUIT_OPEN(false),
        /** The provider needs an API key and none is configured or it could not be resolved. */
        NOT_CONFIGURED(false),
        /** The provider does not cover this instrument or data kind. */
        UNSUPPORTED(false);

        private final boolean tripsBreaker;

        Kind(boolean tripsBreaker) {
            this.tripsBreaker = tripsBreaker;
        }

        /** Whether this failure says something about the provider's health (counts toward its circuit breaker). */
        public boolean tripsBreaker() {
            return tripsBreaker;
        }
    }

    private final String provider;
    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    public ProviderException(String provider, Kind kind, String message) {
        this(provider, kind, message, 0, null);
    }

    public ProviderException(String provider, Kind kind, String message, int status, Duration retryAfter) {
        super(provider + ": " + message, null, false, false);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public String provider() {
        return provider;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status when the failure came with one, else 0. */
    public int status() {
        return status;
    }

    /** The provider's Retry-After, when it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The same failure with the message prefixed by what was being fetched (e.g. the symbol). */
    public ProviderException about(String subject) {
        String msg = getMessage().substring(provider.length() + 2);
        return new ProviderException(provider, kind, subject + ": " + msg, status, retryAfter);
    }
}
