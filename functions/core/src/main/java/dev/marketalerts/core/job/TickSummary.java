package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import java.time.Instant;
import java.util.List;

/**
 * What one tick did: rule evaluations made, alerts triggered, sent (published now, including
 * redelivered ones), failed (not published, or not known to be: each is kept owed and retried by a later tick),
 * duplicates (recorded as sent already), deferred (claimed by another run whose lease is live: that run or a
 * later tick delivers them), the problems met (provider, publish and store failures) as readable lines, why each
 * UNKNOWN decision was unknown, and how many health incidents of the job are open after the tick.
 */
public record TickSummary(
        JobKind job,
        Instant scheduledTime,
        int evaluated,
        int triggered,
        int sent,
        int failed,
        int duplicates,
        int deferred,
        List<Alert> sentAlerts,
        List<String> problems,
        List<String> unknowns,
        int openIncidents) {

    public TickSummary {
        sentAlerts = List.copyOf(sentAlerts);
        problems = List.copyOf(problems);
        unknowns = List.copyOf(unknowns);
    }

    /** True when a provider or a notification failed (exit code 1 locally, an error metric in Lambda). */
    public boolean hasFailures() {
        return failed > 0 || !problems.isEmpty();
    }
}
