package dev.marketalerts.core.config;

/** One problem in a config file, printed as {@code file:line:column: what is wrong, what was expected}. */
public record ConfigError(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
