package dev.marketalerts.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: an HTTP/1.1 proxy on 127.0.0.1 between the AWS SDK clients (endpoint override) and an emulator. It
 * sorts each request into a {@link Kind} of call of the delivery protocol (DynamoDB by {@code X-Amz-Target} and the
 * JSON body, SNS by the {@code Action} form field) and applies the faults injected for that kind, in order, each to
 * its number of matching calls; every other call is forwarded byte for byte. {@link #refuse()} makes the whole
 * service refuse connections until {@link #heal()}.
 */
public final class FaultProxy implements AutoCloseable {
    public static final int ALWAYS = Integer.MAX_VALUE;

    /** The calls the delivery protocol makes, as seen on the wire. */
    public enum Kind {
        CLAIM("claim"), RECORD("record"), RETRY_LATER("retry-later"), SAVE_STATE("save state"), HISTORY("history"),
        LIST_DUE("list due"), READ_STATE("read state"), PUBLISH("publish"), OTHER("other");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** What happens to a matching call. */
    public record Fault(Type type, CountDownLatch release, Fault then) {
        public enum Type { FORWARD, RESET_BEFORE_FORWARD, DROP_ANSWER, DELAY, ANSWER_500, THROTTLE, HOLD }

        public static final Fault FORWARD = new Fault(Type.FORWARD, null, null);
        /** The request is read, never forwarded, and the connection reset (SO_LINGER 0). */
        public static final Fault RESET_BEFORE_FORWARD = new Fault(Type.RESET_BEFORE_FORWARD, null, null);
        /** The upstream processes the request; the client gets a reset instead of its answer. */
        public static final Fault DROP_ANSWER = new Fault(Type.DROP_ANSWER, null, null);
        /** The upstream processes the request; its answer is held past the client's timeout, then the connection closes. */
        public static final Fault DELAY = new Fault(Type.DELAY, null, null);
        /** A 500 with the service's error body; never forwarded. */
        public static final Fault ANSWER_500 = new Fault(Type.ANSWER_500, null, null);
        /** DynamoDB's 400 ThrottlingException or SNS's 400 Throttling; never forwarded. */
        public static final Fault THROTTLE = new Fault(Type.THROTTLE, null, null);

        /** Nothing is forwarded until {@code release} opens; then {@code then} applies. */
        public static Fault hold(CountDownLatch release, Fault then) {
            return new Fault(Type.HOLD, release, then);
        }

        @Override
        public String toString() {
            return type == Type.HOLD ? "HOLD then " + then : type.name();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLAUSE = Pattern.compile("\\b(SET|REMOVE|ADD|DELETE)\\b", Pattern.CASE_INSENSITIVE);
    private static final Duration HOLD_LIMIT = Duration.ofMinutes(2);

    private final String upstreamHost;
    private final int upstreamPort;
    private final int port;
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<Kind, Deque<int[]>> remaining = new EnumMap<>(Kind.class);
    private final Map<Kind, Deque<Fault>> faults = new EnumMap<>(Kind.class);
    private final Map<Kind, Integer> calls = new EnumMap<>(Kind.class);
    private final Map<Kind, Integer> forwarded = new EnumMap<>(Kind.class);
    private volatile boolean refusing;
    private volatile boolean closed;
    private volatile Duration answerDelay = Duration.ofSeconds(3);

    private FaultProxy(URI upstream) throws IOException {
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.server = listen(0);
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
        return s;
    }

    private void startAccepting(ServerSocket s) {
        acceptor = new Thread(() -> acceptLoop(s), "fault-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code upstream} (http://host:port) on a free loopback port, forwarding everything. */
    public static FaultProxy to(URI upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a proxy port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Applies {@code fault} to the next {@code times} calls of {@code kind} after the faults already injected for it. */
    public synchronized FaultProxy inject(Kind kind, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        faults.computeIfAbsent(kind, k -> new ArrayDeque<>()).addLast(fault);
        remaining.computeIfAbsent(kind, k -> new ArrayDeque<>()).addLast(new int[] {times});
        return this;
    }

    /** How long {@link Fault#DELAY} holds an answer: longer than the clients' socket timeout. */
    public FaultProxy delayAnswersBy(Duration delay) {
        this.answerDelay = delay;
        return this;
    }

    /** The service goes away: open connections are reset and new ones refused (nothing listens on the port). */
    public synchronized void refuse() {
        refusing = true;
        close(server);
        try {
            // the listening socket goes away only once the thread blocked in accept() has left it
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : open) {
            reset(s);
        }
    }

    /** Forgets every injected fault and refusal: from now on everything is forwarded. */
    public synchronized void heal() {
        if (refusing && !closed) {
            try {
                server = listen(port);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + " again: " + e.getMessage(), e);
            }
            startAccepting(server);
        }
        refusing = false;
        faults.clear();
        remaining.clear();
    }

    /** Calls of this kind that reached the proxy (faulted or not). */
    public synchronized int calls(Kind kind) {
        return calls.getOrDefault(kind, 0);
    }

    /** Calls of this kind passed on to the upstream. */
    public synchronized int forwarded(Kind kind) {
        return forwarded.getOrDefault(kind, 0);
    }

    /** Waits until at least {@code n} calls of this kind have reached the proxy. */
    public synchronized void awaitCalls(Kind kind, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (calls(kind) < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " " + kind.label + " calls within " + timeout + ", saw " + calls(kind));
            }
            wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    private synchronized Fault next(Kind kind) {
        calls.merge(kind, 1, Integer::sum);
        notifyAll();
        Deque<Fault> queue = faults.get(kind);
        if (queue == null || queue.isEmpty()) {
            return Fault.FORWARD;
        }
        Fault fault = queue.peekFirst();
        int[] left = remaining.get(kind).peekFirst();
        if (left[0] != ALWAYS && --left[0] == 0) {
            queue.removeFirst();
            remaining.get(kind).removeFirst();
        }
        return fault;
    }

    private synchronized void countForwarded(Kind kind) {
        forwarded.merge(kind, 1, Integer::sum);
    }

    private void acceptLoop(ServerSocket listening) {
        while (!closed) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing || closed) {
                reset(client);
                continue;
            }
            open.add(client);
            Thread t = new Thread(() -> serve(client), "fault-proxy-conn-" + client.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (!closed) {
                Request request = Request.read(in, out);
                if (request == null || refusing) {
                    reset(client);
                    return;
                }
                Kind kind = classify(request);
                if (!apply(next(kind), kind, request, client, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away, or the upstream did: either way this connection is over
        } finally {
            open.remove(client);
            close(client);
        }
    }

    /** Applies one fault; false when the client connection is finished with. */
    private boolean apply(Fault fault, Kind kind, Request request, Socket client, OutputStream out) throws IOException {
        switch (fault.type()) {
            case FORWARD -> {
                Response response = exchange(kind, request);
                out.write(response.raw);
                out.flush();
                return !response.closes;
            }
            case RESET_BEFORE_FORWARD -> {
                reset(client);
                return false;
            }
            case DROP_ANSWER -> {
                exchange(kind, request);
                reset(client);
                return false;
            }
            case DELAY -> {
                exchange(kind, request);
                pause(answerDelay);
                return false;
            }
            case ANSWER_500, THROTTLE -> {
                out.write(errorResponse(request, fault.type() == Fault.Type.THROTTLE));
                out.flush();
                return true;
            }
            case HOLD -> {
                try {
                    if (!fault.release().await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        reset(client);
                        return false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (client.isClosed() || refusing) {
                    return false;
                }
                return apply(fault.then(), kind, request, client, out);
            }
            default -> throw new IllegalStateException(fault.type().name());
        }
    }

    /** Sends the request to the upstream on a connection of its own and reads the whole answer. */
    private Response exchange(Kind kind, Request request) throws IOException {
        try (Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5_000);
            upstream.setSoTimeout(60_000);
            OutputStream out = upstream.getOutputStream();
            out.write(request.forwarded);
            out.flush();
            countForwarded(kind);
            return Response.read(new BufferedInputStream(upstream.getInputStream()), request.method);
        }
    }

    // ---- classification ----

    static Kind classify(Request request) {
        String target = request.header("x-amz-target");
        if (target != null && target.startsWith("DynamoDB_")) {
            return classifyDynamo(target.substring(target.indexOf('.') + 1), request.bodyText());
        }
        String action = target != null && target.startsWith("AmazonSNS.") ? target.substring("AmazonSNS.".length())
                : formField(request.bodyText(), "Action");
        return "PublishBatch".equals(action) || "Publish".equals(action) ? Kind.PUBLISH : Kind.OTHER;
    }

    private static Kind classifyDynamo(String operation, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return Kind.OTHER;
        }
        switch (operation) {
            case "UpdateItem" -> {
                Set<String> set = updatedAttributes(json);
                if (set.contains("messageId")) {
                    return Kind.RECORD;
                }
                if (set.contains("attempts")) {
                    return Kind.CLAIM;
                }
                return set.contains("lastOutcome") || set.contains("leaseUntil") ? Kind.RETRY_LATER : Kind.OTHER;
            }
            case "PutItem" -> {
                String pk = json.path("Item").path("pk").path("S").asText("");
                if (pk.startsWith("RULE#")) {
                    return Kind.SAVE_STATE;
                }
                if (pk.equals("HISTORY")) {
                    return Kind.HISTORY;
                }
                return pk.startsWith("ALERT#") ? Kind.CLAIM : Kind.OTHER;
            }
            case "Query" -> {
                return json.path("IndexName").asText("").equals("due-index") ? Kind.LIST_DUE : Kind.OTHER;
            }
            case "BatchGetItem" -> {
                return Kind.READ_STATE;
            }
            default -> {
                return Kind.OTHER;
            }
        }
    }

    /** The attribute names an UpdateExpression's SET and ADD clauses write, with #placeholders resolved. */
    static Set<String> updatedAttributes(JsonNode updateItem) {
        String expression = updateItem.path("UpdateExpression").asText("");
        JsonNode names = updateItem.path("ExpressionAttributeNames");
        Set<String> out = new java.util.HashSet<>();
        Matcher m = CLAUSE.matcher(expression);
        List<int[]> clauses = new ArrayList<>();
        while (m.find()) {
            clauses.add(new int[] {m.start(), m.end()});
        }
        for (int i = 0; i < clauses.size(); i++) {
            String keyword = expression.substring(clauses.get(i)[0], clauses.get(i)[1]).toUpperCase(Locale.ROOT);
            if (!keyword.equals("SET") && !keyword.equals("ADD")) {
                continue;
            }
            int end = i + 1 < clauses.size() ? clauses.get(i + 1)[0] : expression.length();
            for (String action : splitTopLevel(expression.substring(clauses.get(i)[1], end))) {
                String path = (keyword.equals("SET") ? action.split("=", 2)[0] : action.strip().split("\\s+", 2)[0]).strip();
                String first = path.split("[.\\[]", 2)[0];
                out.add(first.startsWith("#") ? names.path(first).asText(first) : first);
            }
        }
        return out;
    }

    private static List<String> splitTopLevel(String clause) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < clause.length(); i++) {
            char c = clause.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(clause.substring(from, i));
                from = i + 1;
            }
        }
        if (!clause.substring(from).isBlank()) {
            parts.add(clause.substring(from));
        }
        return parts;
    }

    private static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    // ---- answers the proxy makes up ----

    private static byte[] errorResponse(Request request, boolean throttle) {
        String target = request.header("x-amz-target");
        String status = throttle ? "400 Bad Request" : "500 Internal Server Error";
        String type;
        String body;
        if (target != null && target.startsWith("DynamoDB_")) {
            type = "application/x-amz-json-1.0";
            body = throttle
                    ? "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}"
                    : "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}";
        } else {
            type = "text/xml";
            body = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>" + (throttle ? "Sender" : "Receiver")
                    + "</Type><Code>" + (throttle ? "Throttling" : "InternalFailure") + "</Code><Message>"
                    + (throttle ? "Rate exceeded" : "Internal failure") + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nx-amzn-RequestId: fault-proxy\r\nContent-Type: " + type + "\r\nContent-Length: "
                + bytes.length + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    // ---- HTTP/1.1 framing ----

    /** One request as read: its method, headers, body, and the exact bytes to forward. */
    static final class Request {
        final String method;
        final Map<String, String> headers;
        final byte[] body;
        final byte[] forwarded;

        private Request(String method, Map<String, String> headers, byte[] body, byte[] forwarded) {
            this.method = method;
            this.headers = headers;
            this.body = body;
            this.forwarded = forwarded;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Null at a clean end of the connection. Answers {@code Expect: 100-continue} itself and forwards without it. */
        static Request read(InputStream in, OutputStream out) throws IOException {
            List<String> lines = headLines(in);
            if (lines == null) {
                return null;
            }
            String method = lines.get(0).split(" ", 2)[0];
            Map<String, String> headers = headers(lines);
            ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
            for (String line : lines) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("expect:")) {
                    forwarded.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            forwarded.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if ("100-continue".equalsIgnoreCase(headers.getOrDefault("expect", ""))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            byte[] body = body(in, headers, forwarded, false);
            return new Request(method, headers, body, forwarded.toByteArray());
        }
    }

    /** One answer as read from the upstream, its exact bytes, and whether the connection ends after it. */
    record Response(byte[] raw, boolean closes) {
        static Response read(InputStream in, String requestMethod) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while (true) {
                List<String> lines = headLines(in);
                if (lines == null) {
                    throw new SocketException("the upstream closed the connection without answering");
                }
                for (String line : lines) {
                    raw.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                raw.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                int status = Integer.parseInt(lines.get(0).split(" ", 3)[1]);
                if (status >= 100 && status < 200) {
                    continue;
                }
                Map<String, String> headers = headers(lines);
                boolean noBody = requestMethod.equals("HEAD") || status == 204 || status == 304;
                boolean untilEof = !noBody && !headers.containsKey("content-length")
                        && !"chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""));
                if (!noBody) {
                    body(in, headers, raw, true);
                }
                return new Response(raw.toByteArray(), untilEof || "close".equalsIgnoreCase(headers.getOrDefault("connection", "")));
            }
        }
    }

    /** Reads a body framed by Content-Length or chunked encoding (or, for an answer, until EOF), copying it raw. */
    private static byte[] body(InputStream in, Map<String, String> headers, ByteArrayOutputStream raw, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (true) {
                String sizeLine = line(in);
                if (sizeLine == null) {
                    throw new SocketException("connection closed inside a chunked body");
                }
                raw.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = line(in);
                        if (trailer == null) {
                            throw new SocketException("connection closed inside chunked trailers");
                        }
                        raw.writeBytes((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    } while (!trailer.isEmpty());
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size) {
                    throw new SocketException("connection closed inside a chunk");
                }
                body.writeBytes(chunk);
                raw.writeBytes(chunk);
                String end = line(in);
                raw.writeBytes(((end == null ? "" : end) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        String length = headers.get("content-length");
        byte[] bytes;
        if (length != null) {
            int n = Integer.parseInt(length.strip());
            bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new SocketException("connection closed after " + bytes.length + " of " + n + " body bytes");
            }
        } else {
            bytes = eofAllowed ? in.readAllBytes() : new byte[0];
        }
        body.writeBytes(bytes);
        raw.writeBytes(bytes);
        return body.toByteArray();
    }

    /** The request or status line and the header lines, or null if the connection ended before any byte. */
    private static List<String> headLines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        String first = line(in);
        if (first == null) {
            return null;
        }
        lines.add(first);
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            lines.add(l);
        }
        return lines;
    }

    private static Map<String, String> headers(List<String> lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** One CRLF-terminated line without its terminator; null at EOF before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > 64 * 1024) {
                throw new IOException("header line over 64 KiB");
            }
        }
        if (line.size() > 0) {
            throw new SocketException("connection closed inside a line");
        }
        return null;
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        close(s);
    }

    private static void close(java.io.Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        close(server);
        for (Socket s : open) {
            reset(s);
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + endpoint() + " -> " + upstreamHost + ":" + upstreamPort + "]";
    }
}
