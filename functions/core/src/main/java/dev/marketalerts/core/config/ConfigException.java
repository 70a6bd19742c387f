package dev.marketalerts.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that does not parse or validate; it carries every error found, in file order. */
public final class ConfigException extends Exception {
    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining(System.lineSeparator())));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
