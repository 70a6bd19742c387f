package dev.marketalerts.cli.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What the template says about one function: where its package is, its handler and runtime, its memory and
 * timeout, and its environment variables as written (possibly intrinsic functions).
 */
public record FunctionSpec(String logicalId, String codeUri, String handler, String runtime, int memoryMb,
                           int timeoutSeconds, Map<String, JsonNode> environment) {
    /** Lambda's defaults when the template says nothing. */
    public static final int DEFAULT_MEMORY_MB = 128;
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;

    public FunctionSpec {
        environment = Map.copyOf(environment);
    }
}
