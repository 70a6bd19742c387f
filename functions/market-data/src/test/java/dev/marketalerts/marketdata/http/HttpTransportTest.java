package dev.marketalerts.marketdata.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a JDK HttpServer on 127.0.0.1 that records what reached it, down to the client's port (to see reuse). */
class HttpTransportTest {
    private final HttpTransport transport = new HttpTransport(Duration.ofSeconds(1));
    private final List<HttpExchange> seen = new CopyOnWriteArrayList<>();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/ok", ex -> answer(ex, 200, "fine", Map.of("X-Multi", List.of("a", "b"))));
        server.createContext("/down", ex -> answer(ex, 503, "<html>Service Unavailable</html>", Map.of()));
        server.createContext("/missing", ex -> answer(ex, 404, "", Map.of()));
        server.createContext("/moved", ex -> answer(ex, 302, "", Map.of("Location", List.of("/ok?from=moved"))));
        server.createContext("/loop", ex -> answer(ex, 307, "", Map.of("Location", List.of("/loop"))));
        server.createContext("/to-ftp", ex -> answer(ex, 301, "", Map.of("Location", List.of("ftp://127.0.0.1/file"))));
        server.createContext("/stalls", ex -> {
            seen.add(ex);
            ex.sendResponseHeaders(200, 100);
            OutputStream out = ex.getResponseBody();
            out.write("{\"partial\":".getBytes(StandardCharsets.UTF_8));
            out.flush();
            sleep(3000);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop(0);
        handlers.shutdownNow();
        handlers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void answer(HttpExchange ex, int status, String body, Map<String, List<String>> headers) throws IOException {
        seen.add(ex);
        clientPorts.add(ex.getRemoteAddress().getPort());
        headers.forEach((k, v) -> ex.getResponseHeaders().put(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void sendsExactlyTheGivenHeadersIncludingOnesHttpUrlConnectionWouldDrop() throws IOException {
        transport.get(uri("/ok"), Map.of("Accept", "application/json", "Origin", "https://www.nasdaq.com", "User-Agent", "Mozilla/5.0 x"),
                Duration.ofSeconds(2));

        var request = seen.get(0).getRequestHeaders();
        assertThat(request.getFirst("Accept")).isEqualTo("application/json");
        assertThat(request.getFirst("Origin")).isEqualTo("https://www.nasdaq.com");
        assertThat(request.get("User-Agent")).containsExactly("Mozilla/5.0 x");
        assertThat(request.keySet()).map(String::toLowerCase)
                .containsExactlyInAnyOrder("accept", "origin", "user-agent", "host", "connection");
    }

    @Test
    void withoutAnAcceptHeaderItAcceptsAnything() throws IOException {
        transport.get(uri("/ok"), Map.of(), Duration.ofSeconds(2));

        assertThat(seen.get(0).getRequestHeaders().get("Accept")).containsExactly("*/*");
    }

    @Test
    void answersCarryStatusBodyAndCaseInsensitiveHeadersInOrder() throws IOException {
        HttpTransport.Exchange answer = transport.get(uri("/ok"), Map.of(), Duration.ofSeconds(2));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("fine");
        assertThat(answer.headers().allValues("x-multi")).containsExactly("a", "b");
        assertThat(answer.headers().firstValue("CONTENT-LENGTH")).hasValue("4");
    }

    @Test
    void anErrorAnswerKeepsItsBody() throws IOException {
        HttpTransport.Exchange answer = transport.get(uri("/down"), Map.of(), Duration.ofSeconds(2));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("<html>Service Unavailable</html>");
    }

    @Test
    void theConnectionIsReusedAfterSuccessesAndErrors() throws IOException {
        transport.get(uri("/ok"), Map.of(), Duration.ofSeconds(2));
        transport.get(uri("/down"), Map.of(), Duration.ofSeconds(2));
        transport.get(uri("/missing"), Map.of(), Duration.ofSeconds(2));
        transport.get(uri("/ok"), Map.of(), Duration.ofSeconds(2));

        assertThat(clientPorts).hasSize(4).containsOnly(clientPorts.get(0));
    }

    @Test
    void redirectsAreFollowedWithTheSameHeaders() throws IOException {
        HttpTransport.Exchange answer = transport.get(uri("/moved"), Map.of("Accept", "application/json"), Duration.ofSeconds(2));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.uri()).isEqualTo(uri("/ok?from=moved"));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).getRequestHeaders().getFirst("Accept")).isEqualTo("application/json");
    }

    @Test
    void aRedirectLoopEndsInAnError() {
        assertThatThrownBy(() -> transport.get(uri("/loop"), Map.of(), Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("more than " + HttpTransport.MAX_REDIRECTS + " redirects");
        assertThat(seen).hasSize(HttpTransport.MAX_REDIRECTS + 1);
    }

    @Test
    void aRedirectOutOfHttpIsReturnedAsItIs() throws IOException {
        HttpTransport.Exchange answer = transport.get(uri("/to-ftp"), Map.of(), Duration.ofSeconds(2));

        assertThat(answer.status()).isEqualTo(301);
        assertThat(seen).hasSize(1);
    }

    @Test
    void aBodyThatStallsEndsAtTheDeadline() {
        assertThatThrownBy(() -> transport.get(uri("/stalls"), Map.of(), Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(seen).hasSize(1);
    }
}
