package dev.marketalerts.local;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.Notifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Local delivery to a record and its followers (the outbox, then the console). The record decides each alert's outcome
 * and message id; the followers then get the alerts it sent, best effort: an alert a follower fails on is a warning,
 * not a failed delivery, since failing it would make the job send it to the record again.
 */
public final class CompositeNotifier implements Notifier {
    private final Notifier record;
    private final List<Notifier> followers;
    private final Consumer<String> warnings;

    public CompositeNotifier(Notifier record, List<Notifier> followers, Consumer<String> warnings) {
        this.record = Objects.requireNonNull(record, "record");
        this.followers = List.copyOf(followers);
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** The record alone when there are no followers. */
    public static Notifier of(Consumer<String> warnings, Notifier record, Notifier... followers) {
        return followers.length == 0 ? record : new CompositeNotifier(record, List.of(followers), warnings);
    }

    @Override
    public List<Delivery> publish(List<Alert> alerts) {
        List<Delivery> outcomes = record.publish(alerts);
        checkSize(outcomes, alerts.size(), record);
        List<Alert> sent = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            if (outcomes.get(i) instanceof Delivery.Sent) {
                sent.add(alerts.get(i));
            }
        }
        if (sent.isEmpty()) {
            return outcomes;
        }
        for (Notifier follower : followers) {
            List<Delivery> more;
            try {
                more = follower.publish(sent);
            } catch (RuntimeException e) {
                warnings.accept(follower + " failed (" + e + ") for " + sent.size() + " alert(s) delivered to " + record);
                continue;
            }
            checkSize(more, sent.size(), follower);
            Map<String, List<String>> missed = new LinkedHashMap<>();
            for (int j = 0; j < sent.size(); j++) {
                if (!(more.get(j) instanceof Delivery.Sent)) {
                    missed.computeIfAbsent(reason(more.get(j)), r -> new ArrayList<>()).add(sent.get(j).id());
                }
            }
            missed.forEach((reason, ids) -> warnings.accept(follower + " missed " + ids.size() + " alert(s) delivered to " + record
                    + " (" + reason + "): " + String.join(", ", ids)));
        }
        return outcomes;
    }

    private static String reason(Delivery d) {
        return d instanceof Delivery.Failed f ? f.reason() : ((Delivery.Unknown) d).reason();
    }

    private static void checkSize(List<Delivery> deliveries, int alerts, Notifier from) {
        if (deliveries.size() != alerts) {
            throw new IllegalStateException(from + " returned " + deliveries.size() + " deliveries for " + alerts + " alerts");
        }
    }
}
