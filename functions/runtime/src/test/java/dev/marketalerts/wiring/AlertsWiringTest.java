package dev.marketalerts.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.aws.AwsClients;
import dev.marketalerts.aws.DynamoAlertStateStore;
import dev.marketalerts.aws.SnsNotifier;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.AlertSource;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.local.CompositeNotifier;
import dev.marketalerts.local.ConsoleNotifier;
import dev.marketalerts.local.FileAlertStateStore;
import dev.marketalerts.marketdata.KeyResolver;
import dev.marketalerts.marketdata.replay.ReplayMarketData;
import dev.marketalerts.wiring.AlertsWiring.DataSpec;
import dev.marketalerts.wiring.AlertsWiring.NotifierSpec;
import dev.marketalerts.wiring.AlertsWiring.StateSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class AlertsWiringTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-25T23:00:00Z"), ZoneOffset.UTC);
    private static final AlertsConfig CONFIG = new AlertsConfig(ZoneId.of("America/New_York"), List.of(Instrument.equity("NVDA")), List.of(), null);
    /** Clients aimed at a closed local port: building them touches no network. */
    private static final Map<String, String> AWS_ENV = Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:9");

    @TempDir
    Path dir;

    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private final List<String> warnings = new ArrayList<>();
    private final Supplier<AwsClients> countingClients = () -> {
        clientsBuilt.incrementAndGet();
        return AwsClients.withCredentials(AWS_ENV, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    };

    private AlertsWiring wiring(Map<String, String> env) {
        return new AlertsWiring(env, CLOCK, countingClients);
    }

    @Test
    void stateSpecWithDynamodbPrefixNamesATable() {
        assertThat(StateSpec.parse("dynamodb:market-alerts-state", dir)).isEqualTo(new StateSpec.DynamoDb("market-alerts-state"));
    }

    @ParameterizedTest
    @ValueSource(strings = {".alerts", "state/dir", "../elsewhere"})
    void anyOtherStateSpecIsADirectoryUnderTheBase(String spec) {
        assertThat(StateSpec.parse(spec, dir)).isEqualTo(new StateSpec.Directory(dir.resolve(spec).normalize()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb:", "dynamodb:  ", ""})
    void emptyTableOrLocationIsRejected(String spec) {
        assertThatThrownBy(() -> StateSpec.parse(spec, dir)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicThatIsNotAnArnIsRejected() {
        assertThatThrownBy(() -> new NotifierSpec.Sns("market-alerts")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arn:");
    }

    @Test
    void directoryStateIsTheEmbeddedFileStoreAndNeedsNoAws() {
        try (AlertsWiring w = wiring(Map.of())) {
            assertThat(w.stateStore(new StateSpec.Directory(dir.resolve("state")))).isInstanceOf(FileAlertStateStore.class);
        }
        assertThat(dir.resolve("state")).isDirectory();
        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void dynamodbStateIsTheDynamoStoreOnThatTable() {
        try (AlertsWiring w = wiring(AWS_ENV)) {
            assertThat(w.stateStore(new StateSpec.DynamoDb("alerts-state")))
                    .isInstanceOfSatisfying(DynamoAlertStateStore.class, s -> assertThat(s.table()).isEqualTo("alerts-state"));
        }
        assertThat(clientsBuilt).hasValue(1);
    }

    @Test
    void topicArnPublishesThroughSns() {
        try (AlertsWiring w = wiring(AWS_ENV)) {
            assertThat(w.notifier(new NotifierSpec.Sns("arn:aws:sns:us-east-1:123456789012:market-alerts"))).isInstanceOf(SnsNotifier.class);
        }
    }

    @Test
    void withoutOutboxAlertsGoToTheConsoleOnly() {
        try (AlertsWiring w = wiring(Map.of())) {
            assertThat(w.notifier(new NotifierSpec.Local(new PrintStream(new ByteArrayOutputStream()), null, warnings::add)))
                    .isInstanceOf(ConsoleNotifier.class);
        }
        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void withOutboxEachAlertIsAppendedAsJsonAndPrinted() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path outbox = dir.resolve("out/outbox.jsonl");
        Notifier notifier;
        try (AlertsWiring w = wiring(Map.of())) {
            notifier = w.notifier(new NotifierSpec.Local(new PrintStream(console, true, StandardCharsets.UTF_8), outbox, warnings::add));
        }

        List<Notifier.Delivery> deliveries = notifier.publish(List.of(alert()));

        assertThat(notifier).isInstanceOf(CompositeNotifier.class);
        assertThat(deliveries).singleElement().isInstanceOf(Notifier.Delivery.Sent.class);
        assertThat(Files.readAllLines(outbox)).singleElement().asString().startsWith("{\"version\":1,\"id\":\"r:NVDA:price:n1\"");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("NVDA above 200");
    }

    @Test
    void withOutboxAConsoleThatCannotBeWrittenIsAWarningAndTheAlertIsDeliveredToTheOutboxOnce() throws IOException {
        PrintStream closedPipe = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, true, StandardCharsets.UTF_8);
        Path outbox = dir.resolve("outbox.jsonl");
        Notifier notifier;
        try (AlertsWiring w = wiring(Map.of())) {
            notifier = w.notifier(new NotifierSpec.Local(closedPipe, outbox, warnings::add));
        }

        List<Notifier.Delivery> deliveries = notifier.publish(List.of(alert()));

        assertThat(closedPipe.checkError()).isTrue();
        assertThat(deliveries).singleElement().isInstanceOf(Notifier.Delivery.Sent.class);
        assertThat(Files.readAllLines(outbox)).singleElement().asString().contains("\"id\":\"r:NVDA:price:n1\"");
        assertThat(warnings).singleElement().asString().contains("the console", "r:NVDA:price:n1", outbox.toString());
    }

    @Test
    void withoutOutboxAConsoleThatCannotBeWrittenFailsTheAlert() {
        PrintStream closedPipe = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, true, StandardCharsets.UTF_8);
        Notifier notifier;
        try (AlertsWiring w = wiring(Map.of())) {
            notifier = w.notifier(new NotifierSpec.Local(closedPipe, null, warnings::add));
        }

        assertThat(notifier.publish(List.of(alert()))).singleElement().isInstanceOf(Notifier.Delivery.Failed.class);
    }

    @Test
    void replayDirectoryServesBothPorts() throws IOException {
        Files.writeString(dir.resolve("NVDA.csv"), "Date,Open,High,Low,Close,Volume\n2026-02-24,190,192,188,191,1000\n");

        AlertsWiring.MarketData data;
        try (AlertsWiring w = wiring(Map.of())) {
            data = w.marketData(CONFIG, new DataSpec.Replay(dir));
        }

        assertThat(data.replay()).isNotNull();
        assertThat(data.prices()).isSameAs(data.replay());
        assertThat(data.earnings()).isSameAs(data.replay());
    }

    @Test
    void healthIncidentsWatchLiveProvidersOnlyNeverReplays() throws IOException {
        Files.writeString(dir.resolve("NVDA.csv"), "Date,Open,High,Low,Close,Volume\n2026-02-24,190,192,188,191,1000\n");
        try (AlertsWiring w = wiring(Map.of())) {
            dev.marketalerts.core.job.AlertStateStore store = new dev.marketalerts.core.testing.InMemoryAlertStateStore();
            Notifier none = alerts -> List.of();
            assertThat(w.job(CONFIG, w.marketData(CONFIG, new DataSpec.Replay(dir)), store, none, null).config().healthAfter()).isZero();
            assertThat(w.job(CONFIG, w.marketData(CONFIG, new DataSpec.Live()), store, none, null).config().healthAfter())
                    .isEqualTo(CONFIG.healthAfter()).isPositive();
        }
    }

    @Test
    void liveDataUsesTheProviderChainsAndNoAwsOutsideLambda() {
        AlertsWiring.MarketData data;
        try (AlertsWiring w = wiring(Map.of())) {
            data = w.marketData(CONFIG, new DataSpec.Live());
            assertThat(w.keyResolver()).isSameAs(KeyResolver.LOCAL);
        }

        assertThat(data.replay()).isNull();
        assertThat(data.prices()).isNotInstanceOf(ReplayMarketData.class);
        assertThat(data.earnings()).isNotInstanceOf(ReplayMarketData.class);
        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void inLambdaKeyReferencesGoToTheSecretResolver() {
        try (AlertsWiring w = wiring(Map.of("AWS_LAMBDA_FUNCTION_NAME", "price-alerts"))) {
            assertThat(w.inLambda()).isTrue();
            assertThat(w.keyResolver()).isNotSameAs(KeyResolver.LOCAL);
        }
    }

    @Test
    void wireBuildsTheJobOverTheChosenAdapters() {
        try (AlertsWiring w = wiring(Map.of())) {
            AlertsWiring.Wired wired = w.wire(CONFIG, new DataSpec.Live(), new StateSpec.Directory(dir),
                    new NotifierSpec.Local(new PrintStream(new ByteArrayOutputStream()), null, warnings::add), null);

            assertThat(wired.job().config()).isSameAs(CONFIG);
            assertThat(wired.store()).isInstanceOf(FileAlertStateStore.class);
            assertThat(wired.notifier()).isInstanceOf(ConsoleNotifier.class);
        }
    }

    private static Alert alert() {
        return new Alert(Alert.VERSION, "r:NVDA:price:n1", "r", "NVDA", AlertKind.PRICE, Severity.INFO, "NVDA above 200", "text",
                Instant.parse("2026-02-25T21:05:00Z"), Map.of(), new AlertSource("replay", Instant.parse("2026-02-25T21:00:00Z")));
    }
}
