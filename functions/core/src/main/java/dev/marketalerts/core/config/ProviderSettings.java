package dev.marketalerts.core.config;

import java.time.Duration;

/**
 * Settings of one provider from {@code providers:}. {@code apiKey} is already ${ENV}-expanded; it may
 * still be a reference ({@code ssm:/path}, {@code secret:name}) that the runtime resolves. Null fields
 * mean "the provider's default". toString never shows the key.
 */
public record ProviderSettings(String name, String baseUrl, Duration timeout, String apiKey) {

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    public ProviderSettings withApiKey(String key) {
        return new ProviderSettings(name, baseUrl, timeout, key);
    }

    @Override
    public String toString() {
        return "ProviderSettings[name=" + name + ", baseUrl=" + baseUrl + ", timeout=" + timeout
                + ", apiKey=" + (hasApiKey() ? "***" : "none") + "]";
    }
}
