package dev.marketalerts.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.PendingAlert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DecisionLogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final DecisionLog log = new DecisionLog(new StructuredLog(new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-01-23T21:05:01Z"), ZoneOffset.UTC)));
    private final Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");

    private JsonNode onlyLine() {
        var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        return json(lines.get(0));
    }

    private static JsonNode json(String line) {
        try {
            return StructuredLog.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Test
    void aRedeliveryLogsItsAttemptsAndWhatTheLastOneLearnt() {
        log.redelivering(new PendingAlert(alert, Instant.parse("2026-01-23T21:00:00Z"), 2, "outcome unknown: Read timed out"));

        JsonNode line = onlyLine();
        assertThat(line.path("event").asText()).isEqualTo("alert-redelivering");
        assertThat(line.path("alertId").asText()).isEqualTo(alert.id());
        assertThat(line.path("attempts").asInt()).isEqualTo(2);
        assertThat(line.path("lastOutcome").asText()).isEqualTo("outcome unknown: Read timed out");
        assertThat(line.path("claimedAt").asText()).isEqualTo("2026-01-23T21:00:00Z");
    }

    @Test
    void aRedeliveryAfterARunThatLearntNothingHasANullLastOutcome() {
        log.redelivering(new PendingAlert(alert, Instant.parse("2026-01-23T21:00:00Z"), 1, null));

        assertThat(onlyLine().get("lastOutcome").isNull()).isTrue();
    }

    @Test
    void aFailedDeliverySaysWhetherItMayHaveBeenPublishedAndCountsTheUnknownOnes() {
        log.deliveryFailed(alert, "outcome unknown: HTTP 500", true);
        log.deliveryFailed(alert, "SNS refused the publish (HTTP 403 AuthorizationError)", false);

        assertThat(out.toString(StandardCharsets.UTF_8).lines().map(DecisionLogTest::json))
                .extracting(l -> l.path("event").asText() + " " + l.path("unknown").asBoolean() + " " + l.path("level").asText())
                .containsExactly("alert-failed true ERROR", "alert-failed false ERROR");
        assertThat(log.unknownOutcomes()).isEqualTo(1);
        log.reset();
        assertThat(log.unknownOutcomes()).isZero();
    }

    @Test
    void aStoreFailureIsItsOwnEvent() {
        log.storeFailed(alert, "published as message m-1 but not recorded: table gone");

        JsonNode line = onlyLine();
        assertThat(line.path("event").asText()).isEqualTo("alert-store-failed");
        assertThat(line.path("reason").asText()).contains("m-1", "not recorded");
    }

    @Test
    void anAlertSentAlreadyIsADuplicateWithItsMessageId() {
        log.duplicate(alert, new ClaimOutcome.AlreadySent("m-1"));

        JsonNode line = onlyLine();
        assertThat(line.path("event").asText()).isEqualTo("alert-duplicate");
        assertThat(line.path("outcome").asText()).isEqualTo("had been sent already (message id m-1)");
    }

    @Test
    void anAlertAnotherRunHoldsIsDeferredUntilItsLeaseEndsNeverCalledSent() {
        log.duplicate(alert, new ClaimOutcome.InProgress(Instant.parse("2026-01-23T21:07:00Z")));

        JsonNode line = onlyLine();
        assertThat(line.path("event").asText()).isEqualTo("alert-deferred");
        assertThat(line.path("leaseUntil").asText()).isEqualTo("2026-01-23T21:07:00Z");
        assertThat(line.path("outcome").asText()).contains("claimed by another run", "2026-01-23T21:07:00Z").doesNotContain("sent");
    }

    @Test
    void aHealthIncidentIsAnErrorLineAtOnceWithItsText() {
        Alert incident = TestAlerts.alert("health-price-data", "*", dev.marketalerts.core.alert.AlertKind.HEALTH,
                dev.marketalerts.core.alert.Severity.CRITICAL, "since-20260123T210500Z", "No usable market data for any watched symbol");

        log.healthIncident(incident);

        JsonNode line = onlyLine();
        assertThat(line.path("event").asText()).isEqualTo("health-incident");
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("alertId").asText()).isEqualTo(incident.id());
        assertThat(line.path("kind").asText()).isEqualTo("health");
        assertThat(line.path("severity").asText()).isEqualTo("critical");
    }

    @Test
    void anUnknownDecisionCarriesItsReason() throws Exception {
        var rule = new dev.marketalerts.core.config.RuleConfig("iren-ytd", java.util.List.of("IREN"),
                dev.marketalerts.core.rules.ConditionParser.parse("change_since(2026-01-01) >= 40%"), null,
                dev.marketalerts.core.config.Trigger.ON_CHANGE, null, null, dev.marketalerts.core.alert.Severity.INFO, null);

        log.decided(rule, "IREN", dev.marketalerts.core.rules.Evaluation.unknown("prices failed: yahoo: HTTP 429", null), false);

        JsonNode line = onlyLine();
        assertThat(line.path("result").asText()).isEqualTo("UNKNOWN");
        assertThat(line.path("reason").asText()).isEqualTo("prices failed: yahoo: HTTP 429");
    }
}
