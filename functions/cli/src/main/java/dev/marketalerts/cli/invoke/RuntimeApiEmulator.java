package dev.marketalerts.cli.invoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) on 127.0.0.1, as the Lambda service offers it to a runtime:
 * {@code GET /runtime/invocation/next} hands out the queued event with the request id, deadline, function ARN
 * and trace headers; {@code POST /runtime/invocation/{id}/response} and {@code .../error} complete it;
 * {@code POST /runtime/init/error} reports a failed initialisation. Times are taken with {@link System#nanoTime}.
 */
public final class RuntimeApiEmulator implements AutoCloseable {
    static final String PREFIX = "/2018-06-01/runtime";
    private static final Pattern INVOCATION = Pattern.compile(PREFIX + "/invocation/([^/]+)/(response|error)");

    /** One event to hand out. */
    public record Invocation(String requestId, byte[] payload, long timeoutMillis, String functionArn, String traceId) {
    }

    /** How an invocation (or the initialisation) ended. */
    public sealed interface Outcome {
        /** The function answered {@code body}. */
        record Response(String requestId, byte[] body, long completedNanos) implements Outcome {
        }

        /** The function reported an error: {@code errorType} from the header, the JSON body Lambda would return. */
        record Error(String requestId, String errorType, byte[] body, long completedNanos) implements Outcome {
        }

        /** The runtime could not initialise. */
        record InitError(String errorType, byte[] body, long completedNanos) implements Outcome {
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final CompletableFuture<Long> secondNext = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger nextCalls = new java.util.concurrent.atomic.AtomicInteger();
    private final CompletableFuture<Outcome> initError = new CompletableFuture<>();
    private final Map<String, Long> handedOut = new ConcurrentHashMap<>();

    private RuntimeApiEmulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1 on a free port. */
    public static RuntimeApiEmulator start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        });
        RuntimeApiEmulator emulator = new RuntimeApiEmulator(server, executor);
        server.createContext(PREFIX + "/", emulator::handle);
        server.setExecutor(executor);
        server.start();
        return emulator;
    }

    /** {@code 127.0.0.1:PORT}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Queues an event; the returned future completes with the function's response or error. */
    public CompletableFuture<Outcome> submit(Invocation invocation) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        pending.put(invocation.requestId(), outcome);
        queue.add(invocation);
        return outcome;
    }

    /** Completes (with {@link System#nanoTime}) when the runtime first asks for an event: the end of its init phase. */
    public CompletableFuture<Long> firstNext() {
        return firstNext;
    }

    /**
     * Completes when the runtime asks for its second event: the first one's handler has returned and the runtime has
     * written what it logs for it, as Lambda's end of an invoke.
     */
    public CompletableFuture<Long> secondNext() {
        return secondNext;
    }

    /** Completes when the runtime reports an init error. */
    public CompletableFuture<Outcome> initError() {
        return initError;
    }

    /** When the event with {@code requestId} was handed to the runtime ({@link System#nanoTime}), if it was. */
    public Optional<Long> handedOutAt(String requestId) {
        return Optional.ofNullable(handedOut.get(requestId));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && path.equals(PREFIX + "/invocation/next")) {
                next(exchange);
                return;
            }
            if ("POST".equals(method) && path.equals(PREFIX + "/init/error")) {
                byte[] body = readBody(exchange);
                initError.complete(new Outcome.InitError(errorType(exchange), body, System.nanoTime()));
                send(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher m = INVOCATION.matcher(path);
            if ("POST".equals(method) && m.matches()) {
                byte[] body = readBody(exchange);
                long now = System.nanoTime();
                CompletableFuture<Outcome> outcome = pending.remove(m.group(1));
                if (outcome == null) {
                    send(exchange, 400, "{\"errorMessage\":\"unknown or already completed request id " + m.group(1)
                            + "\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                outcome.complete("response".equals(m.group(2))
                        ? new Outcome.Response(m.group(1), body, now)
                        : new Outcome.Error(m.group(1), errorType(exchange), body, now));
                send(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            send(exchange, 404, "{\"errorMessage\":\"no such Runtime API endpoint: " + method + " " + path
                    + "\",\"errorType\":\"NotFound\"}");
        }
    }

    /** Long poll: blocks until an event is queued (or the emulator is closed). */
    private void next(HttpExchange exchange) throws IOException {
        int call = nextCalls.incrementAndGet();
        (call == 1 ? firstNext : secondNext).complete(System.nanoTime());
        Invocation invocation;
        try {
            invocation = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 500, "{\"errorMessage\":\"the emulator is shutting down\",\"errorType\":\"ServiceException\"}");
            return;
        }
        handedOut.put(invocation.requestId(), System.nanoTime());
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        // the deadline runs from the moment the event is handed out, as in Lambda's invoke phase
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + invocation.timeoutMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId());
        exchange.sendResponseHeaders(200, invocation.payload().length == 0 ? -1 : invocation.payload().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.payload());
        }
    }

    private static String errorType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return type == null || type.isBlank() ? "Unhandled" : type;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
