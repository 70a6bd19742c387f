package dev.marketalerts.marketdata;

import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import dev.marketalerts.marketdata.http.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A provider's API key, resolved on first use (so an unused provider never touches SSM) and registered
 * with {@link Secrets} so that it is redacted everywhere. A failed resolution is retried after a while.
 * toString never shows the key.
 */
public final class ApiKey {
    private static final Duration RETRY_RESOLUTION_AFTER = Duration.ofMinutes(5);

    private final String provider;
    private final String configured;
    private final KeyResolver resolver;
    private final Secrets secrets;
    private final Clock clock;

    private String resolved;
    private String failure;
    private Instant failedAt;

    public ApiKey(String provider, String configured, KeyResolver resolver, Secrets secrets, Clock clock) {
        this.provider = provider;
        this.configured = configured == null || configured.isBlank() ? null : configured.strip();
        this.resolver = resolver;
        this.secrets = secrets;
        this.clock = clock;
        if (this.configured != null && !KeyResolver.isReference(this.configured)) {
            secrets.register(this.configured);
        }
    }

    /** A key given directly (tests, local use). */
    public static ApiKey of(String provider, String key, Secrets secrets) {
        return new ApiKey(provider, key, KeyResolver.LOCAL, secrets, Clock.systemUTC());
    }

    public static ApiKey none(String provider, Secrets secrets) {
        return new ApiKey(provider, null, KeyResolver.LOCAL, secrets, Clock.systemUTC());
    }

    /** Whether alerts.yaml gives this provider a key at all (it may still fail to resolve). */
    public boolean isConfigured() {
        return configured != null;
    }

    /** The key, or a NOT_CONFIGURED failure saying why there is none. */
    public synchronized String require() throws ProviderException {
        if (resolved != null) {
            return resolved;
        }
        if (configured == null) {
            throw new ProviderException(provider, Kind.NOT_CONFIGURED, "no api-key configured; skipped");
        }
        if (configured.contains("${")) {
            throw new ProviderException(provider, Kind.NOT_CONFIGURED,
                    "api-key refers to an environment variable that is not set; skipped");
        }
        if (!KeyResolver.isReference(configured)) {
            resolved = configured;
            return resolved;
        }
        if (failure != null && Duration.between(failedAt, clock.instant()).compareTo(RETRY_RESOLUTION_AFTER) < 0) {
            throw new ProviderException(provider, Kind.NOT_CONFIGURED, failure);
        }
        try {
            String value = resolver.resolve(configured);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("it resolved to an empty value");
            }
            resolved = value.strip();
            secrets.register(resolved);
            failure = null;
            return resolved;
        } catch (RuntimeException e) {
            failure = secrets.redact("api-key " + configured + " could not be resolved ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); skipped");
            failedAt = clock.instant();
            throw new ProviderException(provider, Kind.NOT_CONFIGURED, failure);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[" + provider + ", " + (configured == null ? "none" : "***") + "]";
    }
}
