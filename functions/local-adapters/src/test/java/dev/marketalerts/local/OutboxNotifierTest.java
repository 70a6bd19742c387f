package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.job.Notifier.Delivery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    void aLineLeftCutPartwayIsEndedSoTheAlertSentAgainIsAWholeLineOfItsOwn() throws IOException {
        Path outbox = dir.resolve("outbox.jsonl");
        Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
        String cut = AlertJson.write(a).substring(0, 40);
        Files.writeString(outbox, cut);

        List<Delivery> again = new OutboxNotifier(outbox).publish(List.of(a));

        assertThat(again).singleElement().isInstanceOf(Delivery.Sent.class);
        assertThat(Files.readAllLines(outbox)).containsExactly(cut, AlertJson.write(a));
    }

    @Test
    void anOutboxThatCannotBeWrittenFailsEveryAlertNamingTheFile() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("a-directory"));

        List<Delivery> result = new OutboxNotifier(directory).publish(
                List.of(TestAlerts.price("iren-ytd", "IREN", "1"), TestAlerts.price("iren-ytd", "IREN", "2")));

        assertThat(result).hasSize(2).allSatisfy(d -> assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class,
                f -> assertThat(f.reason()).contains(directory.toString())));
    }

    @Test
    void anOutboxUnderAFileCannotBeCreatedAndEveryAlertFails() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");

        List<Delivery> result = new OutboxNotifier(notADirectory.resolve("outbox.jsonl")).publish(
                List.of(TestAlerts.price("iren-ytd", "IREN", "1"), TestAlerts.price("iren-ytd", "IREN", "2")));

        assertThat(result).hasSize(2).allSatisfy(d -> assertThat(d).isInstanceOf(Delivery.Failed.class));
    }

    @Test
    void aFullDeviceTakesNoLineSoEveryAlertFails() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");

        List<Delivery> result = new OutboxNotifier(full).publish(
                List.of(TestAlerts.price("iren-ytd", "IREN", "1"), TestAlerts.price("iren-ytd", "IREN", "2")));

        assertThat(result).hasSize(2).allSatisfy(d -> assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class,
                f -> assertThat(f.reason()).contains("/dev/full")));
    }

    /**
     * A disk that fills after {@code lines} whole lines and {@code bytes} more (a write then takes what fits and the next
     * one fails), or whose fsync fails: the line being written when it fails may be in the file, the later ones are not.
     */
    @ParameterizedTest(name = "full after {0} line(s) and {1} byte(s), fsync fails: {2} -> {3}")
    @CsvSource({
            "0, 0,  false, Failed Failed Failed",
            "1, 0,  false, Sent Failed Failed",
            "1, 10, false, Sent Unknown Failed",
            "2, 1,  false, Sent Sent Unknown",
            "1, 0,  true,  Unknown Failed Failed",
    })
    void aWriteThatFailsPartwayLeavesItsLineUnknownAndTheLinesNotStartedFailed(int lines, int bytes, boolean fsyncFails, String outcomes)
            throws IOException {
        Path outbox = dir.resolve("outbox.jsonl");
        List<Alert> alerts = List.of(TestAlerts.price("iren-ytd", "IREN", "1"), TestAlerts.price("btc-80k", "BTC-USD", "1"),
                TestAlerts.price("hut-day", "HUT", "1"));
        byte[] all = alerts.stream().map(a -> AlertJson.write(a) + "\n").collect(Collectors.joining()).getBytes(StandardCharsets.UTF_8);
        long budget = alerts.stream().limit(lines).mapToLong(a -> (AlertJson.write(a) + "\n").getBytes(StandardCharsets.UTF_8).length).sum()
                + bytes;

        List<Delivery> result = new OutboxNotifier(outbox, f -> new FillingChannel(f, budget, fsyncFails)).publish(alerts);

        assertThat(result).extracting(d -> d.getClass().getSimpleName()).containsExactly(outcomes.split(" "));
        assertThat(Files.readAllBytes(outbox)).isEqualTo(Arrays.copyOf(all, (int) budget));
    }

    /** A real file channel on a disk with {@code budget} bytes free, whose fsync may fail. */
    private static final class FillingChannel extends FileChannel {
        private final FileChannel file;
        private final boolean fsyncFails;
        private long budget;

        FillingChannel(Path path, long budget, boolean fsyncFails) throws IOException {
            this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            this.budget = budget;
            this.fsyncFails = fsyncFails;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (budget == 0) {
                throw new IOException("No space left on device");
            }
            ByteBuffer fits = src.slice().limit((int) Math.min(budget, src.remaining()));
            int n = file.write(fits);
            src.position(src.position() + n);
            budget -= n;
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (fsyncFails) {
                throw new IOException("Input/output error");
            }
            file.force(metaData);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }
    }
}
