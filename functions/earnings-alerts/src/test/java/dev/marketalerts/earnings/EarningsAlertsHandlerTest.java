package dev.marketalerts.earnings;

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
 * Posts the events of {@code events/} through Quarkus's mock Lambda event server to the packaged handler, running on
 * the replayed demo earnings calendar (NVIDIA reports on 2026-02-25 after the close) with the embedded store and the
 * console notifier plus an outbox file.
 */
@QuarkusTest
class EarningsAlertsHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void schedulerEventSendsTheWeekAheadReminderOnce() throws IOException {
        JsonNode first = invoke("events/earnings-scheduler.json");

        assertThat(first.path("job").asText()).isEqualTo("earnings");
        assertThat(first.path("scheduledTime").asText()).isEqualTo("2026-02-18T12:00:00Z");
        assertThat(first.path("markets")).as("earnings are US equities; markets only scope the price job").isEmpty();
        // big-tech-earnings over NVDA, MSFT, META and AMZN
        assertThat(first.path("evaluated").asInt()).isEqualTo(4);
        assertThat(first.path("failed").asInt()).isZero();
        JsonNode reminder = first.path("alerts").get(0);
        assertThat(first.path("sent").asInt()).isEqualTo(1);
        assertThat(reminder.path("kind").asText()).isEqualTo("earnings-reminder");
        assertThat(reminder.path("symbol").asText()).isEqualTo("NVDA");
        assertThat(reminder.path("rule").asText()).isEqualTo("big-tech-earnings");

        List<JsonNode> outbox = outbox();
        JsonNode published = outbox.stream().filter(a -> a.path("id").asText().equals(reminder.path("id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("the reminder did not reach the notifier: " + outbox));
        assertThat(published.path("title").asText()).isEqualTo("NVDA reports earnings in 7 days (2026-02-25, after the close)");
        assertThat(published.path("observed").path("daysBefore").asInt()).isEqualTo(7);

        JsonNode again = invoke("events/earnings-scheduler.json");

        assertThat(again.path("sent").asInt()).isZero();
        assertThat(outbox().stream().filter(a -> a.path("id").asText().equals(reminder.path("id").asText()))).hasSize(1);
    }

    @Test
    void classicScheduledEventRunsTheEarningsJobAtItsTime() throws IOException {
        JsonNode summary = invoke("events/earnings-eventbridge.json");

        assertThat(summary.path("job").asText()).isEqualTo("earnings");
        assertThat(summary.path("scheduledTime").asText()).isEqualTo("2026-02-24T23:00:00Z");
        assertThat(summary.path("sent").asInt()).isEqualTo(1);
        JsonNode reminder = summary.path("alerts").get(0);
        assertThat(reminder.path("kind").asText()).isEqualTo("earnings-reminder");
        assertThat(reminder.path("symbol").asText()).isEqualTo("NVDA");
        assertThat(outbox()).anySatisfy(a -> assertThat(a.path("id").asText()).isEqualTo(reminder.path("id").asText()));
    }

    @Test
    void unknownJobFailsTheInvocationWithAClearMessage() {
        Response response = post("{\"job\":\"dividends\",\"scheduledTime\":\"2026-02-18T12:00:00Z\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.asString()).contains("unknown job \\\"dividends\\\"");
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
        try (InputStream in = EarningsAlertsHandlerTest.class.getClassLoader().getResourceAsStream(name)) {
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
