package dev.marketalerts.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.json.Jackson;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One JSON object per line on the function's stdout, which Lambda ships to CloudWatch Logs: {@code level},
 * {@code event}, the current {@code requestId}, then the event's own fields. CloudWatch Logs Insights reads the
 * fields directly ({@code filter event = "decision" and fired = 1}).
 */
public final class StructuredLog {
    static final ObjectMapper JSON = Jackson.decimals();

    private final PrintStream out;
    private final Clock wallClock;
    private volatile String requestId;

    public StructuredLog(PrintStream out, Clock wallClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /** The request id that every following line carries (null between invocations). */
    public void requestId(String id) {
        this.requestId = id;
    }

    public void info(String event, Consumer<ObjectNode> fields) {
        write("INFO", event, fields);
    }

    public void warn(String event, Consumer<ObjectNode> fields) {
        write("WARN", event, fields);
    }

    public void error(String event, Consumer<ObjectNode> fields) {
        write("ERROR", event, fields);
    }

    /** Writes an already complete JSON object (an EMF metrics record) as one line. */
    public void raw(ObjectNode line) {
        print(line.toString());
    }

    /**
     * A line to fill with the event's fields and then {@link #emit}: what the paths of every invocation use, since each
     * lambda given to {@link #info} is one more class for a cold JVM to spin.
     */
    public ObjectNode line(String level, String event) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", wallClock.instant().toString());
        line.put("level", level);
        line.put("event", event);
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        return line;
    }

    /** Writes a line begun with {@link #line}. */
    public void emit(ObjectNode line) {
        print(line.toString());
    }

    private void write(String level, String event, Consumer<ObjectNode> fields) {
        ObjectNode line = line(level, event);
        fields.accept(line);
        print(line.toString());
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
