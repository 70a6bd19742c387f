package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import java.time.Instant;

/** A claimed alert that was never recorded as sent and whose lease has expired: it must be delivered again. */
public record PendingAlert(Alert alert, Instant claimedAt) {
}
