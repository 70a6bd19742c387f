package dev.marketalerts.marketdata;

/**
 * Turns an API-key reference from alerts.yaml ({@code ssm:/path}, {@code secret:name}) into the key.
 * In Lambda the wiring supplies one backed by SSM and Secrets Manager (aws-adapters); failures are thrown as runtime exceptions
 * whose messages must not contain the secret.
 */
@FunctionalInterface
public interface KeyResolver {

    String resolve(String reference);

    /** Outside Lambda: references cannot be resolved, so a provider configured with one is skipped. */
    KeyResolver LOCAL = reference -> {
        throw new IllegalStateException("references like " + reference.substring(0, reference.indexOf(':') + 1)
                + "... are resolved only where the wiring supplies a resolver (in Lambda)");
    };

    static boolean isReference(String value) {
        return value != null && (value.startsWith("ssm:") || value.startsWith("secret:"));
    }
}
