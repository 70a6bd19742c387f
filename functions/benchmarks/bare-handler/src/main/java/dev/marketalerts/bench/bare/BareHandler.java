package dev.marketalerts.bench.bare;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The cold-start floor: takes the same schedule event as the functions and returns a constant. */
public class BareHandler implements RequestHandler<JsonNode, Map<String, String>> {
    @Override
    public Map<String, String> handleRequest(JsonNode input, Context context) {
        return Map.of("status", "ok");
    }
}
