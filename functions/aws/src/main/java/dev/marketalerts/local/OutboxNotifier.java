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
 * disk before the alert counts as sent; message ids {@code outbox-<n>}.
 */
public final class OutboxNotifier implements Notifier {
    private final Path file;
    private final AtomicLong sequence = new AtomicLong();

    public OutboxNotifier(Path file) {
        this.file = file.toAbsolutePath();
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
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                for (Alert alert : alerts) {
                    ByteBuffer line = ByteBuffer.wrap((AlertJson.write(alert) + "\n").getBytes(StandardCharsets.UTF_8));
                    while (line.hasRemaining()) {
                        ch.write(line);
                    }
                    ch.force(false);
                    result.add(new Delivery.Sent("outbox-" + sequence.incrementAndGet()));
                }
            }
        } catch (IOException e) {
            String reason = "cannot append to outbox " + file + ": " + e.getMessage();
            while (result.size() < alerts.size()) {
                result.add(new Delivery.Failed(reason));
            }
        }
        return result;
    }
}
