package dev.marketalerts.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {

    @Test
    void recordDeclaresEveryMetricItCarriesUnderTheJobDimension() {
        JsonNode r = EmfMetrics.record("price", "market-alerts-price", Instant.parse("2026-01-23T21:05:01Z"),
                new EmfMetrics.Values(5, 1, 1, 2, 1, 2, 4, 3, 1, 123.456));

        JsonNode directive = r.path("_aws").path("CloudWatchMetrics").path(0);
        assertThat(r.path("_aws").path("Timestamp").asLong()).isEqualTo(Instant.parse("2026-01-23T21:05:01Z").toEpochMilli());
        assertThat(directive.path("Namespace").asText()).isEqualTo("MarketAlerts");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Job\"]]");
        List<String> declared = new ArrayList<>();
        directive.path("Metrics").forEach(m -> declared.add(m.path("Name").asText()));
        assertThat(declared).containsExactly("Evaluated", "Triggered", "Sent", "Failed", "Unknown", "Duplicates", "Deferred", "ProviderFailures",
                "OpenHealthIncidents", "Duration");
        declared.forEach(name -> assertThat(r.has(name)).as(name + " has a value").isTrue());
        assertThat(r.path("Job").asText()).isEqualTo("price");
        assertThat(r.path("Evaluated").asInt()).isEqualTo(5);
        assertThat(r.path("ProviderFailures").asInt()).isEqualTo(3);
        assertThat(r.path("Failed").asInt()).isEqualTo(2);
        assertThat(r.path("Unknown").asInt()).isEqualTo(1);
        assertThat(r.path("Duplicates").asInt()).isEqualTo(2);
        assertThat(r.path("Deferred").asInt()).isEqualTo(4);
        assertThat(r.path("OpenHealthIncidents").asInt()).isEqualTo(1);
        assertThat(r.path("Duration").asDouble()).isEqualTo(123.46);
        assertThat(r.path("FunctionName").asText()).isEqualTo("market-alerts-price");
    }
}
