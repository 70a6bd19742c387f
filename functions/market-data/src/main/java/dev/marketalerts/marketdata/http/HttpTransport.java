package dev.marketalerts.marketdata.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocking HTTP/1.1 GETs over {@link HttpURLConnection}: one deadline over the whole exchange (redirects and a body that
 * dribbles in included), redirects followed but never from https to http, the request headers given (besides Host and
 * Connection, HttpURLConnection adds only a Java User-Agent when none is given; we add {@code Accept: *}{@code /*} when none
 * is), and bodies read whole, error bodies included, so that the connection is kept alive for the next request.
 *
 * <p>Chosen over {@code java.net.http}: its client costs about 400 ms of a cold start even for plain http (building one
 * initialises TLS and some 700 classes), where this loads TLS only on the first https request.
 */
public final class HttpTransport {
    /** One answer: the URI that gave it (after redirects), its status, headers and raw body (not decompressed). */
    public record Exchange(URI uri, int status, Headers headers, byte[] body) {
    }

    static final int MAX_REDIRECTS = 5;
    private static final String ALLOW_RESTRICTED = "sun.net.http.allowRestrictedHeaders";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    static {
        // HttpURLConnection silently drops "restricted" request headers, Origin among them (Nasdaq's API wants it),
        // unless this is set before its first use in the JVM; java.net.http sent them.
        if (System.getProperty(ALLOW_RESTRICTED) == null) {
            System.setProperty(ALLOW_RESTRICTED, "true");
        }
    }

    private final int connectTimeoutMillis;

    /** @param connectTimeout the longest wait for a TCP connection (each exchange is also bounded by its own timeout) */
    public HttpTransport(Duration connectTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the connect timeout must be positive, was " + connectTimeout);
        }
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    /**
     * GETs {@code uri}, following redirects, and returns the final answer whatever its status.
     *
     * @throws SocketTimeoutException when the exchange did not complete within {@code timeout} (or could not connect in time)
     * @throws IOException            when the connection failed or the answer is not HTTP
     */
    public Exchange get(URI uri, Map<String, String> headers, Duration timeout) throws IOException {
        long timeoutMillis = Math.max(1, timeout.toMillis());
        Deadline deadline = new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        ScheduledFuture<?> alarm = Alarms.SCHEDULER.schedule(deadline, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            URI current = uri;
            for (int redirects = 0; ; redirects++) {
                Exchange answer = exchange(current, headers, deadline);
                URI next = redirect(answer);
                if (next == null) {
                    if (!deadline.finish()) {
                        throw timedOut(timeoutMillis);
                    }
                    return answer;
                }
                if (redirects == MAX_REDIRECTS) {
                    throw new IOException("more than " + MAX_REDIRECTS + " redirects");
                }
                current = next;
            }
        } catch (IOException e) {
            if (deadline.expired()) {
                throw timedOut(timeoutMillis);
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    private Exchange exchange(URI uri, Map<String, String> headers, Deadline deadline) throws IOException {
        URLConnection opened = uri.toURL().openConnection();
        if (!(opened instanceof HttpURLConnection conn)) {
            throw new IOException("not an http(s) URL: " + uri.getScheme());
        }
        conn.setInstanceFollowRedirects(false);
        conn.setConnectTimeout(connectTimeoutMillis);
        int remaining = deadline.remainingMillis();
        // Blocking reads end at the deadline at the latest; the alarm also disconnects then.
        conn.setReadTimeout(remaining);
        boolean accept = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            conn.setRequestProperty(h.getKey(), h.getValue());
            accept |= h.getKey().equalsIgnoreCase("Accept");
            checkSent(conn, h.getKey());
        }
        if (!accept) {
            // instead of HttpURLConnection's own "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"
            conn.setRequestProperty("Accept", "*/*");
        }
        deadline.watch(conn);
        int status = conn.getResponseCode();
        if (status < 0) {
            throw new IOException("the answer from " + uri.getHost() + " is not HTTP");
        }
        Headers responseHeaders = headers(conn);
        InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
        byte[] body = in == null ? new byte[0] : readAll(in, deadline);
        return new Exchange(uri, status, responseHeaders, body);
    }

    /** Reads to the end (so that the connection goes back to the keep-alive pool), giving up at the deadline. */
    private static byte[] readAll(InputStream stream, Deadline deadline) throws IOException {
        try (InputStream in = stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) != -1) {
                if (deadline.expired()) {
                    throw new SocketTimeoutException("deadline passed while reading the body");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static Headers headers(HttpURLConnection conn) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; ; i++) {
            String value = conn.getHeaderField(i);
            if (value == null) {
                break;
            }
            String name = conn.getHeaderFieldKey(i);
            if (name != null) {
                pairs.add(Map.entry(name, value));
            }
        }
        return Headers.of(pairs);
    }

    /** Where a redirect leads, or null when the answer is final (not a redirect, no Location, or https to http). */
    private static URI redirect(Exchange answer) throws IOException {
        if (!REDIRECTS.contains(answer.status())) {
            return null;
        }
        String location = answer.headers().firstValue("Location").map(String::strip).orElse("");
        if (location.isEmpty()) {
            return null;
        }
        URI next;
        try {
            next = answer.uri().resolve(location);
        } catch (IllegalArgumentException e) {
            throw new IOException("HTTP " + answer.status() + " redirects to an unreadable Location");
        }
        String from = answer.uri().getScheme().toLowerCase(Locale.ROOT);
        String to = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!to.equals("http") && !to.equals("https") || from.equals("https") && to.equals("http")) {
            return null;
        }
        return next;
    }

    private static void checkSent(HttpURLConnection conn, String name) {
        if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Proxy-Authorization")) {
            return; // HttpURLConnection never shows these back
        }
        if (conn.getRequestProperty(name) == null && WARNED.add(name.toLowerCase(Locale.ROOT))) {
            LOG.log(System.Logger.Level.WARNING, () -> "the request header " + name + " is not sent: HttpURLConnection was used in this JVM"
                    + " before " + ALLOW_RESTRICTED + " was set; start the JVM with -D" + ALLOW_RESTRICTED + "=true");
        }
    }

    private static SocketTimeoutException timedOut(long millis) {
        return new SocketTimeoutException("no complete answer within " + millis + " ms");
    }

    /** The end of one exchange: disconnects the connection in use when it passes, unless the exchange finished first. */
    /** Runs {@link #expire} when scheduled (a Runnable of its own, not a method reference: one class fewer to spin on a cold start). */
    private static final class Deadline implements Runnable {
        private static final int RUNNING = 0;
        private static final int FINISHED = 1;
        private static final int EXPIRED = 2;

        private final long endNanos;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile HttpURLConnection connection;

        @Override
        public void run() {
            expire();
        }

        Deadline(long endNanos) {
            this.endNanos = endNanos;
        }

        int remainingMillis() throws SocketTimeoutException {
            long left = TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime());
            if (left <= 0 || expired()) {
                throw new SocketTimeoutException("deadline passed before the request");
            }
            return (int) Math.min(Integer.MAX_VALUE, left);
        }

        void watch(HttpURLConnection conn) throws SocketTimeoutException {
            connection = conn;
            if (expired()) {
                throw new SocketTimeoutException("deadline passed before the request");
            }
        }

        boolean expired() {
            return state.get() == EXPIRED;
        }

        boolean finish() {
            return state.compareAndSet(RUNNING, FINISHED);
        }

        void expire() {
            if (!state.compareAndSet(RUNNING, EXPIRED)) {
                return;
            }
            HttpURLConnection conn = connection;
            if (conn != null) {
                // disconnect() waits for a read in progress to return, so it must not hold up the shared alarm thread
                Thread t = new Thread(conn::disconnect, "http-deadline");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /** One daemon thread for every exchange's deadline, started with the first request. */
    private static final class Alarms {
        static final ScheduledThreadPoolExecutor SCHEDULER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "http-deadlines");
            t.setDaemon(true);
            return t;
        });

        static {
            SCHEDULER.setRemoveOnCancelPolicy(true);
        }
    }
}
