package dev.marketalerts.core.config;

import dev.marketalerts.core.config.YamlTree.Entry;
import dev.marketalerts.core.config.YamlTree.ListNode;
import dev.marketalerts.core.config.YamlTree.MapNode;
import dev.marketalerts.core.config.YamlTree.Node;
import dev.marketalerts.core.config.YamlTree.Scalar;
import dev.marketalerts.core.text.DidYouMean;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed access to the fields of the YAML tree for one load: each accessor returns the value, or null after reporting
 * what was expected; keys are checked against the allowed ones ("did you mean"), and {@code ${NAME}} is expanded from
 * the environment.
 */
final class YamlFields {
    private final ConfigErrors errors;
    private final Map<String, String> env;

    YamlFields(ConfigErrors errors, Map<String, String> env) {
        this.errors = errors;
        this.env = env;
    }

    ConfigErrors errors() {
        return errors;
    }

    Map<String, String> env() {
        return env;
    }

    /** A value as shown in a message: a runaway one is cut short. */
    static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    void checkKeys(MapNode map, List<String> allowed, String where) {
        for (Entry entry : map.entries().values()) {
            String key = entry.key().text();
            if (!allowed.contains(key)) {
                errors.error(entry.key(), "unknown key '" + key + "' " + where + ", expected one of "
                        + String.join(", ", allowed) + DidYouMean.hint(key, allowed));
            }
        }
    }

    Scalar scalar(Entry entry, String expected) {
        Node value = entry.value();
        String key = entry.key().text();
        if (value instanceof Scalar s && !s.isNull()) {
            return s.isReported() ? null : s;
        }
        if (value instanceof Scalar) {
            errors.error(value, key + " has no value, expected " + expected);
        } else {
            errors.error(value, key + " must be " + expected + ", found " + value.describe());
        }
        return null;
    }

    String string(Entry entry, String expected) {
        Scalar s = scalar(entry, expected);
        return s == null ? null : expand(entry, s);
    }

    String optionalString(Entry entry, String expected) {
        return entry == null ? null : string(entry, expected);
    }

    ListNode list(Entry entry, String expected) {
        Node value = entry.value();
        if (value instanceof ListNode list) {
            return list;
        }
        String key = entry.key().text();
        errors.report(value, value instanceof Scalar s && s.isNull()
                ? key + " has no value, expected " + expected
                : key + " must be " + expected + ", found " + value.describe());
        return null;
    }

    MapNode map(Entry entry, String expected) {
        Node value = entry.value();
        if (value instanceof MapNode map) {
            return map;
        }
        String key = entry.key().text();
        errors.report(value, value instanceof Scalar s && s.isNull()
                ? key + " has no value, expected " + expected
                : key + " must be " + expected + ", found " + value.describe());
        return null;
    }

    <T> T wireValue(Entry entry, String what, List<String> names, Function<String, Optional<T>> lookup, T fallback) {
        String text = string(entry, "one of " + String.join(", ", names));
        if (text == null) {
            return fallback;
        }
        Optional<T> value = lookup.apply(text);
        if (value.isEmpty()) {
            errors.error(entry.value(), "unknown " + what + " '" + text + "', expected one of " + String.join(", ", names)
                    + DidYouMean.hint(text, names));
            return fallback;
        }
        return value.get();
    }

    String expand(Entry entry, Scalar s) {
        return expand(entry.key().text(), s);
    }

    /** The scalar's text with ${NAME} expanded, or null (with an error) if that is not possible. */
    String expand(String key, Scalar s) {
        if (!s.isString()) {
            return s.text();
        }
        EnvExpander.Result r = EnvExpander.expand(s.text(), env);
        if (r.problem() != null) {
            errors.error(s, key + " has " + r.problem() + ", expected ${NAME} or ${NAME:-default} (write $$ for a literal $)");
            return null;
        }
        for (String name : r.unset()) {
            errors.error(s, "environment variable " + name + " is not set");
        }
        return r.unset().isEmpty() ? r.value() : null;
    }

    /** Of two entries of one map, the one written later (where "has both" is reported). */
    static Entry later(Entry a, Entry b) {
        Scalar ka = a.key();
        Scalar kb = b.key();
        boolean aLater = ka.line() > kb.line() || (ka.line() == kb.line() && ka.column() > kb.column());
        return aLater ? a : b;
    }
}
