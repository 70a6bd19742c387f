package dev.marketalerts.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A minimal YAML tree built from Jackson's streaming parser that remembers where every key and value was written.
 * Collections nested deeper than {@link #MAX_NESTING} are an error (the tree is built recursively).
 */
final class YamlTree {
    /** alerts.yaml itself nests five levels (rules, a rule, earnings, remind); anything near this is not a config. */
    static final int MAX_NESTING = 64;

    /**
     * Bounded like the file ({@link ConfigLoader#MAX_BYTES}): of SnakeYAML's loader options only the code point limit
     * applies to the event stream Jackson reads (aliases are reported, never expanded); Jackson's own constraints bound
     * nesting just past {@link #MAX_NESTING}, which {@link Builder} reports with its position.
     */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            // on by default in new YAMLFactory() but not in its builder: an empty value is null, not ""
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING + 1)
                    .maxStringLength(ConfigLoader.MAX_BYTES)
                    .maxDocumentLength(ConfigLoader.MAX_BYTES)
                    .build())
            .build();
    private static final int[] NO_SURROGATES = new int[0];

    private YamlTree() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(ConfigLoader.MAX_BYTES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(0);
        return options;
    }

    /** A node with its 1-based position in the file. */
    sealed interface Node permits Scalar, MapNode, ListNode {
        int line();

        int column();

        /** "a map", "a list", "a string", ... for "found ..." in messages. */
        String describe();
    }

    /**
     * A scalar. {@code textColumn} is the file column of the value's first character when the text as
     * written on that line is exactly {@code text} (plain or simply quoted), else 0: then positions inside
     * the value cannot be mapped back to the file.
     */
    record Scalar(JsonToken token, String text, int line, int column, int textColumn) implements Node {
        /** A value that could not be read (an alias, binary data) and was reported already. */
        static Scalar reported(int line, int column) {
            return new Scalar(JsonToken.NOT_AVAILABLE, "", line, column, 0);
        }

        boolean isReported() {
            return token == JsonToken.NOT_AVAILABLE;
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }

        @Override
        public String describe() {
            return switch (token) {
                case VALUE_NULL -> "an empty value";
                case NOT_AVAILABLE -> "an unreadable value";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                default -> "a string";
            };
        }
    }

    record Entry(Scalar key, Node value) {
    }

    record MapNode(Map<String, Entry> entries, int line, int column) implements Node {
        @Override
        public String describe() {
            return "a map";
        }
    }

    record ListNode(List<Node> items, int line, int column) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** The root node, or null when the file is empty or did not parse (then {@code errors} says why). */
    static Node parse(String file, String text, List<ConfigError> errors) {
        Builder builder = new Builder(file, text, errors);
        try (YAMLParser parser = (YAMLParser) FACTORY.createParser(text)) {
            builder.parser = parser;
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Node root = builder.node(first, 1);
            JsonToken next = parser.nextToken();
            if (next != null && !(next == JsonToken.VALUE_NULL && parser.getText().isEmpty())) {
                JsonLocation at = parser.currentTokenLocation();
                errors.add(new ConfigError(file, at.getLineNr(), at.getColumnNr(),
                        "a second YAML document starts here, expected a single document"));
            }
            return root;
        } catch (TooDeep e) {
            errors.add(new ConfigError(file, e.line, e.column, "invalid YAML: lists and maps are nested more than " + MAX_NESTING
                    + " levels deep here, expected the few levels of alerts.yaml (a map of lists of maps)"));
            return null;
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(file, builder.lines, e));
            return null;
        } catch (IOException e) {
            // reading from a String: only a parse problem can get here
            errors.add(new ConfigError(file, 1, 1, "invalid YAML: " + e.getMessage()));
            return null;
        }
    }

    private static ConfigError syntaxError(String file, List<String> lines, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark mark = yaml.getProblemMark();
            StringBuilder message = new StringBuilder("invalid YAML: ").append(yaml.getProblem());
            if (yaml.getContext() != null) {
                message.append(" (").append(yaml.getContext());
                Mark context = yaml.getContextMark();
                if (context != null) {
                    message.append(" started at line ").append(context.getLine() + 1)
                            .append(", column ").append(context.getColumn() + 1);
                }
                message.append(')');
            }
            if (unquotedReference(lines, mark.getLine(), mark.getColumn())) {
                message.append("; inside { } and [ ] write ${NAME} in quotes, like \"${NAME}\"");
            }
            return new ConfigError(file, mark.getLine() + 1, mark.getColumn() + 1, message.toString());
        }
        JsonLocation at = e.getLocation();
        int line = at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
        int column = at == null || at.getColumnNr() < 1 ? 1 : at.getColumnNr();
        String message = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Expected a field name")
                ? "a key must be plain text, expected key: value" // Jackson's words for a map or list used as a key
                : e.getOriginalMessage();
        return new ConfigError(file, line, column, "invalid YAML: " + message);
    }

    /** Whether the problem is the '{' of an unquoted ${NAME} in a flow collection, where '{' ends the value. */
    private static boolean unquotedReference(List<String> lines, int line, int column) {
        if (line < 0 || line >= lines.size()) {
            return false;
        }
        String text = lines.get(line);
        return column >= 1 && column < text.length() && text.charAt(column) == '{' && text.charAt(column - 1) == '$';
    }

    private static final class Builder {
        private final String file;
        private final List<String> lines;
        /** Per line that has surrogate pairs, where each code point starts; {@link #NO_SURROGATES} for the others. */
        private final Map<Integer, int[]> codePointStarts = new HashMap<>();
        private final List<ConfigError> errors;
        private YAMLParser parser;

        Builder(String file, String text, List<ConfigError> errors) {
            this.file = file;
            this.lines = List.of(text.split("\r\n|\r|\n", -1));
            this.errors = errors;
        }

        /** The node that starts with {@code token}, {@code depth} collections deep (counting itself). */
        Node node(JsonToken token, int depth) throws IOException {
            JsonLocation at = parser.currentTokenLocation();
            int line = at.getLineNr();
            int column = at.getColumnNr();
            if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > MAX_NESTING) {
                throw new TooDeep(line, column);
            }
            if (token == JsonToken.START_OBJECT) {
                return map(line, column, depth);
            }
            if (token == JsonToken.START_ARRAY) {
                List<Node> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(node(t, depth + 1));
                }
                return new ListNode(Collections.unmodifiableList(items), line, column);
            }
            if (parser.isCurrentAlias()) {
                errors.add(new ConfigError(file, line, column,
                        "YAML alias *" + parser.getText() + " is not supported, expected the value written out"));
                return Scalar.reported(line, column);
            }
            if (token == JsonToken.VALUE_EMBEDDED_OBJECT) {
                errors.add(new ConfigError(file, line, column, "binary YAML values are not supported, expected text"));
                return Scalar.reported(line, column);
            }
            String text = parser.getText();
            return new Scalar(token, text, line, column, textColumn(text, line, column));
        }

        private MapNode map(int line, int column, int depth) throws IOException {
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                JsonLocation keyAt = parser.currentTokenLocation();
                String name = parser.currentName();
                Scalar key = new Scalar(JsonToken.VALUE_STRING, name, keyAt.getLineNr(), keyAt.getColumnNr(), 0);
                Node value = node(parser.nextToken(), depth + 1);
                Entry first = entries.get(name);
                if (first != null) {
                    errors.add(new ConfigError(file, key.line(), key.column(),
                            "duplicate key '" + name + "' (first defined at line " + first.key().line() + ")"));
                } else {
                    entries.put(name, new Entry(key, value));
                }
            }
            return new MapNode(Collections.unmodifiableMap(entries), line, column);
        }

        /** Where the scalar's text starts in the file, if the source there reads exactly as the text. */
        private int textColumn(String text, int line, int column) {
            if (line < 1 || line > lines.size() || column < 1) {
                return 0;
            }
            String source = lines.get(line - 1);
            int start = charIndex(line - 1, column - 1);
            if (start < 0) {
                return 0;
            }
            if (start < source.length() && (source.charAt(start) == '\'' || source.charAt(start) == '"')) {
                char quote = source.charAt(start);
                boolean matches = source.startsWith(text, start + 1)
                        && start + 1 + text.length() < source.length()
                        && source.charAt(start + 1 + text.length()) == quote;
                return matches ? column + 1 : 0;
            }
            return source.startsWith(text, start) ? column : 0;
        }

        /**
         * The char index of code point {@code codePoint} on a line, or -1 past its end. Constant time: a config written
         * on one long line has a scalar every few characters.
         */
        private int charIndex(int line, int codePoint) {
            String source = lines.get(line);
            int[] starts = codePointStarts.computeIfAbsent(line, l -> surrogates(source) ? starts(source) : NO_SURROGATES);
            if (starts == NO_SURROGATES) {
                return codePoint <= source.length() ? codePoint : -1;
            }
            return codePoint < starts.length ? starts[codePoint] : -1;
        }

        private static boolean surrogates(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isSurrogate(s.charAt(i))) {
                    return true;
                }
            }
            return false;
        }

        /** The char index where each code point starts, and the line's length after the last. */
        private static int[] starts(String s) {
            int[] out = new int[s.codePointCount(0, s.length()) + 1];
            int i = 0;
            for (int k = 0; k < out.length - 1; k++) {
                out[k] = i;
                i += Character.charCount(s.codePointAt(i));
            }
            out[out.length - 1] = s.length();
            return out;
        }
    }

    /** Ends the build at the first collection nested too deep. */
    private static final class TooDeep extends IOException {
        final int line;
        final int column;

        TooDeep(int line, int column) {
            super(null, null);
            this.line = Math.max(1, line);
            this.column = Math.max(1, column);
        }
    }
}
