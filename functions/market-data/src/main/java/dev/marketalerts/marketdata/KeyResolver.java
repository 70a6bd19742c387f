package dev.marketalerts.marketdata;

/**
 * Turns an API-key reference from alerts.yaml ({@code ssm:/path}, {@code secret:name}) into the key.
 * The aws module supplies one backed by SSM and Secrets Manager; failures are thrown as runtime exceptions
 * whose messages must not contain the secret.
 */
@FunctionalInterface
public interface KeyResolver {

    String resolve(String reference);

    /** Outside Lambda: references cannot be resolved, so a provider configured with one is skipped. */
    KeyResolver LOCAL = reference -> {
        throw new IllegalStateException("references like " + reference.substring(0, reference.indexOf(':') + 1)
                + "... are resolved only where the aws module supplies a resolver");
    };

    static boolean isReference(String value) {
        return value != null && (value.startsWith("ssm:") || value.startsWith("secret:"));
    }
}
