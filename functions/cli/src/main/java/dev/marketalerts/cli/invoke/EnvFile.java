package dev.marketalerts.cli.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.json.Jackson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Environment overrides for {@code alerts invoke --env-file}: either {@code KEY=VALUE} lines ({@code #} comments,
 * blank lines and a leading {@code export} allowed, values optionally quoted), or the JSON that
 * {@code sam local invoke --env-vars} takes: {@code {"LogicalId": {"KEY": "VALUE"}, "Parameters": {...}}}, where
 * {@code Parameters} applies to every function and the function's own entry wins.
 */
public final class EnvFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvFile() {
    }

    /** @throws IllegalArgumentException with the file, line and what is wrong */
    public static Map<String, String> read(Path file, String logicalId) throws IOException {
        String text = Files.readString(file);
        return text.stripLeading().startsWith("{") ? json(file, text, logicalId) : lines(file, text);
    }

    private static Map<String, String> json(Path file, String text, String logicalId) {
        JsonNode root;
        try {
            root = Jackson.json().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String section : List.of("Parameters", logicalId)) {
            JsonNode vars = root.path(section);
            if (vars.isMissingNode()) {
                continue;
            }
            if (!vars.isObject()) {
                throw new IllegalArgumentException(file + ": \"" + section + "\" must be an object of NAME: value");
            }
            vars.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new IllegalArgumentException(file + ": \"" + section + "." + e.getKey() + "\" must be a string, number or boolean");
                }
                out.put(e.getKey(), e.getValue().asText());
            });
        }
        return out;
    }

    private static Map<String, String> lines(Path file, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq < 0 || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected NAME=VALUE, found '" + lines[i].strip() + "'");
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(name, value);
        }
        return out;
    }
}
