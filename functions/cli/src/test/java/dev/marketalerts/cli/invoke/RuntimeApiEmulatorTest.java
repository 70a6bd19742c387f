package dev.marketalerts.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.cli.invoke.RuntimeApiEmulator.Invocation;
import dev.marketalerts.cli.invoke.RuntimeApiEmulator.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuntimeApiEmulatorTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:local-Fn";
    private final HttpClient http = HttpClient.newHttpClient();
    private RuntimeApiEmulator api;

    @BeforeEach
    void start() throws Exception {
        api = RuntimeApiEmulator.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void nextHandsOutTheEventWithLambdasHeaders() throws Exception {
        api.submit(new Invocation("req-1", "{\"job\":\"price\"}".getBytes(StandardCharsets.UTF_8), 90_000, ARN, "Root=1-abc"));
        long before = System.currentTimeMillis();

        HttpResponse<String> next = get("/invocation/next");

        assertThat(api.address()).startsWith("127.0.0.1:");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"job\":\"price\"}");
        assertThat(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("req-1");
        assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(ARN);
        assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id")).hasValue("Root=1-abc");
        long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertThat(deadline).isBetween(before + 90_000, System.currentTimeMillis() + 90_000);
        assertThat(api.firstNext()).isDone();
        assertThat(api.handedOutAt("req-1")).isPresent();
    }

    @Test
    void responseCompletesTheInvocation() throws Exception {
        CompletableFuture<Outcome> outcome = api.submit(new Invocation("req-2", new byte[0], 1000, ARN, "Root=1-abc"));
        get("/invocation/next");

        HttpResponse<String> posted = post("/invocation/req-2/response", "{\"sent\":1}", null);

        assertThat(posted.statusCode()).isEqualTo(202);
        Outcome done = outcome.get(5, TimeUnit.SECONDS);
        assertThat(done).isInstanceOf(Outcome.Response.class);
        assertThat(new String(((Outcome.Response) done).body(), StandardCharsets.UTF_8)).isEqualTo("{\"sent\":1}");
    }

    @Test
    void errorCarriesTheFunctionsErrorTypeAndBody() throws Exception {
        CompletableFuture<Outcome> outcome = api.submit(new Invocation("req-3", new byte[0], 1000, ARN, "Root=1-abc"));
        get("/invocation/next");

        post("/invocation/req-3/error", "{\"errorMessage\":\"bad event\"}", "Function.BadEvent");

        Outcome.Error error = (Outcome.Error) outcome.get(5, TimeUnit.SECONDS);
        assertThat(error.errorType()).isEqualTo("Function.BadEvent");
        assertThat(new String(error.body(), StandardCharsets.UTF_8)).contains("bad event");
    }

    @Test
    void unknownRequestIdIsRejected() throws Exception {
        HttpResponse<String> posted = post("/invocation/nobody/response", "{}", null);

        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(posted.body()).contains("InvalidRequestID");
    }

    @Test
    void initErrorIsReported() throws Exception {
        HttpResponse<String> posted = post("/init/error", "{\"errorMessage\":\"no config\"}", "Runtime.InitError");

        assertThat(posted.statusCode()).isEqualTo(202);
        Outcome.InitError error = (Outcome.InitError) api.initError().get(5, TimeUnit.SECONDS);
        assertThat(error.errorType()).isEqualTo("Runtime.InitError");
        assertThat(new String(error.body(), StandardCharsets.UTF_8)).contains("no config");
    }

    @Test
    void unknownEndpointIsNotFound() throws Exception {
        assertThat(get("/restore/next").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            b.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + api.address() + RuntimeApiEmulator.PREFIX + path);
    }
}
