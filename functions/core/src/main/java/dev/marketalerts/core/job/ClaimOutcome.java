package dev.marketalerts.core.job;

import java.time.Instant;
import java.util.Objects;

/** The answer to a conditional claim of an alert id. */
public sealed interface ClaimOutcome {

    /**
     * We hold the claim for publish attempt number {@code attempt} (1 for a new claim; more when an unrecorded claim
     * whose lease ended was taken over: that many publishes of this id may have been started); {@code token} proves it
     * for record and retry.
     */
    record Claimed(String token, int attempt) implements ClaimOutcome {
        public Claimed {
            Objects.requireNonNull(token, "token");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be at least 1");
            }
        }
    }

    /** Somebody published it already (a message id is recorded). */
    record AlreadySent(String messageId) implements ClaimOutcome {
    }

    /**
     * Another run holds the claim until {@code leaseUntil}: it may be publishing right now, or it crashed. Nothing
     * is known to be sent; if that run does not record it, the first tick after {@code leaseUntil} delivers it.
     */
    record InProgress(Instant leaseUntil) implements ClaimOutcome {
        public InProgress {
            Objects.requireNonNull(leaseUntil, "leaseUntil");
        }
    }

    /** What this outcome means for an alert we did not publish, in words for logs and the CLI. */
    default String describe() {
        if (this instanceof AlreadySent s) {
            return "had been sent already (message id " + s.messageId() + ")";
        }
        if (this instanceof InProgress p) {
            return "claimed by another run (in progress or crashed); delivered after its lease ends at " + p.leaseUntil();
        }
        return "claimed by this run (attempt " + ((Claimed) this).attempt() + ")";
    }
}
