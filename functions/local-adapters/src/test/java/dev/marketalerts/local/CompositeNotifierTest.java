package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.job.Notifier.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CompositeNotifierTest {

    /** Answers each alert as its script says; remembers what it was handed. */
    private static final class Scripted implements Notifier {
        final String name;
        final Function<Alert, Delivery> script;
        final List<String> received = new ArrayList<>();

        Scripted(String name, Function<Alert, Delivery> script) {
            this.name = name;
            this.script = script;
        }

        static Scripted sendingAll(String name) {
            return new Scripted(name, a -> new Delivery.Sent(name + "-" + a.id()));
        }

        @Override
        public List<Delivery> publish(List<Alert> alerts) {
            return alerts.stream().map(a -> {
                received.add(a.id());
                return script.apply(a);
            }).toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
    private final Alert b = TestAlerts.price("iren-ytd", "IREN", "2");
    private final Alert c = TestAlerts.price("iren-ytd", "IREN", "3");
    private final List<String> warnings = new ArrayList<>();

    @Test
    void theRecordDecidesTheOutcomeAndTheFollowerGetsWhatItSent() {
        Scripted outbox = new Scripted("outbox", x -> x == b ? new Delivery.Failed("disk full")
                : x == c ? new Delivery.Unknown("partial line") : new Delivery.Sent("outbox-" + x.id()));
        Scripted console = Scripted.sendingAll("console");

        List<Delivery> result = CompositeNotifier.of(warnings::add, outbox, console).publish(List.of(a, b, c));

        assertThat(result).containsExactly(new Delivery.Sent("outbox-" + a.id()), new Delivery.Failed("disk full"),
                new Delivery.Unknown("partial line"));
        assertThat(console.received).containsExactly(a.id());
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFollowerThatFailsIsAWarningNamingTheAlertsNotAFailedDelivery() {
        Scripted outbox = Scripted.sendingAll("outbox");
        Scripted console = new Scripted("the console", x -> x == a ? new Delivery.Sent("local-1") : new Delivery.Failed("closed pipe"));

        List<Delivery> result = CompositeNotifier.of(warnings::add, outbox, console).publish(List.of(a, b, c));

        assertThat(result).containsExactly(new Delivery.Sent("outbox-" + a.id()), new Delivery.Sent("outbox-" + b.id()),
                new Delivery.Sent("outbox-" + c.id()));
        assertThat(warnings).singleElement().asString()
                .contains("the console missed 2 alert(s) delivered to outbox", "closed pipe", b.id(), c.id())
                .doesNotContain(a.id());
    }

    @Test
    void aFollowerThatThrowsIsAWarningToo() {
        Scripted outbox = Scripted.sendingAll("outbox");
        Notifier throwing = new Notifier() {
            @Override
            public List<Delivery> publish(List<Alert> alerts) {
                throw new IllegalStateException("console gone");
            }

            @Override
            public String toString() {
                return "the console";
            }
        };

        List<Delivery> result = CompositeNotifier.of(warnings::add, outbox, throwing).publish(List.of(a));

        assertThat(result).containsExactly(new Delivery.Sent("outbox-" + a.id()));
        assertThat(warnings).singleElement().asString().contains("the console failed", "console gone");
    }

    @Test
    void nothingSentIsHandedToNoFollower() {
        Scripted outbox = new Scripted("outbox", x -> new Delivery.Failed("disk full"));
        Scripted console = Scripted.sendingAll("console");

        CompositeNotifier.of(warnings::add, outbox, console).publish(List.of(a, b));

        assertThat(console.received).isEmpty();
    }

    @Test
    void aRecordWithoutFollowersIsUsedAsItIs() {
        Scripted only = Scripted.sendingAll("only");

        assertThat(CompositeNotifier.of(warnings::add, only)).isSameAs(only);
    }
}
