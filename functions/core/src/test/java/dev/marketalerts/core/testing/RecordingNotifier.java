package dev.marketalerts.core.testing;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Test fake: remembers every alert published; can be told to fail some alerts or to throw mid-publish (a crash). */
public final class RecordingNotifier implements Notifier {
    private final List<Alert> published = new ArrayList<>();
    private Predicate<Alert> failing = a -> false;
    private RuntimeException crash;
    private int counter;

    public synchronized void failWhen(Predicate<Alert> predicate) {
        failing = predicate;
    }

    /** The next publish throws this after doing nothing (a process killed before publishing). */
    public synchronized void crashNextPublish(RuntimeException e) {
        crash = e;
    }

    @Override
    public synchronized List<Delivery> publish(List<Alert> alerts) {
        if (crash != null) {
            RuntimeException e = crash;
            crash = null;
            throw e;
        }
        List<Delivery> out = new ArrayList<>();
        for (Alert a : alerts) {
            if (failing.test(a)) {
                out.add(new Delivery.Failed("refused by test"));
            } else {
                published.add(a);
                out.add(new Delivery.Sent("msg-" + (++counter)));
            }
        }
        return out;
    }

    public synchronized List<Alert> published() {
        return List.copyOf(published);
    }

    public synchronized List<String> ids() {
        return published.stream().map(Alert::id).toList();
    }
}
