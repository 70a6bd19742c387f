package dev.marketalerts.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.marketalerts.aws.SecretResolver.SecretResolutionException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a stand-in for the extension's local HTTP endpoint, speaking its documented request and answer shapes. */
class ParametersSecretsExtensionTest {
    private static final String KEY = "sk-live-0123456789abcdef";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " token="
                    + exchange.getRequestHeaders().getFirst(ParametersSecretsExtension.TOKEN_HEADER));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ParametersSecretsExtension extension(String token) {
        return new ParametersSecretsExtension(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), token);
    }

    @Test
    void aParameterIsAskedForDecryptedWithTheSessionToken() {
        body = "{\"Parameter\":{\"Name\":\"/market-alerts/finnhub\",\"Type\":\"SecureString\",\"Value\":\"" + KEY + "\",\"Version\":3}}";

        assertThat(extension("session-token").parameter("/market-alerts/finnhub")).isEqualTo(KEY);
        assertThat(requests).containsExactly(
                "GET /systemsmanager/parameters/get?withDecryption=true&name=%2Fmarket-alerts%2Ffinnhub token=session-token");
    }

    @Test
    void aSecretIsItsSecretString() {
        body = "{\"Name\":\"market-alerts/finnhub\",\"SecretString\":\"" + KEY + "\",\"VersionStages\":[\"AWSCURRENT\"]}";

        assertThat(extension("session-token").secret("market-alerts/finnhub")).isEqualTo(KEY);
        assertThat(requests).containsExactly("GET /secretsmanager/get?secretId=market-alerts%2Ffinnhub token=session-token");
    }

    @Test
    void anErrorAnswerNamesTheReferenceAndTheStatus() {
        status = 400;
        body = "ParameterNotFound: /market-alerts/missing";

        assertThatThrownBy(() -> extension("t").parameter("/market-alerts/missing"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("ssm:/market-alerts/missing")
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("ParameterNotFound");
    }

    @Test
    void aBinarySecretIsRefused() {
        body = "{\"Name\":\"bin\",\"SecretBinary\":\"AAEC\"}";

        assertThatThrownBy(() -> extension("t").secret("bin"))
                .isInstanceOf(SecretResolutionException.class).hasMessageContaining("binary");
    }

    @Test
    void anAnswerThatIsNotJsonIsReportedWithoutItsContent() {
        body = "<html>" + KEY + "</html>";

        assertThatThrownBy(() -> extension("t").secret("s"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("not JSON")
                .hasMessageNotContaining(KEY)
                .hasNoCause();
    }

    @Test
    void outsideLambdaTheMissingSessionTokenIsExplained() {
        assertThatThrownBy(() -> ParametersSecretsExtension.fromEnvironment(Map.of()).parameter("/k"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("AWS_SESSION_TOKEN")
                .hasMessageContaining("${ENV}");
        assertThat(requests).isEmpty();
    }

    @Test
    void anExtensionThatDoesNotAnswerIsExplained() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }

        assertThatThrownBy(() -> new ParametersSecretsExtension(URI.create("http://127.0.0.1:" + closedPort), "t").parameter("/k"))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("does not answer")
                .hasMessageContaining("layer");
    }

    @Test
    void thePortComesFromTheEnvironment() {
        assertThat(ParametersSecretsExtension.fromEnvironment(Map.of("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2999")).toString())
                .contains("localhost:2999");
        assertThat(ParametersSecretsExtension.fromEnvironment(Map.of()).toString()).contains("localhost:2773");
        assertThatThrownBy(() -> ParametersSecretsExtension.fromEnvironment(Map.of("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
