package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;
import dev.marketalerts.core.testing.RecordingNotifier;
import dev.marketalerts.core.testing.StaticEarningsCalendar;
import dev.marketalerts.core.testing.StaticPriceFeed;
import dev.marketalerts.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health incidents: one alert when a job goes blind or cannot deliver for three ticks, one when it recovers. */
class AlertJobHealthTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Instrument BTC = new Instrument("BTC-USD", Market.CRYPTO, "Bitcoin");
    private static final Instrument ETH = new Instrument("ETH-USD", Market.CRYPTO, "Ether");
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration TICK = Duration.ofMinutes(15);

    private final SettableClock clock = new SettableClock(T0);
    private final StaticPriceFeed prices = new StaticPriceFeed();
    private final InMemoryAlertStateStore store = new InMemoryAlertStateStore();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final List<Alert> incidents = new ArrayList<>();
    private int healthAfter = 3;

    private AlertJob job() throws Exception {
        RuleConfig btc = new RuleConfig("btc-high", List.of("BTC-USD"), ConditionParser.parse("price > 1000000"), null,
                Trigger.ON_CHANGE, null, null, Severity.INFO, null);
        RuleConfig eth = new RuleConfig("eth-high", List.of("ETH-USD"), ConditionParser.parse("price > 1000000"), null,
                Trigger.ON_CHANGE, null, null, Severity.INFO, null);
        AlertJob.JobListener listener = new AlertJob.JobListener() {
            @Override
            public void healthIncident(Alert alert) {
                incidents.add(alert);
            }
        };
        return new AlertJob(new AlertsConfig(NY, List.of(BTC, ETH), List.of(btc, eth), ProvidersConfig.defaults(), healthAfter),
                prices, new StaticEarningsCalendar(), store, notifier, clock,
                new AlertJob.DeliveryPolicy(Duration.ofMinutes(2), 2, Duration.ZERO), listener);
    }

    /** The next tick; {@code btc}/{@code eth} null plays a provider outage for that symbol. */
    private TickSummary tick(String btc, String eth) throws Exception {
        clock.set(clock.instant().plus(TICK));
        quote("BTC-USD", btc);
        quote("ETH-USD", eth);
        return job().run(JobKind.PRICE, clock.instant());
    }

    private void quote(String symbol, String price) {
        if (price == null) {
            prices.fail(symbol, "yahoo: HTTP 429, coingecko: connection refused");
        } else {
            prices.quote(symbol, price, clock.instant().minusSeconds(60));
        }
    }

    private static String compact(Instant t) {
        return t.toString().replace("-", "").replace(":", "");
    }

    private List<Alert> healthAlerts() {
        return notifier.published().stream().filter(a -> a.kind() == AlertKind.HEALTH).toList();
    }

    @Test
    void anOutageOfEveryProviderGivesOneCriticalAlertAfterTheThirdTickAndOneRecovery() throws Exception {
        List<Integer> healthSentPerTick = new ArrayList<>();
        Instant firstFailing = clock.instant().plus(TICK);
        for (int i = 0; i < 6; i++) {
            tick(null, null);
            healthSentPerTick.add(healthAlerts().size());
        }
        TickSummary recovered = tick("85000", "2500");
        tick("85000", "2500");
        tick("85000", "2500");

        assertThat(healthSentPerTick).containsExactly(0, 0, 1, 1, 1, 1);
        List<Alert> health = healthAlerts();
        assertThat(health).extracting(Alert::id).containsExactly(
                "health-price-data:*:health:since-" + compact(firstFailing),
                "health-price-data:*:health:recovered-" + compact(firstFailing));
        assertThat(health.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(health.get(0).symbol()).isEqualTo("*");
        assertThat(health.get(0).text()).contains("BTC-USD: prices failed: yahoo: HTTP 429").contains("ETH-USD");
        assertThat(health.get(1).severity()).isEqualTo(Severity.INFO);
        assertThat(recovered.openIncidents()).isZero();
        assertThat(incidents).hasSize(2);
    }

    @Test
    void oneBlindSymbolIsAWarningNamedForThatSymbol() throws Exception {
        for (int i = 0; i < 4; i++) {
            tick(null, "2500");
        }
        assertThat(healthAlerts()).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.symbol()).isEqualTo("BTC-USD");
            assertThat(a.rule()).isEqualTo("health-price-data");
        });
    }

    @Test
    void aStaleQuoteCountsAsNoDataAndSaysHowOldItIs() throws Exception {
        for (int i = 0; i < 3; i++) {
            clock.set(clock.instant().plus(TICK));
            prices.quote("BTC-USD", "85000", clock.instant().minus(Duration.ofMinutes(45)));
            quote("ETH-USD", "2500");
            TickSummary s = job().run(JobKind.PRICE, clock.instant());
            assertThat(s.unknowns()).singleElement().asString().isEqualTo("btc-high for BTC-USD: price unknown: quote 45 min old"
                    + " (crypto quotes count for " + Market.CRYPTO.staleness().toMinutes() + " min)");
        }
        assertThat(healthAlerts()).singleElement().satisfies(a -> assertThat(a.text()).contains("quote 45 min old"));
    }

    @Test
    void theEquityAndCryptoSchedulesSharingATickEachCountTheirOwn() throws Exception {
        Instrument nvda = new Instrument("NVDA", Market.US_EQUITY, "NVIDIA");
        RuleConfig nvdaRule = new RuleConfig("nvda-high", List.of("NVDA"), ConditionParser.parse("price > 1000000"), null,
                Trigger.ON_CHANGE, null, null, Severity.INFO, null);
        RuleConfig btcRule = new RuleConfig("btc-high", List.of("BTC-USD"), ConditionParser.parse("price > 1000000"), null,
                Trigger.ON_CHANGE, null, null, Severity.INFO, null);
        AlertJob job = new AlertJob(new AlertsConfig(NY, List.of(nvda, BTC), List.of(nvdaRule, btcRule), ProvidersConfig.defaults(), 3),
                prices, new StaticEarningsCalendar(), store, notifier, clock,
                new AlertJob.DeliveryPolicy(Duration.ofMinutes(2), 2, Duration.ZERO), AlertJob.JobListener.NONE);
        for (int i = 0; i < 3; i++) {
            clock.set(clock.instant().plus(TICK));
            prices.quote("NVDA", "180", clock.instant().minusSeconds(60));
            quote("BTC-USD", null);
            // Both schedules fire at the same scheduled time; the equity one happens to run first.
            job.run(JobKind.PRICE, clock.instant(), java.util.Set.of(Market.US_EQUITY));
            job.run(JobKind.PRICE, clock.instant(), java.util.Set.of(Market.CRYPTO));
        }

        assertThat(healthAlerts()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("health-price-crypto-data");
            assertThat(a.symbol()).isEqualTo("BTC-USD");
        });
    }

    @Test
    void copiesOfOneTickCountOnce() throws Exception {
        for (int i = 0; i < 2; i++) {
            TickSummary first = tick(null, null);
            // Two more copies of the very same scheduled tick (a retry and an overlapping delivery).
            job().run(JobKind.PRICE, first.scheduledTime());
            job().run(JobKind.PRICE, first.scheduledTime());
        }
        assertThat(healthAlerts()).isEmpty();
        tick(null, null);
        assertThat(healthAlerts()).hasSize(1);
    }

    @Test
    void afterZeroTurnsHealthAlertsOff() throws Exception {
        healthAfter = 0;
        for (int i = 0; i < 5; i++) {
            assertThat(tick(null, null).openIncidents()).isZero();
        }
        assertThat(healthAlerts()).isEmpty();
    }

    @Test
    void publishingFailingForThreeTicksIsAnIncidentDeliveredOncePublishingWorks() throws Exception {
        notifier.failWhen(a -> true);
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            open.add(tickWithAnAlert().openIncidents());
        }
        assertThat(open).containsExactly(0, 0, 1, 1);
        assertThat(incidents).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("health-price-delivery");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        });
        notifier.failWhen(a -> false);
        TickSummary healed = tickWithAnAlert();
        tickWithAnAlert();

        assertThat(healed.openIncidents()).isZero();
        assertThat(healthAlerts()).extracting(Alert::rule, Alert::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("health-price-delivery", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("health-price-delivery", Severity.INFO));
        // Every price alert of the failing ticks was kept and went out once.
        assertThat(notifier.published().stream().filter(a -> a.kind() == AlertKind.PRICE).map(Alert::id))
                .doesNotHaveDuplicates().hasSize(6);
    }

    /** A tick with an "always" rule on ETH, so every tick has a new alert to publish. */
    private TickSummary tickWithAnAlert() throws Exception {
        clock.set(clock.instant().plus(TICK));
        quote("ETH-USD", "2500");
        quote("BTC-USD", "85000");
        RuleConfig always = new RuleConfig("eth-always", List.of("ETH-USD"), ConditionParser.parse("price > 0"), null,
                Trigger.ALWAYS, null, null, Severity.INFO, null);
        AlertJob.JobListener listener = new AlertJob.JobListener() {
            @Override
            public void healthIncident(Alert alert) {
                incidents.add(alert);
            }
        };
        return new AlertJob(new AlertsConfig(NY, List.of(BTC, ETH), List.of(always), ProvidersConfig.defaults(), healthAfter),
                prices, new StaticEarningsCalendar(), store, notifier, clock,
                new AlertJob.DeliveryPolicy(Duration.ofMinutes(2), 2, Duration.ZERO), listener).run(JobKind.PRICE, clock.instant());
    }

    @Test
    void healthStateRoundTripsAndRejectsWrongTypes() {
        HealthState state = new HealthState(T0, Map.of("NVDA", new HealthState.Streak(2, T0.minusSeconds(900), "yahoo: HTTP 429")),
                new HealthState.Streak(1, T0, "SNS: AuthorizationError"),
                new HealthState.Incident(T0.minusSeconds(1800), "*", Severity.CRITICAL, List.of("BTC-USD", "ETH-USD")), null);

        assertThat(HealthState.fromJson(state.toJson())).isEqualTo(state);
        assertThat(HealthState.fromJson(HealthState.INITIAL.toJson())).isEqualTo(HealthState.INITIAL);
        String wrongType = state.toJson().replace("\"ticks\":2", "\"ticks\":\"2\"");
        assertThatThrownBy(() -> HealthState.fromJson(wrongType)).hasMessage("field 'missing.NVDA.ticks' is not a positive integer");
        assertThatThrownBy(() -> HealthState.fromJson("{\"lastTick\":null}")).hasMessage("field 'missing' is missing");
    }
}
