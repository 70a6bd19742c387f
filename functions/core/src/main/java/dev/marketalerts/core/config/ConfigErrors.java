package dev.marketalerts.core.config;

import dev.marketalerts.core.config.YamlTree.Node;
import dev.marketalerts.core.config.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The errors one load has found so far, each with the file and its position; reported together, in file order. */
final class ConfigErrors {
    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigErrors(String file) {
        this.file = file;
    }

    /** The list the YAML tree adds its own errors to while it is built. */
    List<ConfigError> list() {
        return errors;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** How many errors have been found so far: a part is usable when this did not change while it was read. */
    int count() {
        return errors.size();
    }

    /** Reports a wrong value unless it is one the tree reported already (an alias, say). */
    void report(Node at, String message) {
        if (!(at instanceof Scalar s && s.isReported())) {
            error(at, message);
        }
    }

    void error(Node at, String message) {
        error(at.line(), at.column(), message);
    }

    void error(int line, int column, String message) {
        errors.add(new ConfigError(file, Math.max(1, line), Math.max(1, column), message));
    }

    /** Every error found, in file order. */
    ConfigException failure() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return new ConfigException(sorted);
    }
}
