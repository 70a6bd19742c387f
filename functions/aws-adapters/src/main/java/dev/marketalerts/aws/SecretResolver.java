package dev.marketalerts.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.core.json.Jackson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves provider API keys written as references: {@code ssm:/path} (an SSM parameter, SecureString decrypted),
 * {@code secret:name} (a Secrets Manager secret string) or {@code secret:name#field} (one field of a JSON secret);
 * anything else is returned as it is. Values are cached for 5 minutes (one resolver lives as long as the Lambda
 * instance, so the cache spans invocations). A value never appears in a log line, an exception or toString.
 */
public final class SecretResolver {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    /** Where referenced values come from (the Parameters and Secrets extension in Lambda; fakes in tests). */
    public interface Source {
        /** The decrypted value of an SSM parameter. */
        String parameter(String name);

        /** The SecretString of a Secrets Manager secret. */
        String secret(String name);
    }

    private record Cached(String value, Instant expires) {
        @Override
        public String toString() {
            return "Cached[expires=" + expires + "]";
        }
    }

    private static final ObjectMapper JSON = Jackson.json();

    private final Source source;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public SecretResolver(Source source, Clock clock, Duration ttl) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** The resolver of a Lambda function: the Parameters and Secrets extension, a 5-minute cache. */
    public static SecretResolver forLambda(Map<String, String> env, Clock clock) {
        return new SecretResolver(ParametersSecretsExtension.fromEnvironment(env), clock, DEFAULT_TTL);
    }

    public static boolean isReference(String value) {
        return value != null && (value.startsWith("ssm:") || value.startsWith("secret:"));
    }

    /**
     * The value a reference stands for, or {@code value} itself when it is not a reference. Throws
     * {@link SecretResolutionException} naming the reference (never the value) when it cannot be resolved.
     */
    public String resolve(String value) {
        if (!isReference(value)) {
            return value;
        }
        Instant now = clock.instant();
        Cached hit = cache.get(value);
        if (hit != null && now.isBefore(hit.expires())) {
            return hit.value();
        }
        String resolved = fetch(value);
        cache.put(value, new Cached(resolved, now.plus(ttl)));
        return resolved;
    }

    private String fetch(String reference) {
        if (reference.startsWith("ssm:")) {
            String name = reference.substring("ssm:".length());
            if (name.isBlank()) {
                throw new SecretResolutionException(reference, "the parameter name is empty (expected ssm:/path/to/parameter)");
            }
            return nonEmpty(reference, source.parameter(name));
        }
        String spec = reference.substring("secret:".length());
        int hash = spec.lastIndexOf('#');
        String name = hash < 0 ? spec : spec.substring(0, hash);
        if (name.isBlank()) {
            throw new SecretResolutionException(reference, "the secret name is empty (expected secret:name or secret:name#field)");
        }
        String secret = nonEmpty(reference, source.secret(name));
        if (hash < 0) {
            return secret;
        }
        String field = spec.substring(hash + 1);
        JsonNode n;
        try {
            n = JSON.readTree(secret);
        } catch (IOException e) {
            throw new SecretResolutionException(reference, "the secret is not a JSON object, so it has no field '" + field + "'");
        }
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new SecretResolutionException(reference, "the secret has no text field '" + field + "'");
        }
        return nonEmpty(reference, v.asText());
    }

    private static String nonEmpty(String reference, String value) {
        if (value == null || value.isEmpty()) {
            throw new SecretResolutionException(reference, "the value is empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return "SecretResolver[cached=" + cache.size() + ", ttl=" + ttl + "]";
    }

    /** A reference could not be resolved; the message names the reference and why, never a value. */
    public static final class SecretResolutionException extends RuntimeException {
        public SecretResolutionException(String reference, String reason) {
            super("cannot resolve " + reference + ": " + reason);
        }

        public SecretResolutionException(String reference, String reason, Throwable cause) {
            super("cannot resolve " + reference + ": " + reason, cause);
        }
    }
}
