package dev.marketalerts.local;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.Notifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local notifier: appends one {@link AlertJson} line per alert to a file (the CLI's {@code --outbox}), forced to
 * disk before the alert counts as sent; message ids {@code outbox-<n>}. When a write fails, the line it was writing
 * is {@link Delivery.Unknown} if any of it reached the file (or it was written but not forced), and the lines not
 * started are {@link Delivery.Failed}. A line left cut partway (by such a write, or a killed process) is ended before the
 * next append, so the alert sent again after it is a whole line of its own.
 */
public final class OutboxNotifier implements Notifier {
    /** Opens the outbox for appending; a parameter so tests can fail a write partway. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private final Path file;
    private final Opener opener;
    private final AtomicLong sequence = new AtomicLong();

    public OutboxNotifier(Path file) {
        this(file, f -> FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    OutboxNotifier(Path file, Opener opener) {
        this.file = file.toAbsolutePath();
        this.opener = opener;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized List<Delivery> publish(List<Alert> alerts) {
        List<Delivery> result = new ArrayList<>(alerts.size());
        if (alerts.isEmpty()) {
            return result;
        }
        ByteBuffer line = null;
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel ch = opener.open(file)) {
                if (endsInsideALine()) {
                    ByteBuffer newline = ByteBuffer.wrap(new byte[] {'\n'});
                    while (newline.hasRemaining()) {
                        ch.write(newline);
                    }
                }
                for (Alert alert : alerts) {
                    line = ByteBuffer.wrap((AlertJson.write(alert) + "\n").getBytes(StandardCharsets.UTF_8));
                    while (line.hasRemaining()) {
                        ch.write(line);
                    }
                    ch.force(false);
                    result.add(new Delivery.Sent("outbox-" + sequence.incrementAndGet()));
                    line = null;
                }
            }
        } catch (IOException e) {
            if (result.size() < alerts.size() && line != null && line.position() > 0) {
                result.add(new Delivery.Unknown("the append to outbox " + file + " failed after " + line.position() + " of "
                        + line.limit() + " bytes of this line: " + e.getMessage()));
            }
            String reason = "cannot append to outbox " + file + ": " + e.getMessage();
            while (result.size() < alerts.size()) {
                result.add(new Delivery.Failed(reason));
            }
        }
        return result;
    }

    private boolean endsInsideALine() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            return size > 0 && ch.read(last, size - 1) == 1 && last.get(0) != '\n';
        }
    }

    @Override
    public String toString() {
        return "outbox " + file;
    }
}
