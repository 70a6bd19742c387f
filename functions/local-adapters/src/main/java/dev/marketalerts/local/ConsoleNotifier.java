package dev.marketalerts.local;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertFormats;
import dev.marketalerts.core.job.Notifier;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local notifier: one readable line per alert on a stream (stdout for the CLI); message ids {@code local-<n>}. Without an
 * outbox it is the record; after one it follows best effort (see {@link CompositeNotifier}).
 */
public final class ConsoleNotifier implements Notifier {
    private final PrintStream out;
    private final AtomicLong sequence = new AtomicLong();

    public ConsoleNotifier(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public List<Delivery> publish(List<Alert> alerts) {
        List<Delivery> result = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            out.println(AlertFormats.line(alert));
            out.flush();
            // PrintStream swallows IOExceptions; checkError reports them (e.g. a closed pipe).
            result.add(out.checkError()
                    ? new Delivery.Failed("could not write to the console stream")
                    : new Delivery.Sent("local-" + sequence.incrementAndGet()));
        }
        return result;
    }

    @Override
    public String toString() {
        return "the console";
    }
}
