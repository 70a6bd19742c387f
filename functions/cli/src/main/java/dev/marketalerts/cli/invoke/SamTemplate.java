package dev.marketalerts.cli.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A SAM template read for local use: its {@code AWS::Serverless::Function} resources with the
 * {@code Globals.Function} defaults applied, the way SAM merges them (maps merged key by key, the function's
 * value winning; anything else replaced).
 */
public final class SamTemplate {
    public static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    private final Path file;
    private final ObjectNode root;

    private SamTemplate(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    public static SamTemplate read(Path file) throws IOException {
        return new SamTemplate(file.toAbsolutePath().normalize(), CfnYaml.read(file));
    }

    public Path file() {
        return file;
    }

    /** The template's directory: CodeUri paths are read against it. */
    public Path directory() {
        return file.getParent();
    }

    public ObjectNode root() {
        return root;
    }

    public JsonNode resources() {
        return root.path("Resources");
    }

    public JsonNode parameters() {
        return root.path("Parameters");
    }

    /** Logical ids of every serverless function, in template order. */
    public Map<String, FunctionSpec> functions() {
        Map<String, FunctionSpec> out = new LinkedHashMap<>();
        resources().fields().forEachRemaining(e -> {
            if (FUNCTION_TYPE.equals(e.getValue().path("Type").asText())) {
                out.put(e.getKey(), function(e.getKey(), e.getValue()));
            }
        });
        return out;
    }

    public Optional<FunctionSpec> function(String logicalId) {
        return Optional.ofNullable(functions().get(logicalId));
    }

    /** The function's properties with the Globals.Function defaults merged in. */
    public ObjectNode effectiveProperties(String logicalId) {
        JsonNode resource = resources().path(logicalId);
        return merge(root.path("Globals").path("Function"), resource.path("Properties"));
    }

    private FunctionSpec function(String logicalId, JsonNode resource) {
        ObjectNode p = effectiveProperties(logicalId);
        Map<String, JsonNode> environment = new LinkedHashMap<>();
        p.path("Environment").path("Variables").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue()));
        return new FunctionSpec(logicalId,
                p.path("CodeUri").isTextual() ? p.path("CodeUri").asText() : null,
                p.path("Handler").asText(null),
                p.path("Runtime").asText(null),
                p.path("MemorySize").canConvertToInt() ? p.path("MemorySize").asInt() : FunctionSpec.DEFAULT_MEMORY_MB,
                p.path("Timeout").canConvertToInt() ? p.path("Timeout").asInt() : FunctionSpec.DEFAULT_TIMEOUT_SECONDS,
                environment);
    }

    static ObjectNode merge(JsonNode globals, JsonNode own) {
        ObjectNode out = globals.isObject() ? ((ObjectNode) globals).deepCopy() : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (own.isObject()) {
            own.fields().forEachRemaining(e -> {
                JsonNode mine = e.getValue();
                JsonNode theirs = out.get(e.getKey());
                if (theirs != null && theirs.isObject() && mine.isObject() && !isIntrinsic(mine) && !isIntrinsic(theirs)) {
                    out.set(e.getKey(), merge(theirs, mine));
                } else {
                    out.set(e.getKey(), mine);
                }
            });
        }
        return out;
    }

    static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }
}
