package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code ALERTS_DEBUG} the command logs at FINE; nothing it prints, at any level, shows an API key. Providers are
 * a local stub that rejects the key and echoes it back, as real ones do.
 */
class CliLoggingTest {
    private static final String KEY = "SECRET-KEY-123";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private HttpServer provider;
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/", exchange -> {
            synchronized (requests) {
                requests.add(exchange.getRequestURI().toString());
            }
            byte[] body = ("{\"error\":\"invalid key " + KEY + " (SECRET%2DKEY%2D123, SECRET\\u002dKEY\\u002d123)\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stop() throws IOException {
        provider.stop(0);
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void withAlertsDebugAtEveryLevelNoLineShowsTheKey() throws IOException {
        CliLogging.configure(new PrintStream(log, true, StandardCharsets.UTF_8), true);
        everythingOn();

        Cli.Result r = runAgainstTheStub();

        assertThat(requests).as("the providers were asked, with the key").hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(uri -> assertThat(uri).contains("token=" + KEY));
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("records were logged").contains("FINE").contains("***");
        assertThat(logged).doesNotContain("SECRET");
        assertThat(r.err()).contains("***").doesNotContain("SECRET");
        assertThat(r.out()).doesNotContain("SECRET");
    }

    @Test
    void theJdksHttpWireLogsStayOffWhateverTheLevel() {
        CliLogging.configure(new PrintStream(log, true, StandardCharsets.UTF_8), true);
        everythingOn();

        for (String name : CliLogging.WIRE_LOGGERS) {
            assertThat(Logger.getLogger(name).isLoggable(Level.FINE)).as(name).isFalse();
        }
        assertThat(Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection").isLoggable(Level.FINEST)).isFalse();
        assertThat(Logger.getLogger("dev.marketalerts").isLoggable(Level.FINE)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {KEY, "SECRET%2DKEY%2D123", "SECRET%2dKEY%2d123", "SECRET\\u002DKEY\\u002D123", "token=" + KEY})
    void aRecordWithTheKeyInAnyFormIsPrintedRedacted(String form) {
        new dev.marketalerts.marketdata.http.Secrets().register(KEY);
        CliLogging.configure(new PrintStream(log, true, StandardCharsets.UTF_8), true);
        everythingOn();

        Logger.getLogger("some.library").finest(() -> "request with " + form + " sent");
        Logger.getLogger("some.library").log(Level.WARNING, "failed", new IllegalStateException("rejected " + form));

        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("request with ").contains("rejected ").doesNotContain("SECRET");
    }

    /** Root and its handler at ALL: the most anyone could turn on. */
    private static void everythingOn() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.ALL);
        for (var h : root.getHandlers()) {
            h.setLevel(Level.ALL);
        }
    }

    private Cli.Result runAgainstTheStub() throws IOException {
        String base = "http://127.0.0.1:" + provider.getAddress().getPort();
        Files.writeString(dir.resolve("alerts.yaml"), """
                watchlist:
                  - { symbol: NVDA }
                  - { symbol: BTC-USD, market: crypto }
                rules:
                  - { id: nvda, symbol: NVDA, when: price > 1 }
                  - { id: btc, symbol: BTC-USD, when: price > 1 }
                providers:
                  prices: [finnhub]
                  crypto: [coingecko]
                  finnhub: { base-url: "%1$s", api-key: "${FINNHUB_API_KEY}" }
                  coingecko: { base-url: "%1$s", api-key: "${COINGECKO_API_KEY}" }
                """.formatted(base));
        Map<String, String> env = Map.of("ALERTS_DEBUG", "1", "FINNHUB_API_KEY", KEY, "COINGECKO_API_KEY", KEY);
        // a Friday at 10:00 in New York: the market is open
        Clock clock = Clock.fixed(Instant.parse("2026-01-23T15:00:00Z"), ZoneOffset.UTC);
        return Cli.run(dir, env, clock, "run", "--job", "price", "--state", "state");
    }
}
