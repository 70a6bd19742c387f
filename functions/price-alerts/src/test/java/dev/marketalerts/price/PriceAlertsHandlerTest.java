package dev.marketalerts.price;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Posts the events of {@code events/} through Quarkus's mock Lambda event server, as Lambda would deliver them, to
 * the packaged handler running on replayed demo data with the embedded store and the console notifier (plus an
 * outbox file, to see exactly what reached the notifier).
 */
@QuarkusTest
class PriceAlertsHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void schedulerEventPublishesWhatFiresAndAReplayedTickSendsNothing() throws IOException {
        JsonNode first = invoke("events/price-scheduler.json");

        assertThat(first.path("job").asText()).isEqualTo("price");
        assertThat(first.path("scheduledTime").asText()).isEqualTo("2026-01-23T21:05:00Z");
        // the market-hours schedules send markets [us-equity]: iren-ytd, nvda-20d-high and nvda-oversold once,
        // miners-big-day for IREN, HUT and CIFR (not btc-80k)
        assertThat(first.path("evaluated").asInt()).isEqualTo(6);
        assertThat(first.path("triggered").asInt()).isEqualTo(1);
        assertThat(first.path("sent").asInt()).isEqualTo(1);
        assertThat(first.path("failed").asInt()).isZero();
        JsonNode alert = first.path("alerts").get(0);
        assertThat(alert.path("rule").asText()).isEqualTo("iren-ytd");
        assertThat(alert.path("symbol").asText()).isEqualTo("IREN");
        assertThat(alert.path("title").asText()).isEqualTo("IREN up 47.1% since 2026-01-01");
        assertThat(first.path("config").asText()).isEqualTo("bundled alerts.yaml");

        List<JsonNode> outbox = outbox();
        JsonNode published = outbox.stream().filter(a -> a.path("id").asText().equals(alert.path("id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("the alert did not reach the notifier: " + outbox));
        assertThat(published.path("kind").asText()).isEqualTo("price");
        assertThat(published.path("triggeredAt").asText()).isEqualTo("2026-01-23T21:05:00Z");
        assertThat(published.path("observed").path("change_since(2026-01-01)").decimalValue()).isBetween(
                new java.math.BigDecimal("0.471"), new java.math.BigDecimal("0.472"));
        assertThat(published.path("source").path("provider").asText()).isEqualTo("replay");
        assertThat(published.path("source").path("asOf").asText()).isEqualTo("2026-01-23T21:00:00Z");

        JsonNode again = invoke("events/price-scheduler.json");

        assertThat(again.path("sent").asInt()).isZero();
        assertThat(again.path("alerts")).isEmpty();
        assertThat(outbox().stream().filter(a -> a.path("id").asText().equals(alert.path("id").asText()))).hasSize(1);
    }

    @Test
    void classicScheduledEventRunsThisFunctionsJobAtItsTime() throws IOException {
        JsonNode summary = invoke("events/price-eventbridge.json");

        assertThat(summary.path("job").asText()).isEqualTo("price");
        assertThat(summary.path("scheduledTime").asText()).isEqualTo("2026-01-08T21:05:00Z");
        assertThat(summary.path("evaluated").asInt()).isEqualTo(7);
        JsonNode alert = summary.path("alerts").get(0);
        assertThat(summary.path("sent").asInt()).isEqualTo(1);
        assertThat(alert.path("rule").asText()).isEqualTo("miners-big-day");
        assertThat(alert.path("symbol").asText()).isEqualTo("CIFR");
        assertThat(outbox()).anySatisfy(a -> assertThat(a.path("id").asText()).isEqualTo(alert.path("id").asText()));
    }

    @Test
    void cryptoScheduleEvaluatesOnlyCryptoRules() throws IOException {
        JsonNode summary = invoke("events/price-crypto-scheduler.json");

        assertThat(summary.path("markets")).extracting(JsonNode::asText).containsExactly("crypto");
        assertThat(summary.path("evaluated").asInt()).isEqualTo(1);
        assertThat(summary.path("alerts")).allSatisfy(a -> assertThat(a.path("symbol").asText()).isEqualTo("BTC-USD"));
    }

    @Test
    void eventForTheOtherJobFailsTheInvocationWithAClearMessage() {
        Response response = post("{\"job\":\"earnings\",\"scheduledTime\":\"2026-01-23T21:05:00Z\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.asString()).contains("this function runs the price job");
    }

    @Test
    void unparsableTimeFailsTheInvocationWithAClearMessage() {
        Response response = post("{\"job\":\"price\",\"scheduledTime\":\"next tuesday\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.asString()).contains("\\\"scheduledTime\\\" \\\"next tuesday\\\" is not an ISO-8601 instant");
    }

    @Test
    void eventOver256KiBFailsTheInvocationWithTheLimit() {
        String event = "{\"job\":\"price\",\"scheduledTime\":\"2026-01-23T21:05:00Z\"}";
        Response response = post(event + " ".repeat(256 * 1024 + 1 - event.length()));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.asString()).contains("the event is more than the 256 KiB (262144 bytes) Lambda accepts");
    }

    private static JsonNode invoke(String eventResource) throws IOException {
        Response response = post(resource(eventResource));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return JSON.readTree(response.asString());
    }

    private static Response post(String body) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return given().port(port).contentType("application/json").body(body).when().post();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PriceAlertsHandlerTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<JsonNode> outbox() throws IOException {
        Path file = Path.of(System.getProperty("alerts.outbox"));
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }
}
