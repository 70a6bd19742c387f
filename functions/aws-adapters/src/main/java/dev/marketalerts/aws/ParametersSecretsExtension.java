package dev.marketalerts.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.aws.SecretResolver.SecretResolutionException;
import dev.marketalerts.core.json.Jackson;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Reads SSM parameters and Secrets Manager secrets through the AWS Parameters and Secrets Lambda Extension's local
 * HTTP endpoint (the extension layer, port {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}, default 2773). Chosen
 * over the ssm and secretsmanager SDK modules, which would add about 6.7 MB of jars to every function zip. One plain GET
 * to localhost over {@link HttpURLConnection}, so this adapter needs no HTTP client of another module.
 */
public final class ParametersSecretsExtension implements SecretResolver.Source {
    public static final int DEFAULT_PORT = 2773;
    static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";

    private static final ObjectMapper JSON = Jackson.json();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final URI base;
    private final String sessionToken;

    public ParametersSecretsExtension(URI base, String sessionToken) {
        this.base = base;
        this.sessionToken = sessionToken;
    }

    /** The extension of this Lambda environment: its port from the environment, the function's session token. */
    public static ParametersSecretsExtension fromEnvironment(Map<String, String> env) {
        String port = env.getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", String.valueOf(DEFAULT_PORT)).strip();
        if (!port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not a port number: " + port);
        }
        return new ParametersSecretsExtension(URI.create("http://localhost:" + port), env.get("AWS_SESSION_TOKEN"));
    }

    @Override
    public String parameter(String name) {
        String reference = "ssm:" + name;
        JsonNode n = get(reference, "/systemsmanager/parameters/get?withDecryption=true&name=" + encode(name));
        JsonNode value = n.path("Parameter").path("Value");
        if (!value.isTextual()) {
            throw new SecretResolutionException(reference, "the extension's answer has no Parameter.Value");
        }
        return value.asText();
    }

    @Override
    public String secret(String name) {
        String reference = "secret:" + name;
        JsonNode n = get(reference, "/secretsmanager/get?secretId=" + encode(name));
        JsonNode value = n.path("SecretString");
        if (!value.isTextual()) {
            throw new SecretResolutionException(reference, "the secret has no SecretString (binary secrets are not supported)");
        }
        return value.asText();
    }

    private JsonNode get(String reference, String pathAndQuery) {
        if (sessionToken == null || sessionToken.isBlank()) {
            throw new SecretResolutionException(reference, "AWS_SESSION_TOKEN is not set: ssm: and secret: references are resolved"
                    + " only inside Lambda (with the AWS Parameters and Secrets Lambda Extension layer); locally use ${ENV}");
        }
        Answer response;
        try {
            response = fetch(base.resolve(pathAndQuery));
        } catch (ConnectException e) {
            throw new SecretResolutionException(reference, "the AWS Parameters and Secrets Lambda Extension does not answer on "
                    + base + " (is its layer attached to the function?)", e);
        } catch (SocketTimeoutException e) {
            throw new SecretResolutionException(reference, "the AWS Parameters and Secrets Lambda Extension did not answer within "
                    + TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new SecretResolutionException(reference, "calling the AWS Parameters and Secrets Lambda Extension failed: " + e, e);
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.status() != 200) {
            // An error body says what went wrong (not found, access denied); it holds no value.
            String body = text.strip();
            throw new SecretResolutionException(reference, "the extension answered HTTP " + response.status()
                    + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            // no cause attached: a parser message may quote the body, and the body holds the value
            throw new SecretResolutionException(reference, "the extension's answer is not JSON");
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer fetch(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty(TOKEN_HEADER, sessionToken);
            int status = connection.getResponseCode();
            // an error body is read too, so that the connection can be kept alive for the next request
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Answer(status, in == null ? new byte[0] : in.readAllBytes());
            }
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ParametersSecretsExtension[" + base + "]";
    }
}
