package dev.marketalerts.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.aws.testing.EmulatorTest;
import dev.marketalerts.aws.testing.Emulators;
import dev.marketalerts.aws.testing.SnsSqsFixture;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.testing.StaticEarningsCalendar;
import dev.marketalerts.core.testing.StaticPriceFeed;
import dev.marketalerts.core.time.SettableClock;
import dev.marketalerts.local.FileAlertStateStore;
import dev.marketalerts.local.OutboxNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An outage of every provider, played by stub feeds, through the real stores and notifiers: exactly one health alert
 * after the third failing tick and one recovery alert, on the file store with the outbox and on dynalite with SNS on
 * fauxqs (received by an SQS subscriber whose filter policy selects {@code kind: health}).
 */
class HealthIncidentsTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration TICK = Duration.ofMinutes(15);

    private final SettableClock clock = new SettableClock(T0);
    private final StaticPriceFeed prices = new StaticPriceFeed();

    private static AlertsConfig config() throws Exception {
        RuleConfig btc = new RuleConfig("btc-80k", List.of("BTC-USD"), ConditionParser.parse("price crosses below 80000"), null,
                Trigger.ON_CHANGE, null, null, Severity.WARNING, null);
        RuleConfig eth = new RuleConfig("eth-2k", List.of("ETH-USD"), ConditionParser.parse("price < 2000"), null,
                Trigger.ON_CHANGE, null, null, Severity.INFO, null);
        return new AlertsConfig(NY, List.of(new Instrument("BTC-USD", Market.CRYPTO, "Bitcoin"),
                new Instrument("ETH-USD", Market.CRYPTO, "Ether")), List.of(btc, eth), ProvidersConfig.defaults(), 3);
    }

    /** Six ticks with every provider down, then three healthy ones; returns the first failing tick's time. */
    private Instant outageThenRecovery(AlertStateStore store, Notifier notifier) throws Exception {
        AlertJob job = new AlertJob(config(), prices, new StaticEarningsCalendar(), store, notifier, clock,
                new AlertJob.DeliveryPolicy(AlertJob.DEFAULT_LEASE, 2, Duration.ZERO), AlertJob.JobListener.NONE);
        Instant first = null;
        for (int i = 0; i < 9; i++) {
            clock.set(clock.instant().plus(TICK));
            first = first == null ? clock.instant() : first;
            if (i < 6) {
                prices.fail("BTC-USD", "yahoo: HTTP 429; coingecko: connection refused")
                        .fail("ETH-USD", "yahoo: HTTP 429; coingecko: connection refused");
            } else {
                prices.quote("BTC-USD", "85000", clock.instant().minusSeconds(30)).quote("ETH-USD", "2500", clock.instant().minusSeconds(30));
            }
            job.run(JobKind.PRICE, clock.instant());
        }
        return first;
    }

    private static String compact(Instant t) {
        return t.toString().replace("-", "").replace(":", "");
    }

    private static void assertOneIncidentAndOneRecovery(List<JsonNode> health, Instant firstFailingTick) {
        String since = compact(firstFailingTick);
        assertThat(health).extracting(a -> a.get("id").asText()).containsExactly(
                "health-price-data:*:health:since-" + since, "health-price-data:*:health:recovered-" + since);
        assertThat(health).extracting(a -> a.get("severity").asText()).containsExactly("critical", "info");
        assertThat(health.get(0).get("triggeredAt").asText()).isEqualTo(firstFailingTick.plus(TICK.multipliedBy(2)).toString());
        assertThat(health.get(1).get("triggeredAt").asText()).isEqualTo(firstFailingTick.plus(TICK.multipliedBy(6)).toString());
    }

    @Test
    void onTheFileStoreWithTheOutbox(@TempDir Path dir) throws Exception {
        Path outbox = dir.resolve("outbox.jsonl");

        Instant first = outageThenRecovery(FileAlertStateStore.open(dir.resolve("state")), new OutboxNotifier(outbox));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(outbox)) {
            lines.add(SnsSqsFixture.json(line));
        }
        assertOneIncidentAndOneRecovery(lines.stream().filter(a -> a.get("kind").asText().equals("health")).toList(), first);
        assertThat(lines).allSatisfy(a -> assertThat(a.get("kind").asText()).isEqualTo("health"));
    }

    @Test
    @EmulatorTest
    void onDynamoDbAndSnsWithAFilteredSubscriber(Emulators emulators) throws Exception {
        try (AwsClients clients = AwsClients.withCredentials(Map.of("AWS_REGION", "us-east-1",
                     "AWS_ENDPOINT_URL_DYNAMODB", emulators.dynalite().endpoint().toString(),
                     "AWS_ENDPOINT_URL_SNS", emulators.fauxqs().endpoint().toString()),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
             SnsSqsFixture queues = new SnsSqsFixture(clients.sns(), emulators.fauxqs().endpoint())) {
            DynamoAlertStateStore.createTable(clients.dynamoDb(), "health-state");
            String topic = clients.sns().createTopic(b -> b.name("health-alerts")).topicArn();
            String healthOnly = queues.subscribedQueue(topic, "health-only", "{\"kind\":[\"health\"]}").url();

            Instant first = outageThenRecovery(new DynamoAlertStateStore(clients.dynamoDb(), "health-state"),
                    new SnsNotifier(clients.sns(), topic));

            assertOneIncidentAndOneRecovery(queues.receiveAlerts(healthOnly, 2), first);
        }
    }
}
