package dev.marketalerts.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.rules.Evaluation;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job's listener in Lambda: one structured log line per rule decision ({@code event: decision} with rule,
 * symbol, result, fired, the observed values and the data's as-of time), and one per provider failure, redelivery,
 * delivery, failed delivery, store failure, duplicate (recorded as sent already) and deferred alert (claimed by another
 * run). It also counts provider failures and deliveries whose outcome stayed unknown for the invocation's metrics.
 */
public final class DecisionLog implements AlertJob.JobListener {
    private final StructuredLog log;
    private final AtomicInteger providerFailures = new AtomicInteger();
    private final AtomicInteger unknownOutcomes = new AtomicInteger();

    public DecisionLog(StructuredLog log) {
        this.log = log;
    }

    /** Starts counting for a new invocation. */
    public void reset() {
        providerFailures.set(0);
        unknownOutcomes.set(0);
    }

    public int providerFailures() {
        return providerFailures.get();
    }

    /** Alerts this invocation could not deliver and that may have been published (another copy is possible). */
    public int unknownOutcomes() {
        return unknownOutcomes.get();
    }

    @Override
    public boolean explainsDecisions() {
        return true;
    }

    @Override
    public void decided(RuleConfig rule, String symbol, Evaluation evaluation, boolean fired) {
        ObjectNode l = log.line("INFO", "decision");
        l.put("rule", rule.id());
        l.put("symbol", symbol);
        l.put("result", evaluation.result().name());
        l.put("fired", fired);
        l.put("condition", rule.condition().text());
        ObjectNode observed = l.putObject("observed");
        for (Map.Entry<String, BigDecimal> e : evaluation.observed().entrySet()) {
            if (e.getValue() == null) {
                observed.putNull(e.getKey());
            } else {
                observed.put(e.getKey(), e.getValue());
            }
        }
        if (evaluation.dataAsOf() != null) {
            l.put("dataAsOf", evaluation.dataAsOf().toString());
        }
        if (evaluation.unknownReason() != null) {
            l.put("reason", evaluation.unknownReason());
        }
        log.emit(l);
    }

    @Override
    public void healthIncident(Alert alert) {
        // An incident is said at once, even while its alert cannot be published.
        log.error("health-incident", l -> alertFields(l, alert).put("text", alert.text()));
    }

    @Override
    public void providerFailed(String what, String reason) {
        providerFailures.incrementAndGet();
        ObjectNode l = log.line("WARN", "provider-failed");
        l.put("what", what);
        l.put("reason", reason);
        log.emit(l);
    }

    @Override
    public void redelivering(PendingAlert pending) {
        log.warn("alert-redelivering", l -> {
            alertFields(l, pending.alert());
            l.put("claimedAt", pending.claimedAt().toString());
            l.put("attempts", pending.attempts());
            if (pending.lastOutcome() == null) {
                l.putNull("lastOutcome");
            } else {
                l.put("lastOutcome", pending.lastOutcome());
            }
        });
    }

    @Override
    public void delivered(Alert alert, String messageId) {
        log.emit(alertFields(log.line("INFO", "alert-sent"), alert).put("messageId", messageId));
    }

    @Override
    public void deliveryFailed(Alert alert, String reason, boolean unknown) {
        if (unknown) {
            unknownOutcomes.incrementAndGet();
        }
        log.error("alert-failed", l -> alertFields(l, alert).put("reason", reason).put("unknown", unknown));
    }

    @Override
    public void storeFailed(Alert alert, String reason) {
        log.error("alert-store-failed", l -> alertFields(l, alert).put("reason", reason));
    }

    @Override
    public void duplicate(Alert alert, ClaimOutcome outcome) {
        if (outcome instanceof ClaimOutcome.InProgress p) {
            log.info("alert-deferred", l -> alertFields(l, alert).put("leaseUntil", p.leaseUntil().toString())
                    .put("outcome", outcome.describe()));
        } else {
            log.info("alert-duplicate", l -> alertFields(l, alert).put("outcome", outcome.describe()));
        }
    }

    private static ObjectNode alertFields(ObjectNode l, Alert alert) {
        l.put("alertId", alert.id());
        l.put("rule", alert.rule());
        l.put("symbol", alert.symbol());
        l.put("kind", alert.kind().wireName());
        l.put("severity", alert.severity().wireName());
        l.put("title", alert.title());
        return l;
    }
}
