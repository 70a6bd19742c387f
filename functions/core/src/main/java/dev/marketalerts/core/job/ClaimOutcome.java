package dev.marketalerts.core.job;

/** The answer to a conditional claim of an alert id. */
public sealed interface ClaimOutcome {

    /** We hold the claim; {@code token} proves it for record/release. */
    record Claimed(String token) implements ClaimOutcome {
    }

    /** Somebody published it already (a message id is recorded). */
    record AlreadySent(String messageId) implements ClaimOutcome {
    }

    /** Another tick holds a live lease on it: it is being sent right now. */
    record InProgress() implements ClaimOutcome {
    }
}
