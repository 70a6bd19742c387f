package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.job.Notifier.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CompositeNotifierTest {

    /** Sends everything except the alerts it is told to fail; remembers what it was handed. */
    private static final class Scripted implements Notifier {
        final String name;
        final Predicate<Alert> fails;
        final List<String> received = new ArrayList<>();

        Scripted(String name, Predicate<Alert> fails) {
            this.name = name;
            this.fails = fails;
        }

        @Override
        public List<Delivery> publish(List<Alert> alerts) {
            return alerts.stream().map(a -> {
                received.add(a.id());
                return fails.test(a) ? (Delivery) new Delivery.Failed(name + " failed") : new Delivery.Sent(name + "-" + a.id());
            }).toList();
        }
    }

    private final Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
    private final Alert b = TestAlerts.price("iren-ytd", "IREN", "2");
    private final Alert c = TestAlerts.price("iren-ytd", "IREN", "3");

    @Test
    void anAlertIsSentWhenEveryNotifierSentItAndCarriesTheFirstMessageId() {
        Scripted console = new Scripted("console", x -> false);
        Scripted outbox = new Scripted("outbox", x -> false);

        List<Delivery> result = CompositeNotifier.of(console, outbox).publish(List.of(a, b));

        assertThat(result).containsExactly(new Delivery.Sent("console-" + a.id()), new Delivery.Sent("console-" + b.id()));
        assertThat(outbox.received).containsExactly(a.id(), b.id());
    }

    @Test
    void aFailureAnywhereFailsTheAlertAndLaterNotifiersAreNotHandedIt() {
        Scripted console = new Scripted("console", x -> x == b);
        Scripted outbox = new Scripted("outbox", x -> x == c);

        List<Delivery> result = CompositeNotifier.of(console, outbox).publish(List.of(a, b, c));

        assertThat(result).containsExactly(new Delivery.Sent("console-" + a.id()), new Delivery.Failed("console failed"),
                new Delivery.Failed("outbox failed"));
        assertThat(outbox.received).containsExactly(a.id(), c.id());
    }

    @Test
    void oneNotifierIsUsedAsItIs() {
        Scripted only = new Scripted("only", x -> false);

        assertThat(CompositeNotifier.of(only)).isSameAs(only);
    }
}
