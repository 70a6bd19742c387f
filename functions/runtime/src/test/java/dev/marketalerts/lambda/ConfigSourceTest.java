package dev.marketalerts.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConfigSourceTest {
    private static final String BUNDLED = """
            watchlist:
              - { symbol: NVDA }
            rules:
              - { id: nvda-200, symbol: NVDA, when: price > 200 }
            """;
    private static final String OVERRIDE = """
            watchlist:
              - { symbol: NVDA }
              - { symbol: IREN }
            rules:
              - { id: nvda-200, symbol: NVDA, when: price > 200 }
              - { id: iren-50, symbol: IREN, when: price > 50 }
            """;
    private static final String INVALID = """
            watchlist:
              - { symbol: NVDA }
            rules:
              - { id: nvda-200, symbol: MSFT, when: price >> 200 }
            """;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final StructuredLog log = new StructuredLog(new PrintStream(logged, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-01-23T21:05:00Z"), ZoneOffset.UTC));
    private final AtomicReference<Object> parameter = new AtomicReference<>(OVERRIDE);
    private final List<String> reads = new ArrayList<>();

    private ConfigSource source(Optional<String> name) {
        return source(BUNDLED, name);
    }

    private ConfigSource source(String bundled, Optional<String> name) {
        return new ConfigSource(bundled, name, reference -> {
            reads.add(reference);
            Object v = parameter.get();
            if (v instanceof RuntimeException e) {
                throw e;
            }
            return (String) v;
        }, Map.of(), log);
    }

    @Test
    void withoutAParameterTheBundledConfigIsUsedAndNothingIsRead() {
        ConfigSource.Selected s = source(Optional.empty()).select();

        assertThat(s.origin()).isEqualTo("bundled alerts.yaml");
        assertThat(s.config().rules()).hasSize(1);
        assertThat(reads).isEmpty();
    }

    @Test
    void aValidOverrideReplacesTheBundledConfig() throws IOException {
        ConfigSource.Selected s = source(Optional.of("/market-alerts/alerts.yaml")).select();

        assertThat(s.origin()).isEqualTo("ssm:/market-alerts/alerts.yaml");
        assertThat(s.config().rules()).extracting(r -> r.id()).containsExactly("nvda-200", "iren-50");
        assertThat(reads).containsExactly("ssm:/market-alerts/alerts.yaml");
        assertThat(lines()).anySatisfy(l -> assertThat(l.path("event").asText()).isEqualTo("config-override-loaded"));
    }

    @Test
    void anInvalidOverrideIsReportedWithEveryErrorAndTheBundledConfigIsUsedWhole() throws IOException {
        parameter.set(INVALID);

        ConfigSource.Selected s = source(Optional.of("/market-alerts/alerts.yaml")).select();

        assertThat(s.origin()).isEqualTo("bundled alerts.yaml");
        assertThat(s.config().rules()).extracting(r -> r.id()).containsExactly("nvda-200");
        JsonNode error = lines().stream().filter(l -> l.path("event").asText().equals("config-override-invalid")).findFirst().orElseThrow();
        assertThat(error.path("level").asText()).isEqualTo("ERROR");
        assertThat(error.path("using").asText()).isEqualTo("bundled alerts.yaml");
        assertThat(error.path("errors").size()).isGreaterThanOrEqualTo(1);
        assertThat(error.path("errors").get(0).asText()).startsWith("/market-alerts/alerts.yaml:4:");
    }

    @Test
    void anEditedParameterTakesEffectAndAStillInvalidOneIsReportedOnce() throws IOException {
        ConfigSource source = source(Optional.of("/p"));
        assertThat(source.select().config().rules()).hasSize(2);

        parameter.set(INVALID);
        assertThat(source.select().origin()).isEqualTo("bundled alerts.yaml");
        assertThat(source.select().origin()).isEqualTo("bundled alerts.yaml");
        parameter.set(OVERRIDE);
        assertThat(source.select().origin()).isEqualTo("ssm:/p");

        assertThat(lines().stream().filter(l -> l.path("event").asText().equals("config-override-invalid"))).hasSize(1);
    }

    @Test
    void anUnreadableParameterKeepsTheConfigInUse() throws IOException {
        ConfigSource source = source(Optional.of("/p"));
        assertThat(source.select().origin()).isEqualTo("ssm:/p");

        parameter.set(new IllegalStateException("cannot resolve ssm:/p: the extension answered HTTP 400"));

        assertThat(source.select().origin()).isEqualTo("ssm:/p");
        JsonNode error = lines().stream().filter(l -> l.path("event").asText().equals("config-override-unreadable")).findFirst().orElseThrow();
        assertThat(error.path("reason").asText()).contains("HTTP 400");
        assertThat(error.path("using").asText()).isEqualTo("ssm:/p");
    }

    @Test
    void anInvalidBundledConfigStopsTheFunction() {
        assertThatThrownBy(() -> new ConfigSource("rules: [", Optional.empty(), r -> "", Map.of(), log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the bundled alerts.yaml is invalid")
                .hasMessageContaining("alerts.yaml:");
    }

    @Test
    void aValidOverrideIsUsedWithoutParsingTheBundledConfig() {
        ConfigSource source = source("rules: [", Optional.of("/p"));

        assertThat(source.select().origin()).isEqualTo("ssm:/p");
        assertThat(source.select().origin()).isEqualTo("ssm:/p");
    }

    @Test
    void theBundledConfigIsParsedWhenTheOverrideTurnsInvalid() {
        ConfigSource source = source(Optional.of("/p"));
        assertThat(source.select().origin()).isEqualTo("ssm:/p");

        parameter.set(INVALID);

        assertThat(source.select().config().rules()).extracting(r -> r.id()).containsExactly("nvda-200");
    }

    @Test
    void anUnreadableParameterAtStartFallsBackOnTheBundledConfig() throws IOException {
        parameter.set(new IllegalStateException("cannot resolve ssm:/p: the extension does not answer"));

        ConfigSource.Selected s = source(Optional.of("/p")).select();

        assertThat(s.origin()).isEqualTo("bundled alerts.yaml");
        assertThat(s.config().rules()).hasSize(1);
        JsonNode error = lines().stream().filter(l -> l.path("event").asText().equals("config-override-unreadable")).findFirst().orElseThrow();
        assertThat(error.path("using").asText()).isEqualTo("bundled alerts.yaml");
    }

    @Test
    void anInvalidBundledConfigStopsTheFunctionWhenTheOverrideCannotReplaceIt() throws IOException {
        parameter.set(INVALID);
        ConfigSource source = source("rules: [", Optional.of("/p"));

        assertThatThrownBy(source::select)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the bundled alerts.yaml is invalid");
        assertThat(lines()).anySatisfy(l -> assertThat(l.path("event").asText()).isEqualTo("config-override-invalid"));
    }

    @Test
    void anInvalidBundledConfigStopsTheFunctionWhenTheParameterCannotBeRead() {
        parameter.set(new IllegalStateException("cannot resolve ssm:/p: the extension does not answer"));
        ConfigSource source = source("rules: [", Optional.of("/p"));

        assertThatThrownBy(source::select)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the bundled alerts.yaml is invalid");
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : logged.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank()) {
                out.add(new ObjectMapper().readTree(line));
            }
        }
        return out;
    }
}
