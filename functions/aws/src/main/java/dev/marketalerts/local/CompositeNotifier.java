package dev.marketalerts.local;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.Notifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends every alert through several notifiers (console and outbox locally). An alert counts as sent only when
 * every notifier sent it; its message id is the first notifier's, a failure is the failing notifier's reason.
 */
public final class CompositeNotifier implements Notifier {
    private final List<Notifier> notifiers;

    public CompositeNotifier(List<Notifier> notifiers) {
        if (notifiers.isEmpty()) {
            throw new IllegalArgumentException("a composite notifier needs at least one notifier");
        }
        this.notifiers = List.copyOf(notifiers);
    }

    public static Notifier of(Notifier... notifiers) {
        return notifiers.length == 1 ? notifiers[0] : new CompositeNotifier(List.of(notifiers));
    }

    @Override
    public List<Delivery> publish(List<Alert> alerts) {
        List<Delivery> combined = new ArrayList<>(notifiers.get(0).publish(alerts));
        checkSize(combined, alerts.size(), notifiers.get(0));
        for (Notifier next : notifiers.subList(1, notifiers.size())) {
            // An alert one notifier failed on is not handed to the next: its retry would duplicate it there.
            List<Integer> stillSent = new ArrayList<>();
            for (int i = 0; i < alerts.size(); i++) {
                if (combined.get(i) instanceof Delivery.Sent) {
                    stillSent.add(i);
                }
            }
            if (stillSent.isEmpty()) {
                break;
            }
            List<Delivery> more = next.publish(stillSent.stream().map(alerts::get).toList());
            checkSize(more, stillSent.size(), next);
            for (int j = 0; j < stillSent.size(); j++) {
                if (more.get(j) instanceof Delivery.Failed f) {
                    combined.set(stillSent.get(j), f);
                }
            }
        }
        return combined;
    }

    private static void checkSize(List<Delivery> deliveries, int alerts, Notifier from) {
        if (deliveries.size() != alerts) {
            throw new IllegalStateException(from.getClass().getSimpleName() + " returned " + deliveries.size()
                    + " deliveries for " + alerts + " alerts");
        }
    }
}
