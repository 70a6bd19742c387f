package dev.marketalerts.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.marketalerts.core.calendar.TradingCalendar;
import dev.marketalerts.core.calendar.TradingSession;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.marketdata.Freshness;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local stand-ins on 127.0.0.1 for the providers the benchmarks point the live chain at, each answering after a fixed
 * latency: Yahoo's chart v8 (a deterministic history per symbol, current as of the given clock so that the chain
 * accepts it as fresh; bodies built once per symbol, range and minute so the stub spends almost no CPU), Nasdaq's
 * earnings calendar (NVDA reporting a week from today), and SSM parameters the way the AWS Parameters and Secrets
 * Lambda Extension serves them.
 */
public final class ProviderStub implements AutoCloseable {
    private static final String CHART = "/v8/finance/chart/";
    private static final String PARAMETER = "/systemsmanager/parameters/get";
    private static final String EARNINGS = "/api/calendar/earnings";

    private final HttpServer server;
    private final ExecutorService pool;
    private final long latencyMillis;
    private final Clock clock;
    /** Chart bodies per (symbol, range, session day), split around the quote time, which moves with the clock. */
    private final Map<String, byte[][]> charts = new ConcurrentHashMap<>();
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private ProviderStub(long latencyMillis, Clock clock, int threads) throws IOException {
        this.latencyMillis = latencyMillis;
        this.clock = clock;
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK: +40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "yahoo-stub-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A stub answering after {@code latencyMillis}, with data current as of {@code clock}. */
    public static ProviderStub start(long latencyMillis, Clock clock) throws IOException {
        return new ProviderStub(latencyMillis, clock, 64);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code value} as the SSM parameter {@code name} (extension API, any session token). */
    public void parameter(String name, String value) {
        parameters.put(name, value);
    }

    public long requests() {
        return requests.get();
    }

    /** The most requests that were being answered at the same time (the client's real concurrency). */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void resetCounters() {
        requests.set(0);
        maxInFlight.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        requests.incrementAndGet();
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            if (latencyMillis > 0) {
                sleep(latencyMillis);
            }
            byte[] body;
            int status = 200;
            if (path.startsWith(CHART)) {
                String symbol = URLDecoder.decode(path.substring(CHART.length()), StandardCharsets.UTF_8);
                String range = query(uri, "range").orElse("1mo");
                Instant at = clock.instant();
                Market market = market(symbol);
                byte[][] parts = charts.computeIfAbsent(symbol + "|" + range + "|" + Freshness.latestSessionDay(market, at),
                        k -> chart(symbol, range, at));
                byte[] time = Long.toString(Freshness.latestPrint(market, at).getEpochSecond()).getBytes(StandardCharsets.US_ASCII);
                body = new byte[parts[0].length + time.length + parts[1].length];
                System.arraycopy(parts[0], 0, body, 0, parts[0].length);
                System.arraycopy(time, 0, body, parts[0].length, time.length);
                System.arraycopy(parts[1], 0, body, parts[0].length + time.length, parts[1].length);
            } else if (path.equals(EARNINGS)) {
                body = earnings(query(uri, "date").orElse(""), clock.instant());
            } else if (path.equals(PARAMETER)) {
                String value = parameters.get(query(uri, "name").orElse(""));
                if (value == null) {
                    status = 400;
                    body = "{\"message\":\"ParameterNotFound\"}".getBytes(StandardCharsets.UTF_8);
                } else {
                    body = ("{\"Parameter\":{\"Value\":" + jsonString(value) + "}}").getBytes(StandardCharsets.UTF_8);
                }
            } else {
                status = 404;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<String> query(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    static byte[] earnings(String date, Instant at) {
        LocalDate reportDay = at.atZone(Market.US_EQUITY.zone()).toLocalDate().plusDays(7);
        String rows = date.equals(reportDay.toString())
                ? "[{\"symbol\":\"NVDA\",\"name\":\"NVIDIA\",\"time\":\"time-after-hours\",\"epsForecast\":\"$1.52\","
                        + "\"eps\":\"\",\"fiscalQuarterEnding\":\"Jan/2026\"}]"
                : "[]";
        return ("{\"data\":{\"rows\":" + rows + "},\"status\":{\"rCode\":200}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Sessions a Yahoo range holds (calendar days for crypto), capped at two years. */
    static int sessions(String range, Market market) {
        int days = switch (range) {
            case "1d" -> 1;
            case "5d" -> 7;
            case "1mo" -> 31;
            case "3mo" -> 92;
            case "6mo" -> 183;
            case "1y" -> 366;
            default -> 731;
        };
        return market == Market.CRYPTO ? Math.max(1, days - 2) : Math.max(1, days * 5 / 7);
    }

    static Market market(String symbol) {
        return symbol.endsWith("-USD") ? Market.CRYPTO : Market.US_EQUITY;
    }

    /** The chart body as of {@code at}, split where the quote's time goes. */
    static byte[][] chart(String symbol, String range, Instant at) {
        Market market = market(symbol);
        TradingCalendar calendar = TradingCalendar.forMarket(market);
        int count = sessions(range, market);
        List<LocalDate> days = new ArrayList<>(count);
        LocalDate d = Freshness.latestSessionDay(market, at);
        for (int i = 0; i < count; i++) {
            days.add(0, d);
            d = calendar.previousTradingDay(d);
        }
        // A price that depends only on (symbol, date), so that every range agrees on every bar.
        double base = (market == Market.CRYPTO ? 80_000 : 20) + (Math.floorMod(symbol.hashCode(), 200));
        double phase = Math.floorMod(symbol.hashCode(), 628) / 100.0;
        StringBuilder ts = new StringBuilder();
        StringBuilder open = new StringBuilder();
        StringBuilder high = new StringBuilder();
        StringBuilder low = new StringBuilder();
        StringBuilder closes = new StringBuilder();
        StringBuilder volume = new StringBuilder();
        double close = 0;
        long before = calendar.previousTradingDay(days.get(0)).toEpochDay();
        double previousClose = days.size() == 1 ? closeOn(base, phase, before, new SplittableRandom(symbol.hashCode() * 31L + before)) : 0;
        for (int i = 0; i < days.size(); i++) {
            previousClose = i == 0 ? previousClose : close;
            long day = days.get(i).toEpochDay();
            SplittableRandom random = new SplittableRandom(symbol.hashCode() * 31L + day);
            TradingSession session = calendar.session(days.get(i)).orElseThrow();
            close = closeOn(base, phase, day, random);
            double o = close * (1 + 0.005 * random.nextGaussian());
            String sep = i == 0 ? "" : ",";
            ts.append(sep).append(session.openInstant().getEpochSecond());
            open.append(sep).append(num(o));
            high.append(sep).append(num(Math.max(o, close) * 1.004));
            low.append(sep).append(num(Math.min(o, close) * 0.996));
            closes.append(sep).append(num(close));
            volume.append(sep).append(1_000_000 + random.nextInt(5_000_000));
        }
        String head = "{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":" + jsonString(symbol)
                + ",\"exchangeTimezoneName\":\"" + market.zone().getId() + "\",\"priceHint\":2"
                + ",\"regularMarketPrice\":" + num(close) + ",\"regularMarketTime\":";
        String tail = ",\"chartPreviousClose\":" + num(previousClose) + "},"
                + "\"timestamp\":[" + ts + "],\"indicators\":{\"quote\":[{\"open\":[" + open + "],\"high\":[" + high
                + "],\"low\":[" + low + "],\"close\":[" + closes + "],\"volume\":[" + volume + "]}]}}],\"error\":null}}";
        return new byte[][] {head.getBytes(StandardCharsets.UTF_8), tail.getBytes(StandardCharsets.UTF_8)};
    }

    private static double closeOn(double base, double phase, long epochDay, SplittableRandom random) {
        return base * (1 + 0.15 * Math.sin(epochDay / 15.0 + phase) + 0.01 * random.nextGaussian());
    }

    /** Four decimals, as Yahoo's float artefacts have (without String.format, which is slow in a cold stub). */
    private static String num(double v) {
        return java.math.BigDecimal.valueOf(Math.round(v * 10_000), 4).toPlainString();
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
