package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import java.util.List;

/** Port: publishes alerts. Returns one {@link Delivery} per alert, in the same order. */
public interface Notifier {

    List<Delivery> publish(List<Alert> alerts);

    /** The outcome for one alert: sent with the transport's message id, or failed with a reason. */
    sealed interface Delivery {
        record Sent(String messageId) implements Delivery {
        }

        record Failed(String reason) implements Delivery {
        }
    }
}
