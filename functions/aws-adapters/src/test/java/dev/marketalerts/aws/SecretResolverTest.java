package dev.marketalerts.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.aws.SecretResolver.SecretResolutionException;
import dev.marketalerts.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretResolverTest {
    private static final String KEY = "sk-live-0123456789abcdef";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-23T21:05:00Z"));
    private final FakeSource source = new FakeSource();
    private final SecretResolver resolver = new SecretResolver(source, clock, SecretResolver.DEFAULT_TTL);

    /** The parameters and secrets a test account holds; counts what was asked. */
    private static final class FakeSource implements SecretResolver.Source {
        final Map<String, String> parameters = new HashMap<>();
        final Map<String, String> secrets = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public String parameter(String name) {
            calls.add("ssm:" + name);
            return parameters.get(name);
        }

        @Override
        public String secret(String name) {
            calls.add("secret:" + name);
            return secrets.get(name);
        }
    }

    @Test
    void ssmReferenceIsTheParametersValue() {
        source.parameters.put("/market-alerts/finnhub-key", KEY);

        assertThat(resolver.resolve("ssm:/market-alerts/finnhub-key")).isEqualTo(KEY);
        assertThat(source.calls).containsExactly("ssm:/market-alerts/finnhub-key");
    }

    @Test
    void secretReferenceIsTheSecretString() {
        source.secrets.put("market-alerts/finnhub", KEY);

        assertThat(resolver.resolve("secret:market-alerts/finnhub")).isEqualTo(KEY);
    }

    @Test
    void secretReferenceWithAFieldPicksThatFieldOfAJsonSecret() {
        source.secrets.put("market-alerts", "{\"FINNHUB_API_KEY\":\"" + KEY + "\",\"OTHER\":\"x\"}");

        assertThat(resolver.resolve("secret:market-alerts#FINNHUB_API_KEY")).isEqualTo(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain-key-123", "", "${NOT_EXPANDED}", "ssmx:/a", "SSM:/upper"})
    void anythingElseIsReturnedAsItIs(String value) {
        assertThat(resolver.resolve(value)).isEqualTo(value);
        assertThat(source.calls).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    void nullIsReturnedAsItIs(String value) {
        assertThat(resolver.resolve(value)).isNull();
    }

    @Test
    void valuesAreCachedForFiveMinutesThenFetchedAgain() {
        source.parameters.put("/k", KEY);
        resolver.resolve("ssm:/k");
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        resolver.resolve("ssm:/k");
        assertThat(source.calls).hasSize(1);

        source.parameters.put("/k", "rotated-key");
        clock.advance(Duration.ofSeconds(1));

        assertThat(resolver.resolve("ssm:/k")).isEqualTo("rotated-key");
        assertThat(source.calls).hasSize(2);
    }

    @Test
    void aFailedLookupIsNotCached() {
        assertThatThrownBy(() -> resolver.resolve("ssm:/later")).isInstanceOf(SecretResolutionException.class);
        source.parameters.put("/later", KEY);

        assertThat(resolver.resolve("ssm:/later")).isEqualTo(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssm:", "secret:", "secret:#field", "ssm:/missing", "secret:missing", "secret:json#absent", "secret:notjson#f"})
    void unresolvableReferencesFailNamingTheReferenceButNeverAValue(String reference) {
        source.secrets.put("json", "{\"present\":\"" + KEY + "\"}");
        source.secrets.put("notjson", KEY);

        assertThatThrownBy(() -> resolver.resolve(reference))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining(reference)
                .hasMessageNotContaining(KEY)
                .satisfies(e -> assertThat(e.getCause() == null ? "" : String.valueOf(e.getCause())).doesNotContain(KEY));
    }

    @Test
    void toStringShowsNoValue() {
        source.parameters.put("/k", KEY);
        resolver.resolve("ssm:/k");

        assertThat(resolver.toString()).doesNotContain(KEY);
    }
}
