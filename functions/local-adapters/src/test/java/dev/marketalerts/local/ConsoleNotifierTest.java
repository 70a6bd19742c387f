package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertFormats;
import dev.marketalerts.core.job.Notifier.Delivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleNotifierTest {

    @Test
    void printsOneReadableLinePerAlertWithSequentialLocalMessageIds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleNotifier notifier = new ConsoleNotifier(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert b = TestAlerts.price("btc-80k", "BTC-USD", "1");

        List<Delivery> first = notifier.publish(List.of(a, b));
        List<Delivery> second = notifier.publish(List.of(a));

        assertThat(first).containsExactly(new Delivery.Sent("local-1"), new Delivery.Sent("local-2"));
        assertThat(second).containsExactly(new Delivery.Sent("local-3"));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(AlertFormats.line(a), AlertFormats.line(b), AlertFormats.line(a));
    }

    @Test
    void aStreamThatCannotBeWrittenFailsTheAlert() {
        PrintStream broken = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        }, true, StandardCharsets.UTF_8);

        assertThat(new ConsoleNotifier(broken).publish(List.of(TestAlerts.price("iren-ytd", "IREN", "1"))))
                .singleElement().isInstanceOf(Delivery.Failed.class);
    }
}
