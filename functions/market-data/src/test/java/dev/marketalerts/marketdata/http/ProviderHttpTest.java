package dev.marketalerts.marketdata.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.marketalerts.marketdata.ProviderFixtures.FakeTime;
import dev.marketalerts.marketdata.ProviderFixtures;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderHttpTest {
    private static final Clock CLOCK = ProviderFixtures.clockAt("2026-02-12T20:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime();

    private ProviderHttp http(Duration timeout, RetryPolicy retry) {
        return ProviderFixtures.http("test", timeout, retry, time, CLOCK, new Secrets());
    }

    private URI uri(String path) {
        return URI.create(ProviderFixtures.base(wm) + path);
    }

    @Test
    void aStubThatHangsTimesOutWithoutRetrying() {
        wm.stubFor(get(urlPathEqualTo("/hang")).willReturn(ok("{}").withFixedDelay(1000)));

        assertThatThrownBy(() -> http(Duration.ofMillis(200), RetryPolicy.DEFAULT).get(uri("/hang"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.getMessage()).contains("no answer within 200ms");
                });
        wm.verify(1, getRequestedFor(urlPathEqualTo("/hang")));
    }

    @Test
    void aBodyThatDribblesPastTheTimeoutAlsoTimesOut() {
        wm.stubFor(get(urlPathEqualTo("/slow-body")).willReturn(ok("{\"a\":\"" + "x".repeat(200) + "\"}").withChunkedDribbleDelay(10, 1200)));

        assertThatThrownBy(() -> http(Duration.ofMillis(200), RetryPolicy.DEFAULT).get(uri("/slow-body"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void honoursRetryAfterOn429ThenSucceeds() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/q")).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
                        .withBody(ProviderFixtures.bytes("yahoo-ratelimit-handmade.txt")))
                .willSetStateTo("open"));
        wm.stubFor(get(urlPathEqualTo("/q")).inScenario("throttle").whenScenarioStateIs("open").willReturn(ok("fine")));

        ProviderHttp.Response response = http(Duration.ofSeconds(2), RetryPolicy.DEFAULT).get(uri("/q"), Map.of());

        assertThat(response.text()).isEqualTo("fine");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3));
        wm.verify(2, getRequestedFor(urlPathEqualTo("/q")));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/q")).inScenario("date").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "Thu, 12 Feb 2026 20:00:02 GMT"))
                .willSetStateTo("up"));
        wm.stubFor(get(urlPathEqualTo("/q")).inScenario("date").whenScenarioStateIs("up").willReturn(ok("up")));

        assertThat(http(Duration.ofSeconds(2), RetryPolicy.DEFAULT).get(uri("/q"), Map.of()).text()).isEqualTo("up");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aRetryAfterLongerThanTheCapEndsTheAttemptsAndIsReported() {
        wm.stubFor(get(urlPathEqualTo("/q")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")
                .withBody(ProviderFixtures.bytes("finnhub-ratelimit-handmade.json"))));

        assertThatThrownBy(() -> http(Duration.ofSeconds(2), RetryPolicy.DEFAULT).get(uri("/q"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
                    assertThat(e.getMessage()).contains("HTTP 429").contains("Retry-After 120s").contains("API limit reached");
                });
        assertThat(time.sleeps).isEmpty();
        wm.verify(1, getRequestedFor(urlPathEqualTo("/q")));
    }

    @Test
    void serverErrorsAreRetriedAFixedNumberOfTimesWithJitteredBackoff() {
        wm.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")));
        RetryPolicy threeAttempts = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThatThrownBy(() -> http(Duration.ofSeconds(2), threeAttempts).get(uri("/down"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("HTTP 503").contains("(attempt 3)");
                });
        wm.verify(3, getRequestedFor(urlPathEqualTo("/down")));
        // random is fixed at 0.5: half of 100ms, then half of 200ms
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void clientErrorsAreNotRetried() {
        wm.stubFor(get(urlPathEqualTo("/legacy")).willReturn(aResponse().withStatus(403)
                .withBody(ProviderFixtures.bytes("fmp-legacy-endpoint-handmade.json"))));

        assertThatThrownBy(() -> http(Duration.ofSeconds(2), RetryPolicy.DEFAULT).get(uri("/legacy"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CLIENT_ERROR);
                    assertThat(e.getMessage()).contains("HTTP 403").contains("Legacy Endpoint");
                });
        wm.verify(1, getRequestedFor(urlPathEqualTo("/legacy")));
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/x");

        assertThatThrownBy(() -> http(Duration.ofSeconds(2), RetryPolicy.DEFAULT).get(nowhere, Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION));
        assertThat(time.sleeps).hasSize(1);
    }

    @Test
    void gzipBodiesAreDecompressed() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(ProviderFixtures.bytes("real/nasdaq/nasdaq-2024-07-02-devs-sample.json"));
        }
        wm.stubFor(get(urlPathEqualTo("/gz")).willReturn(aResponse().withStatus(200).withHeader("Content-Encoding", "gzip")
                .withBody(buf.toByteArray())));

        ProviderHttp.Response response = http(Duration.ofSeconds(2), RetryPolicy.DEFAULT).get(uri("/gz"), Map.of("Accept-Encoding", "gzip"));

        assertThat(response.body()).isEqualTo(ProviderFixtures.bytes("real/nasdaq/nasdaq-2024-07-02-devs-sample.json"));
    }

    @Test
    void aServerErrorIsReportedWithTheStartOfItsBody() {
        wm.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\": \"upstream   database\n unavailable\", \"detail\": \"" + "y".repeat(300) + "\"}")));

        assertThatThrownBy(() -> http(Duration.ofSeconds(2), RetryPolicy.DEFAULT).get(uri("/down"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage())
                        .contains("HTTP 500: {\"error\": \"upstream database unavailable\"")
                        .contains("y".repeat(100) + "...")
                        .doesNotContain("y".repeat(300)));
    }

    @Test
    void aGzippedErrorBodyIsDecompressedForTheMessage() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write("Edge: Too Many Requests".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        wm.stubFor(get(urlPathEqualTo("/gz")).willReturn(aResponse().withStatus(403).withHeader("Content-Encoding", "gzip")
                .withBody(buf.toByteArray())));

        assertThatThrownBy(() -> http(Duration.ofSeconds(2), RetryPolicy.DEFAULT).get(uri("/gz"), Map.of("Accept-Encoding", "gzip")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).endsWith("HTTP 403: Edge: Too Many Requests"));
    }

    @Test
    void aSpentRequestBudgetRefusesWithoutSending() {
        wm.stubFor(get(urlPathEqualTo("/q")).willReturn(ok("x")));
        RateLimiter oneADay = new RateLimiter(List.of(RateLimiter.Limit.perDay(1)), time, time);
        ProviderHttp http = new ProviderHttp("av", new HttpTransport(Duration.ofSeconds(1)), Duration.ofSeconds(1), RetryPolicy.DEFAULT,
                oneADay, Duration.ofSeconds(10), time, () -> 0.5, CLOCK, new Secrets());

        assertThatThrownBy(() -> {
            http.get(uri("/q"), Map.of());
            http.get(uri("/q"), Map.of());
        }).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.LOCAL_RATE_LIMIT);
            assertThat(e.getMessage()).contains("1 per day");
        });
        wm.verify(1, getRequestedFor(urlPathEqualTo("/q")));
    }

    @Test
    void errorMessagesNeverShowTheKey() {
        Secrets secrets = new Secrets();
        secrets.register(ProviderFixtures.SECRET);
        wm.stubFor(get(urlPathEqualTo("/q")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"Invalid API key " + ProviderFixtures.SECRET + "\"}")));
        ProviderHttp http = ProviderFixtures.http("test", Duration.ofSeconds(2), RetryPolicy.DEFAULT, time, CLOCK, secrets);

        assertThatThrownBy(() -> http.get(uri("/q?symbol=NVDA&token=" + ProviderFixtures.SECRET), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(ProviderFixtures.SECRET).contains("token=***").contains("Invalid API key ***");
                    assertThat(e.toString()).doesNotContain(ProviderFixtures.SECRET);
                });
    }

    @ParameterizedTest(name = "key at character {0}")
    @ValueSource(ints = {190, 193, 196})
    void aKeyCutByTheBodySnippetIsHiddenToo(int at) {
        Secrets secrets = new Secrets();
        secrets.register(ProviderFixtures.SECRET);
        String body = "x".repeat(at) + ProviderFixtures.SECRET + " and more";
        wm.stubFor(get(urlPathEqualTo("/q")).willReturn(aResponse().withStatus(401).withBody(body)));
        ProviderHttp http = ProviderFixtures.http("test", Duration.ofSeconds(2), RetryPolicy.DEFAULT, time, CLOCK, secrets);

        // the snippet is 200 characters: the key straddles its end
        assertThatThrownBy(() -> http.get(uri("/q"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage())
                        .doesNotContain(ProviderFixtures.SECRET.substring(0, 200 - at)));
    }
}
