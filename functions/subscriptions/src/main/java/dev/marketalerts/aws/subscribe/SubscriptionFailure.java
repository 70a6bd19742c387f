package dev.marketalerts.aws.subscribe;

/**
 * An SNS call for a subscription that failed. {@link #rejectedInput()} is true when SNS refused what it was given
 * (InvalidParameter, NotFound: nothing was changed, a usage error) and false when the call itself failed
 * (authorization, throttling, network, credentials).
 */
public final class SubscriptionFailure extends RuntimeException {
    private final boolean rejectedInput;

    public SubscriptionFailure(String message, boolean rejectedInput, Throwable cause) {
        super(message, cause);
        this.rejectedInput = rejectedInput;
    }

    public boolean rejectedInput() {
        return rejectedInput;
    }
}
