package dev.marketalerts.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format record per invocation, written as a log line: CloudWatch turns it into
 * metrics in the {@value #NAMESPACE} namespace with the dimension {@code Job} (no agent, no API call, no extra
 * permission). Metrics: Evaluated, Triggered, Sent, Failed (of which Unknown: may have been published), Duplicates,
 * Deferred (claimed by another run), ProviderFailures (counts) and Duration (milliseconds).
 */
public final class EmfMetrics {
    public static final String NAMESPACE = "MarketAlerts";

    private EmfMetrics() {
    }

    /** The metric values of one invocation. */
    public record Values(int evaluated, int triggered, int sent, int failed, int unknown, int duplicates, int deferred, int providerFailures,
                         int openHealthIncidents, double durationMillis) {
        Map<String, Number> counts() {
            Map<String, Number> m = new LinkedHashMap<>();
            m.put("Evaluated", evaluated);
            m.put("Triggered", triggered);
            m.put("Sent", sent);
            m.put("Failed", failed);
            m.put("Unknown", unknown);
            m.put("Duplicates", duplicates);
            m.put("Deferred", deferred);
            m.put("ProviderFailures", providerFailures);
            m.put("OpenHealthIncidents", openHealthIncidents);
            return m;
        }
    }

    /** The EMF record for {@code job} at {@code timestamp}; {@code functionName} is a property, not a dimension. */
    public static ObjectNode record(String job, String functionName, Instant timestamp, Values values) {
        ObjectNode root = StructuredLog.JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestamp.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Job");
        ArrayNode metrics = directive.putArray("Metrics");
        Map<String, Number> counts = values.counts();
        for (String name : counts.keySet()) {
            metrics.addObject().put("Name", name).put("Unit", "Count");
        }
        metrics.addObject().put("Name", "Duration").put("Unit", "Milliseconds");
        root.put("Job", job);
        if (functionName != null) {
            root.put("FunctionName", functionName);
        }
        for (Map.Entry<String, Number> e : counts.entrySet()) {
            root.put(e.getKey(), e.getValue().intValue());
        }
        root.put("Duration", Math.round(values.durationMillis() * 100) / 100.0);
        return root;
    }
}
