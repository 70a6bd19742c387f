package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import java.time.Instant;

/**
 * A claimed alert that was never recorded as sent and whose lease has ended: it must be delivered again.
 * {@code attempts} publishes of it were started (each may have reached the transport unless its outcome says it
 * failed); {@code lastOutcome} is what the last attempt learnt, or null when the run died before it learnt anything.
 */
public record PendingAlert(Alert alert, Instant claimedAt, int attempts, String lastOutcome) {
}
