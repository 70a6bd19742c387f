package dev.marketalerts.lambda;

import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigError;
import dev.marketalerts.core.config.ConfigException;
import dev.marketalerts.core.config.ConfigLoader;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which alerts.yaml a function runs on: the one bundled into its zip at build, unless the SSM parameter named by
 * {@code ALERTS_CONFIG_PARAMETER} holds a valid replacement. The parameter is read on every invocation through a
 * resolver that caches it for a few minutes, so an edited parameter takes effect without a deploy.
 *
 * <p>A config is used whole or not at all: an override that does not validate is logged with every
 * error and the bundled config is used; a parameter that cannot be read (extension down, access denied) is
 * logged and the last config this container used stays (the bundled one if it has none).
 *
 * <p>With an override configured, the bundled config is parsed only when it is needed (the override cannot be read
 * or does not validate): parsing it for nothing would cost every cold start.
 */
public final class ConfigSource {
    public static final String BUNDLED_NAME = "alerts.yaml";
    private static final String BUNDLED_ORIGIN = "bundled " + BUNDLED_NAME;

    /** A config with where it came from, and its text (to see whether it changed). */
    public record Selected(AlertsConfig config, String origin, String text) {
    }

    private final String bundledText;
    private final Optional<String> parameter;
    private final Function<String, String> reader;
    private final Map<String, String> env;
    private final StructuredLog log;
    private Selected bundled;
    private Selected current;
    private String lastReported;

    /**
     * @param bundledText the bundled alerts.yaml; it must be valid (it was validated by the build's tests)
     * @param parameter   the SSM parameter name, if an override is configured
     * @param reader      reads an {@code ssm:NAME} reference (the secret resolver: cached, never logs the value)
     * @throws IllegalStateException when there is no override and the bundled config is invalid: the function cannot run
     */
    public ConfigSource(String bundledText, Optional<String> parameter, Function<String, String> reader, Map<String, String> env,
                        StructuredLog log) {
        this.parameter = Objects.requireNonNull(parameter, "parameter");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.env = Map.copyOf(env);
        this.log = Objects.requireNonNull(log, "log");
        this.bundledText = Objects.requireNonNull(bundledText, "bundledText");
        if (parameter.isEmpty()) {
            bundled();
        }
    }

    /**
     * The bundled config, parsed on first use.
     *
     * @throws IllegalStateException when it is invalid: the function cannot run on it
     */
    public Selected bundled() {
        if (bundled == null) {
            try {
                bundled = new Selected(ConfigLoader.load(BUNDLED_NAME, bundledText, env), BUNDLED_ORIGIN, bundledText);
            } catch (ConfigException e) {
                throw new IllegalStateException("the bundled alerts.yaml is invalid, so the function cannot run:"
                        + System.lineSeparator() + e.getMessage(), e);
            }
        }
        return bundled;
    }

    /**
     * The config to run this invocation on.
     *
     * @throws IllegalStateException when it has to fall back on the bundled config and that is invalid
     */
    public Selected select() {
        if (parameter.isEmpty()) {
            return bundled();
        }
        String name = parameter.get();
        String origin = "ssm:" + name;
        String text;
        try {
            text = reader.apply(origin);
        } catch (RuntimeException e) {
            report("config-override-unreadable", origin + "|" + e.getMessage(), l -> {
                l.put("parameter", name);
                l.put("reason", String.valueOf(e.getMessage()));
                l.put("using", current == null ? BUNDLED_ORIGIN : current.origin());
            });
            if (current == null) {
                current = bundled();
            }
            return current;
        }
        if (current != null && current.text().equals(text) && current.origin().equals(origin)) {
            return current;
        }
        try {
            current = new Selected(ConfigLoader.load(name, text, env), origin, text);
            lastReported = null;
            log.emit(log.line("INFO", "config-override-loaded").put("parameter", name).put("rules", current.config().rules().size())
                    .put("symbols", current.config().watchlist().size()));
        } catch (ConfigException e) {
            report("config-override-invalid", origin + "|" + text, l -> {
                l.put("parameter", name);
                var errors = l.putArray("errors");
                e.errors().stream().map(ConfigError::toString).forEach(errors::add);
                l.put("using", BUNDLED_ORIGIN);
            });
            current = bundled();
        }
        return current;
    }

    /** Logs a problem once per distinct problem, not on every invocation while it lasts. */
    private void report(String event, String key, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> fields) {
        if (key.equals(lastReported)) {
            return;
        }
        lastReported = key;
        log.error(event, fields);
    }
}
