package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import java.util.List;

/**
 * Port: publishes alerts. Returns one {@link Delivery} per alert, in the same order. A notifier never re-sends a
 * request whose outcome it cannot know (the job retries those, recording each attempt in the alert's claim).
 */
public interface Notifier {

    List<Delivery> publish(List<Alert> alerts);

    /** The outcome for one alert. */
    sealed interface Delivery {
        /** Published; the transport's message id. */
        record Sent(String messageId) implements Delivery {
        }

        /** Certainly not published (refused, throttled, never sent). */
        record Failed(String reason) implements Delivery {
        }

        /** The request may have been published, or not: its answer was lost, came too late or was a server error. */
        record Unknown(String reason) implements Delivery {
        }
    }
}
