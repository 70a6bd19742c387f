package dev.marketalerts.marketdata.http;

import dev.marketalerts.core.time.Sleeper;
import dev.marketalerts.marketdata.http.ProviderException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.zip.GZIPInputStream;

/**
 * GET requests to one provider: its rate limit, a per-request timeout covering the whole exchange,
 * bounded retries of 5xx/429/connection failures with full-jitter backoff honouring Retry-After, gzip
 * bodies, and failures turned into {@link ProviderException}s whose messages never contain a key.
 * Timeouts are not retried: a provider that hangs once usually hangs again, so the chain moves on.
 */
public final class ProviderHttp {
    private static final System.Logger LOG = System.getLogger(ProviderHttp.class.getName());
    private static final int SNIPPET = 200;

    /** A response with a 2xx status; the body already gunzipped. */
    public record Response(int status, Headers headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String provider;
    private final HttpTransport transport;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final RateLimiter limiter;
    private final Duration maxRateWait;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final Clock clock;
    private final Secrets secrets;

    public ProviderHttp(String provider, HttpTransport transport, Duration timeout, RetryPolicy retry, RateLimiter limiter,
            Duration maxRateWait, Sleeper sleeper, DoubleSupplier random, Clock clock, Secrets secrets) {
        this.provider = provider;
        this.transport = transport;
        this.timeout = timeout;
        this.retry = retry;
        this.limiter = limiter;
        this.maxRateWait = maxRateWait;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
        this.secrets = secrets;
    }

    public String provider() {
        return provider;
    }

    public Duration timeout() {
        return timeout;
    }

    public Secrets secrets() {
        return secrets;
    }

    public Clock clock() {
        return clock;
    }

    /** Redacts keys out of any text destined for a message. */
    public String redact(String text) {
        return secrets.redact(text);
    }

    public ProviderException failure(Kind kind, String message) {
        return new ProviderException(provider, kind, redact(message));
    }

    public Response get(URI uri, Map<String, String> headers) throws ProviderException {
        String shownUrl = redact(uri.toString());
        ProviderException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            acquirePermit(shownUrl);
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "GET " + shownUrl);
            }
            HttpTransport.Exchange response;
            try {
                response = transport.get(uri, headers, timeout);
            } catch (SocketTimeoutException e) {
                throw new ProviderException(provider, Kind.TIMEOUT, "no answer within " + human(timeout) + " to GET " + shownUrl);
            } catch (IOException e) {
                last = new ProviderException(provider, Kind.CONNECTION,
                        "GET " + shownUrl + " failed: " + redact(describe(e)) + attempts(attempt));
                if (attempt < retry.maxAttempts()) {
                    pause(retry.backoff(attempt, random.getAsDouble()), last);
                }
                continue;
            }
            int status = response.status();
            if (status >= 200 && status < 300) {
                return new Response(status, response.headers(), decode(response, shownUrl));
            }
            String snippet = snippet(response, shownUrl);
            Duration retryAfter = retryAfter(response.headers()).orElse(null);
            if (status == 429 || status >= 500) {
                Kind kind = status == 429 ? Kind.THROTTLED : Kind.SERVER_ERROR;
                boolean waitTooLong = retryAfter != null && retryAfter.compareTo(retry.maxRetryAfter()) > 0;
                last = new ProviderException(provider, kind, "GET " + shownUrl + " answered HTTP " + status
                        + (retryAfter != null ? " (Retry-After " + human(retryAfter) + ")" : "") + snippet + attempts(attempt),
                        status, retryAfter);
                if (waitTooLong) {
                    throw last;
                }
                if (attempt < retry.maxAttempts()) {
                    pause(retryAfter != null ? retryAfter : retry.backoff(attempt, random.getAsDouble()), last);
                }
                continue;
            }
            Kind kind = status == 404 ? Kind.NO_DATA : Kind.CLIENT_ERROR;
            throw new ProviderException(provider, kind, "GET " + shownUrl + " answered HTTP " + status + snippet, status, retryAfter);
        }
        throw last;
    }

    private void acquirePermit(String shownUrl) throws ProviderException {
        try {
            if (!limiter.acquire(maxRateWait)) {
                throw new ProviderException(provider, Kind.LOCAL_RATE_LIMIT,
                        "request budget (" + limiter + ") used up; not sending GET " + shownUrl);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(provider, Kind.TIMEOUT, "interrupted while waiting for the rate limit");
        }
    }

    private void pause(Duration delay, ProviderException pending) throws ProviderException {
        LOG.log(System.Logger.Level.DEBUG, () -> pending.getMessage() + "; retrying in " + human(delay));
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw pending;
        }
    }

    private Optional<Duration> retryAfter(Headers headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::trim);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        try {
            long seconds = Long.parseLong(v);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    private byte[] decode(HttpTransport.Exchange response, String shownUrl) throws ProviderException {
        byte[] body = response.body();
        Optional<String> encoding = response.headers().firstValue("Content-Encoding");
        boolean gzip = encoding.isPresent() && encoding.get().toLowerCase(Locale.ROOT).contains("gzip");
        if (!gzip) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ProviderException(provider, Kind.UNPARSABLE, "GET " + shownUrl + " sent a gzip body that does not decompress");
        }
    }

    private String snippet(HttpTransport.Exchange response, String shownUrl) {
        try {
            String text = new String(decode(response, shownUrl), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            if (text.isEmpty()) {
                return "";
            }
            // redacted before it is cut, so that a key across the cut cannot leave its first characters behind
            String clean = redact(text);
            return ": " + (clean.length() > SNIPPET ? clean.substring(0, SNIPPET) + "..." : clean);
        } catch (ProviderException e) {
            return "";
        }
    }

    private static String attempts(int attempt) {
        return attempt > 1 ? " (attempt " + attempt + ")" : "";
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
