package dev.marketalerts.cli;

import dev.marketalerts.marketdata.http.Secrets;
import java.io.PrintStream;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * java.util.logging for the alerts command (the AWS SDK logs into it too, through SLF4J): quiet (WARNING) at a
 * terminal, FINE with {@code ALERTS_DEBUG}, and in neither case a secret. The JDK's HTTP client logs every request
 * line and header at FINE, API keys included, so its loggers stay at INFO whatever the level; and every line printed
 * goes through {@link Secrets#redactEverywhere}, whoever logged it.
 */
final class CliLogging {
    /** The JDK's HTTP wire logs (HttpURLConnection and java.net.http). */
    static final List<String> WIRE_LOGGERS = List.of("sun.net.www.protocol.http", "sun.net.www.protocol.http.HttpURLConnection",
            "sun.net.www.protocol.https", "jdk.internal.httpclient.debug");
    /** Held: a logger forgets its level when nothing references it. */
    private static final List<Logger> PINNED = WIRE_LOGGERS.stream().map(Logger::getLogger).toList();

    private CliLogging() {
    }

    /** Sends every log record at {@code FINE} (debug) or {@code WARNING} and above to {@code err}, redacted. */
    static void configure(PrintStream err, boolean debug) {
        Level level = debug ? Level.FINE : Level.WARNING;
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new StreamHandler(err, new Redacting(new SimpleFormatter())) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }

            @Override
            public synchronized void close() {
                flush(); // the stream is the process's stderr: never closed here
            }
        };
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        PINNED.forEach(l -> l.setLevel(Level.INFO));
    }

    /** A formatter whose every line has the process's API keys (and credential-looking parameters) scrubbed out. */
    static final class Redacting extends Formatter {
        private final Formatter delegate;

        Redacting(Formatter delegate) {
            this.delegate = delegate;
        }

        @Override
        public String format(LogRecord record) {
            return Secrets.redactEverywhere(delegate.format(record));
        }
    }
}
