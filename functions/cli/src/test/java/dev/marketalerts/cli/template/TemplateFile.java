package dev.marketalerts.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.cli.invoke.SamTemplate;
import dev.marketalerts.core.job.JobKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test support: the repository's template.yaml as the template tests read it (short-form tags in their long JSON forms). */
final class TemplateFile {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    /** The job each function runs, by logical id. */
    static final Map<String, JobKind> JOBS = Map.of("PriceAlertsFunction", JobKind.PRICE, "EarningsAlertsFunction", JobKind.EARNINGS);
    static final SamTemplate TEMPLATE = read();

    private TemplateFile() {
    }

    private static SamTemplate read() {
        try {
            return SamTemplate.read(REPO.resolve("template.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        TEMPLATE.resources().fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** The function's schedules (its ScheduleV2 events), by event name. */
    static Map<String, JsonNode> schedules(String function) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        TEMPLATE.effectiveProperties(function).path("Events").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** An array's elements, or a single value as a list of one (IAM's Action and Resource take both). */
    static List<JsonNode> nodes(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        } else if (!n.isMissingNode()) {
            out.add(n);
        }
        return out;
    }

    static List<String> texts(JsonNode n) {
        return nodes(n).stream().map(JsonNode::asText).toList();
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
