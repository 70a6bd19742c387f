package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.Notifier.Delivery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxNotifierTest {
    @TempDir
    Path dir;

    @Test
    void appendsOneAlertJsonLinePerAlertAcrossRuns() throws IOException {
        Path outbox = dir.resolve("out").resolve("outbox.jsonl");
        Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert b = TestAlerts.price("btc-80k", "BTC-USD", "1");

        List<Delivery> first = new OutboxNotifier(outbox).publish(List.of(a));
        List<Delivery> second = new OutboxNotifier(outbox).publish(List.of(b));

        assertThat(first).singleElement().isInstanceOf(Delivery.Sent.class);
        assertThat(second).singleElement().isInstanceOf(Delivery.Sent.class);
        assertThat(Files.readAllLines(outbox)).containsExactly(AlertJson.write(a), AlertJson.write(b));
        assertThat(Files.readAllLines(outbox).stream().map(AlertJson::read)).containsExactly(a, b);
    }

    @Test
    void anOutboxThatCannotBeWrittenFailsEveryAlertNamingTheFile() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("a-directory"));

        List<Delivery> result = new OutboxNotifier(directory).publish(
                List.of(TestAlerts.price("iren-ytd", "IREN", "1"), TestAlerts.price("iren-ytd", "IREN", "2")));

        assertThat(result).hasSize(2).allSatisfy(d -> assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class,
                f -> assertThat(f.reason()).contains(directory.toString())));
    }
}
