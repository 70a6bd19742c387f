package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.EarningsRule;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.rules.Rearm;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.rules.Rearm;
import dev.marketalerts.core.testing.ForwardingAlertStateStore;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;
import dev.marketalerts.core.testing.RecordingNotifier;
import dev.marketalerts.core.testing.StaticEarningsCalendar;
import dev.marketalerts.core.testing.StaticPriceFeed;
import dev.marketalerts.core.time.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertJobTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Instrument BTC = new Instrument("BTC-USD", Market.CRYPTO, "Bitcoin");
    private static final Instrument NVDA = new Instrument("NVDA", Market.US_EQUITY, "NVIDIA");
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final StaticPriceFeed prices = new StaticPriceFeed();
    private final StaticEarningsCalendar earnings = new StaticEarningsCalendar();
    private final InMemoryAlertStateStore store = new InMemoryAlertStateStore();
    private final RecordingNotifier notifier = new RecordingNotifier();

    private static RuleConfig btc80k() throws Exception {
        return new RuleConfig("btc-80k", List.of("BTC-USD"), ConditionParser.parse("price crosses below 80000"), null,
                Trigger.ON_CHANGE, new Rearm(new BigDecimal("0.02"), true), null, Severity.WARNING, null);
    }

    private AlertJob job(RuleConfig... rules) {
        return new AlertJob(new AlertsConfig(NY, List.of(BTC, NVDA), List.of(rules), ProvidersConfig.defaults()),
                prices, earnings, store, notifier, clock);
    }

    /** One price tick, a minute after the previous, with BTC quoted at {@code price} a minute ago. */
    private TickSummary tick(AlertJob job, String price) {
        clock.set(clock.instant().plus(Duration.ofMinutes(15)));
        prices.quote("BTC-USD", price, clock.instant().minusSeconds(60));
        return job.run(JobKind.PRICE, clock.instant());
    }

    @Test
    void crossingBelowFiresOnceUntilRearmedPastTheBand() throws Exception {
        AlertJob job = job(btc80k());
        StringBuilder fired = new StringBuilder();
        for (String p : List.of("81000", "79900", "79000", "81000", "79500", "81600", "80500", "79999.99", "79000")) {
            fired.append(tick(job, p).sent());
        }
        // 81000 first (no previous: unknown), 79900 crosses (1), 81000 is inside the 2% band (81600) so
        // 79500 does not fire; 81600 re-arms; 79999.99 crosses again (2).
        assertThat(fired.toString()).isEqualTo("010000010");
        assertThat(notifier.ids()).containsExactly("btc-80k:BTC-USD:price:n1", "btc-80k:BTC-USD:price:n2");
        Alert first = notifier.published().get(0);
        assertThat(first.severity()).isEqualTo(Severity.WARNING);
        assertThat(first.title()).isEqualTo("BTC-USD crossed below 80000 (79900)");
        assertThat(first.observed()).containsEntry("price", new BigDecimal("79900")).containsEntry("condition", "price crosses below 80000");
        assertThat(first.source().provider()).isEqualTo("test");
    }

    @Test
    void theSameTickReplayedSendsNothingTheSecondTime() throws Exception {
        AlertJob job = job(btc80k());
        tick(job, "81000");
        prices.quote("BTC-USD", "79000", clock.instant());
        clock.set(clock.instant().plusSeconds(60));
        TickSummary first = job.run(JobKind.PRICE, clock.instant());
        // A retry of the same tick re-reads the state saved by the first run: nothing new to send.
        TickSummary again = job.run(JobKind.PRICE, clock.instant());
        assertThat(first.sent()).isEqualTo(1);
        assertThat(again.sent()).isZero();
        assertThat(notifier.published()).hasSize(1);
    }

    @Test
    void aConcurrentCopyOfTheTickFindsTheClaimAndSendsNothing() throws Exception {
        AlertJob job = job(btc80k());
        tick(job, "81000");
        RuleKey key = new RuleKey("btc-80k", "BTC-USD");
        RuleState before = store.ruleStates(List.of(key)).get(key);
        prices.quote("BTC-USD", "79000", clock.instant());
        TickSummary a = job.run(JobKind.PRICE, clock.instant());
        // The other copy read the state before the first one saved it, so it derives the same episode.
        store.saveRuleState(key, before);
        TickSummary b = job.run(JobKind.PRICE, clock.instant());
        assertThat(a.sent()).isEqualTo(1);
        assertThat(b.sent()).isZero();
        assertThat(b.duplicates()).isEqualTo(1);
        assertThat(notifier.published()).hasSize(1);
    }

    @Test
    void aFailedPublishIsRetriedByTheNextTickWithTheSameId() throws Exception {
        AlertJob job = job(btc80k());
        tick(job, "81000");
        notifier.failWhen(a -> true);
        TickSummary failedTick = tick(job, "79000");
        assertThat(failedTick.failed()).isEqualTo(1);
        assertThat(failedTick.hasFailures()).isTrue();
        assertThat(failedTick.problems()).singleElement().asString().contains("btc-80k:BTC-USD:price:n1").contains("refused by test");
        notifier.failWhen(a -> false);
        // The price stays below: the crossing is still measured against 81000, so the same episode fires now.
        TickSummary retry = tick(job, "79000");
        assertThat(retry.sent()).isEqualTo(1);
        assertThat(notifier.ids()).containsExactly("btc-80k:BTC-USD:price:n1");
    }

    @Test
    void aCrashAfterTheClaimIsDeliveredByTheNextTickEvenIfTheConditionIsGone() throws Exception {
        AlertJob job = job(btc80k());
        tick(job, "81000");
        notifier.crashNextPublish(new IllegalStateException("killed"));
        assertThatThrownBy(() -> tick(job, "79000")).hasMessage("killed");
        assertThat(store.isPending("btc-80k:BTC-USD:price:n1")).isTrue();
        // Price is back above: no new crossing, but the claimed alert is not lost.
        TickSummary next = tick(job, "82000");
        assertThat(next.sent()).isEqualTo(1);
        assertThat(notifier.ids()).containsExactly("btc-80k:BTC-USD:price:n1");
        assertThat(store.isPending("btc-80k:BTC-USD:price:n1")).isFalse();
        assertThat(tick(job, "82000").sent()).isZero();
    }

    @Test
    void aClaimStillUnderLeaseIsNotRedelivered() throws Exception {
        AlertJob job = new AlertJob(new AlertsConfig(NY, List.of(BTC), List.of(btc80k()), ProvidersConfig.defaults()),
                prices, earnings, store, notifier, clock, new AlertJob.DeliveryPolicy(Duration.ofMinutes(30), 2, Duration.ZERO), AlertJob.JobListener.NONE);
        tick(job, "81000");
        notifier.crashNextPublish(new IllegalStateException("killed"));
        assertThatThrownBy(() -> tick(job, "79000")).hasMessage("killed");
        assertThat(tick(job, "82000").sent()).isZero();
        assertThat(tick(job, "82000").sent()).isEqualTo(1);
    }

    @Test
    void anUnreachableStoreStopsTheTickBeforeAnythingIsSent() throws Exception {
        AlertJob job = job(btc80k());
        tick(job, "81000");
        store.goDown();
        assertThatThrownBy(() -> tick(job, "79000")).isInstanceOf(StateStoreException.class);
        assertThat(notifier.published()).isEmpty();
    }

    @Test
    void aProviderFailureIsReportedAndOtherSymbolsStillEvaluate() throws Exception {
        RuleConfig nvdaLow = new RuleConfig("nvda-low", List.of("NVDA"), ConditionParser.parse("price < 100"), null,
                Trigger.ON_CHANGE, null, null, Severity.INFO, null);
        AlertJob job = job(btc80k(), nvdaLow);
        prices.fail("NVDA", "yahoo: HTTP 429, finnhub: no api-key");
        TickSummary summary = tick(job, "81000");
        assertThat(summary.evaluated()).isEqualTo(1);
        assertThat(summary.problems()).containsExactly("prices for NVDA: yahoo: HTTP 429, finnhub: no api-key");
        assertThat(summary.hasFailures()).isTrue();
    }

    /** What a listener saw: rule, result, observed values, fired. */
    private record Seen(String rule, String result, java.util.Map<String, BigDecimal> observed, boolean fired) {
    }

    private List<Seen> decisionsSeenBy(boolean explains, String... btcPrices) throws Exception {
        RuleConfig nvdaLow = new RuleConfig("nvda-low", List.of("NVDA"), ConditionParser.parse("price < 100"), null,
                Trigger.ON_CHANGE, null, null, Severity.INFO, null);
        List<Seen> seen = new java.util.ArrayList<>();
        AlertJob.JobListener listener = new AlertJob.JobListener() {
            @Override
            public void decided(RuleConfig rule, String symbol, dev.marketalerts.core.rules.Evaluation e, boolean fired) {
                seen.add(new Seen(rule.id(), e.result().name(), e.observed(), fired));
            }

            @Override
            public boolean explainsDecisions() {
                return explains;
            }
        };
        AlertJob job = new AlertJob(new AlertsConfig(NY, List.of(BTC, NVDA), List.of(btc80k(), nvdaLow), ProvidersConfig.defaults()),
                prices, earnings, store, notifier, clock, new AlertJob.DeliveryPolicy(Duration.ofMinutes(30), 2, Duration.ZERO), listener);
        for (String price : btcPrices) {
            clock.set(clock.instant().plus(Duration.ofMinutes(15)));
            prices.quote("NVDA", price.equals("79000") ? "99.5" : "180.25", clock.instant().minusSeconds(60));
            tick(job, price);
        }
        return seen;
    }

    @Test
    void anExplainingListenerSeesTheObservedValuesOfEveryDecision() throws Exception {
        assertThat(decisionsSeenBy(true, "81000", "79000")).containsExactly(
                new Seen("btc-80k", "UNKNOWN", java.util.Map.of("price", new BigDecimal("81000")), false),
                new Seen("nvda-low", "FALSE", java.util.Map.of("price", new BigDecimal("180.25")), false),
                new Seen("btc-80k", "TRUE", java.util.Map.of("price", new BigDecimal("79000")), true),
                new Seen("nvda-low", "TRUE", java.util.Map.of("price", new BigDecimal("99.5")), true));
    }

    @Test
    void otherwiseOnlyHeldConditionsAndCrossingsAreExplainedAndTheAlertsAreTheSame() throws Exception {
        List<Seen> quiet = decisionsSeenBy(false, "81000", "79000");
        List<Alert> alerts = notifier.published();

        assertThat(quiet).containsExactly(
                new Seen("btc-80k", "UNKNOWN", java.util.Map.of("price", new BigDecimal("81000")), false),
                new Seen("nvda-low", "FALSE", java.util.Map.of(), false),
                new Seen("btc-80k", "TRUE", java.util.Map.of("price", new BigDecimal("79000")), true),
                new Seen("nvda-low", "TRUE", java.util.Map.of("price", new BigDecimal("99.5")), true));
        assertThat(alerts).extracting(Alert::id).containsExactly("btc-80k:BTC-USD:price:n1", "nvda-low:NVDA:price:n1");
        assertThat(alerts.get(1).observed()).containsEntry("price", new BigDecimal("99.5"));
    }

    @Test
    void thePriceJobCanBeLimitedToOneMarket() throws Exception {
        RuleConfig nvdaLow = new RuleConfig("nvda-low", List.of("NVDA"), ConditionParser.parse("price < 100"), null,
                Trigger.ON_CHANGE, null, null, Severity.INFO, null);
        AlertJob job = job(btc80k(), nvdaLow);
        prices.fail("NVDA", "must not be asked");
        prices.quote("BTC-USD", "81000", clock.instant());
        TickSummary summary = job.run(JobKind.PRICE, clock.instant(), Set.of(Market.CRYPTO));
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.evaluated()).isEqualTo(1);
    }

    @Test
    void earningsJobSendsEachReminderOnceAcrossBothRunsOfTheDay() {
        RuleConfig rule = new RuleConfig("big-tech-earnings", List.of("NVDA"), null,
                new EarningsRule(List.of(7, 1, 0), true, new BigDecimal("0.05")), null, null, null, Severity.INFO, null);
        AlertJob job = job(rule);
        earnings.set(new EarningsEvent("NVDA", LocalDate.of(2026, 2, 25), EarningsSession.AMC, null, new BigDecimal("1.52"), null, true, "replay"));
        clock.set(LocalDate.of(2026, 2, 18).atTime(7, 0).atZone(NY).toInstant());
        TickSummary morning = job.run(JobKind.EARNINGS, clock.instant());
        clock.set(LocalDate.of(2026, 2, 18).atTime(18, 0).atZone(NY).toInstant());
        TickSummary evening = job.run(JobKind.EARNINGS, clock.instant());
        assertThat(morning.sent()).isEqualTo(1);
        assertThat(evening.sent()).isZero();
        assertThat(evening.duplicates()).isEqualTo(1);
        assertThat(store.earningsSnapshot("NVDA")).get().extracting(EarningsSnapshot::date).isEqualTo(LocalDate.of(2026, 2, 25));
    }

    @Test
    void aFailedDateChangeIsNotForgotten() {
        RuleConfig rule = new RuleConfig("big-tech-earnings", List.of("NVDA"), null,
                new EarningsRule(List.of(), true, null), null, null, null, Severity.INFO, null);
        AlertJob job = job(rule);
        store.saveEarningsSnapshot(new EarningsSnapshot("NVDA", LocalDate.of(2026, 2, 25), true, "replay", null));
        earnings.set(new EarningsEvent("NVDA", LocalDate.of(2026, 2, 26), EarningsSession.AMC, null, null, null, true, "replay"));
        clock.set(LocalDate.of(2026, 2, 10).atTime(7, 0).atZone(NY).toInstant());
        notifier.failWhen(a -> true);
        assertThat(job.run(JobKind.EARNINGS, clock.instant()).failed()).isEqualTo(1);
        notifier.failWhen(a -> false);
        clock.set(LocalDate.of(2026, 2, 10).atTime(18, 0).atZone(NY).toInstant());
        assertThat(job.run(JobKind.EARNINGS, clock.instant()).sentAlerts()).extracting(Alert::kind)
                .containsExactly(AlertKind.EARNINGS_DATE_CHANGE);
    }

    @Test
    void anEarningsProviderFailureIsAProblemNotACrash() {
        RuleConfig rule = new RuleConfig("big-tech-earnings", List.of("NVDA"), null,
                new EarningsRule(List.of(7), false, null), null, null, null, Severity.INFO, null);
        earnings.fail("nasdaq: data null");
        TickSummary s = job(rule).run(JobKind.EARNINGS, clock.instant());
        assertThat(s.problems()).containsExactly("earnings calendar: nasdaq: data null");
        assertThat(s.sent()).isZero();
    }

    @Test
    void aDailyRuleDoesNotFireAgainOnAHolidayTick() throws Exception {
        RuleConfig bigDay = new RuleConfig("nvda-big-day", List.of("NVDA"), ConditionParser.parse("abs(change(1d)) >= 8%"), null,
                Trigger.DAILY, null, null, Severity.INFO, null);
        AlertJob job = job(bigDay);
        // Thu 2026-01-15 close 100, Fri 2026-01-16 close 110 (+10%). Mon 2026-01-19 is Martin Luther King Jr. Day.
        prices.bars("NVDA", List.of(
                dev.marketalerts.core.market.DailyBar.close(LocalDate.of(2026, 1, 15), new BigDecimal("100")),
                dev.marketalerts.core.market.DailyBar.close(LocalDate.of(2026, 1, 16), new BigDecimal("110"))));
        Instant fridayClose = LocalDate.of(2026, 1, 16).atTime(16, 0).atZone(NY).toInstant();
        prices.quote("NVDA", "110", fridayClose);
        clock.set(fridayClose.plusSeconds(300));
        assertThat(job.run(JobKind.PRICE, clock.instant()).sentAlerts()).extracting(Alert::id)
                .containsExactly("nvda-big-day:NVDA:price:2026-01-16");
        // The holiday's 16:05 tick still sees Friday's closing print (no session opened since): same exchange day.
        clock.set(LocalDate.of(2026, 1, 19).atTime(16, 5).atZone(NY).toInstant());
        TickSummary holiday = job.run(JobKind.PRICE, clock.instant());
        assertThat(holiday.evaluated()).isEqualTo(1);
        assertThat(holiday.sent()).isZero();
        assertThat(notifier.published()).hasSize(1);
    }

    @Test
    void aChangeSinceTheLastEarningsReadsTheDateTheEarningsJobStored() throws Exception {
        RuleConfig afterEarnings = new RuleConfig("nvda-post-earnings", List.of("NVDA"),
                ConditionParser.parse("change_since(last_earnings) <= -10%"), null, Trigger.DAILY, null, null, Severity.INFO, null);
        // Reported on Wed 2026-01-14: the reference is Tue 2026-01-13's close.
        store.saveEarningsSnapshot(new EarningsSnapshot("NVDA", LocalDate.of(2026, 4, 22), false, "replay", LocalDate.of(2026, 1, 14)));
        prices.bars("NVDA", List.of(
                dev.marketalerts.core.market.DailyBar.close(LocalDate.of(2026, 1, 13), new BigDecimal("200")),
                dev.marketalerts.core.market.DailyBar.close(LocalDate.of(2026, 1, 16), new BigDecimal("170"))));
        Instant fridayClose = LocalDate.of(2026, 1, 16).atTime(16, 0).atZone(NY).toInstant();
        prices.quote("NVDA", "170", fridayClose);
        clock.set(fridayClose.plusSeconds(300));

        assertThat(job(afterEarnings).run(JobKind.PRICE, clock.instant()).sentAlerts()).extracting(Alert::title)
                .containsExactly("NVDA down 15.0% since last earnings");
    }

    @Test
    void rulesThatDoNotReadTheLastEarningsDateLeaveTheEarningsSnapshotsUnread() throws Exception {
        RuleConfig sinceNewYear = new RuleConfig("nvda-ytd", List.of("NVDA"),
                ConditionParser.parse("change_since(2026-01-02) <= -10%"), null, Trigger.DAILY, null, null, Severity.INFO, null);
        List<String> read = new ArrayList<>();
        var watched = new ForwardingAlertStateStore(store) {
            @Override
            public Optional<EarningsSnapshot> earningsSnapshot(String symbol) {
                read.add(symbol);
                return super.earningsSnapshot(symbol);
            }
        };
        prices.quote("NVDA", "170", clock.instant());
        new AlertJob(new AlertsConfig(NY, List.of(BTC, NVDA), List.of(sinceNewYear), ProvidersConfig.defaults()),
                prices, earnings, watched, notifier, clock).run(JobKind.PRICE, clock.instant());
        assertThat(read).isEmpty();

        RuleConfig afterEarnings = new RuleConfig("nvda-post-earnings", List.of("NVDA"),
                ConditionParser.parse("price > 1 and abs(change_since(last_earnings)) >= 10%"), null, Trigger.DAILY, null, null,
                Severity.INFO, null);
        new AlertJob(new AlertsConfig(NY, List.of(BTC, NVDA), List.of(sinceNewYear, afterEarnings), ProvidersConfig.defaults()),
                prices, earnings, watched, notifier, clock).run(JobKind.PRICE, clock.instant());
        assertThat(read).containsExactly("NVDA");
    }
}
