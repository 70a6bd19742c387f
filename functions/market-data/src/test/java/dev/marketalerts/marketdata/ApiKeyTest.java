package dev.marketalerts.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.marketdata.http.ProviderException;
import dev.marketalerts.marketdata.http.Secrets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    private final Secrets secrets = new Secrets();

    @Test
    void referencesAreResolvedOnceOnFirstUseAndThenRedacted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ApiKey key = new ApiKey("finnhub", "ssm:/alerts/finnhub", ref -> {
            calls.incrementAndGet();
            return ref.equals("ssm:/alerts/finnhub") ? ProviderFixtures.SECRET : null;
        }, secrets, ProviderFixtures.clockAt("2026-02-12T20:00:00Z"));

        assertThat(calls).hasValue(0);
        assertThat(key.require()).isEqualTo(ProviderFixtures.SECRET);
        assertThat(key.require()).isEqualTo(ProviderFixtures.SECRET);
        assertThat(calls).hasValue(1);
        assertThat(secrets.redact("token " + ProviderFixtures.SECRET)).isEqualTo("token ***");
        assertThat(key.toString()).doesNotContain(ProviderFixtures.SECRET);
    }

    @Test
    void locallyAReferenceCannotBeResolvedAndTheProviderIsSkipped() {
        ApiKey key = new ApiKey("finnhub", "secret:alerts/finnhub", KeyResolver.LOCAL, secrets, ProviderFixtures.clockAt("2026-02-12T20:00:00Z"));

        assertThatThrownBy(key::require).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_CONFIGURED);
            assertThat(e.getMessage()).contains("secret:alerts/finnhub could not be resolved");
        });
    }

    @Test
    void anUnexpandedEnvironmentVariableIsNoKey() {
        ApiKey key = new ApiKey("finnhub", "${FINNHUB_API_KEY}", KeyResolver.LOCAL, secrets, ProviderFixtures.clockAt("2026-02-12T20:00:00Z"));

        assertThatThrownBy(key::require).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.getMessage()).contains("environment variable that is not set"));
    }

    @Test
    void aPlainKeyIsRegisteredForRedactionAtOnce() {
        new ApiKey("fmp", ProviderFixtures.SECRET, KeyResolver.LOCAL, secrets, ProviderFixtures.clockAt("2026-02-12T20:00:00Z"));

        assertThat(secrets.redact("x" + ProviderFixtures.SECRET + "y")).isEqualTo("x***y");
    }
}
