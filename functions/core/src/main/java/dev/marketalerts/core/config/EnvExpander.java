package dev.marketalerts.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in a config value from an environment map;
 * {@code $$} is a literal {@code $}. Like the shell, the default is used when NAME is unset or empty.
 */
final class EnvExpander {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * The expanded text, the variables referenced, the ones that were unset (and had no default), and a
     * syntax problem such as "an unterminated ${" (null if none). Problems never repeat the text, which may be a secret.
     */
    record Result(String value, List<String> referenced, List<String> unset, String problem) {
    }

    private EnvExpander() {
    }

    static Result expand(String raw, Map<String, String> env) {
        StringBuilder out = new StringBuilder(raw.length());
        List<String> referenced = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '$' || i + 1 >= raw.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = raw.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (next != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = raw.indexOf('}', i + 2);
            if (close < 0) {
                return new Result(out.toString(), referenced, unset,
                        "an unterminated ${");
            }
            String body = raw.substring(i + 2, close);
            int dash = body.indexOf(":-");
            String name = dash < 0 ? body : body.substring(0, dash);
            if (!NAME.matcher(name).matches()) {
                return new Result(out.toString(), referenced, unset,
                        "an invalid ${...} reference (NAME is letters, digits and _)");
            }
            referenced.add(name);
            String value = env.get(name);
            if (dash >= 0 && (value == null || value.isEmpty())) {
                value = body.substring(dash + 2);
            }
            if (value == null) {
                unset.add(name);
            } else {
                out.append(value);
            }
            i = close + 1;
        }
        return new Result(out.toString(), List.copyOf(referenced), List.copyOf(unset), null);
    }
}
