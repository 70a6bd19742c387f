package dev.marketalerts.cli.subscribe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in SNS endpoint on 127.0.0.1 that records the Action of every request it gets and answers each with one
 * canned Query-protocol response: the tests see whether the command called AWS at all, and how it reads SNS errors.
 */
final class RecordingSnsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private volatile int status = 500;
    private volatile String body = error("Receiver", "InternalError", "this stand-in expected no call");

    RecordingSnsEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            actions.add(action(form));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every later request gets this SNS error. */
    void answerError(int httpStatus, String type, String code, String message) {
        status = httpStatus;
        body = error(type, code, message);
    }

    List<String> actions() {
        return List.copyOf(actions);
    }

    private static String action(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "(no Action)";
    }

    private static String error(String type, String code, String message) {
        return "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>" + type + "</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
