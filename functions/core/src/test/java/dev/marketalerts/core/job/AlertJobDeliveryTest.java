package dev.marketalerts.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ProvidersConfig;
import dev.marketalerts.core.config.RuleConfig;
import dev.marketalerts.core.config.Trigger;
import dev.marketalerts.core.market.Instrument;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.rules.ConditionParser;
import dev.marketalerts.core.testing.ForwardingAlertStateStore;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;
import dev.marketalerts.core.testing.StaticEarningsCalendar;
import dev.marketalerts.core.testing.StaticPriceFeed;
import dev.marketalerts.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The delivery protocol under faults, with the in-memory store: per alert id nothing is lost, exactly one copy goes
 * out when every outcome is known, and each copy beyond the first stands for one publish whose outcome was unknown.
 * "Copies" are counted by the scripted notifier as what reached the transport, independently of what the job reports.
 */
class AlertJobDeliveryTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Instrument BTC = new Instrument("BTC-USD", Market.CRYPTO, "Bitcoin");
    private static final Instrument ETH = new Instrument("ETH-USD", Market.CRYPTO, "Ether");
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final String BTC_N1 = "btc-below:BTC-USD:price:n1";
    private static final String ETH_N1 = "eth-below:ETH-USD:price:n1";
    private static final AlertJob.DeliveryPolicy POLICY = new AlertJob.DeliveryPolicy(Duration.ofMinutes(2), 2, Duration.ZERO);

    private final SettableClock clock = new SettableClock(T0);
    private final StaticPriceFeed prices = new StaticPriceFeed();
    private final FaultyStore store = new FaultyStore(new InMemoryAlertStateStore());
    private final ScriptedNotifier notifier = new ScriptedNotifier();

    /** What a publish attempt does: reaches the transport or not, and what the notifier answers. */
    private enum Step {
        SENT(true), FAILED(false), UNKNOWN_REACHED(true), UNKNOWN_NOT_REACHED(false);

        final boolean reaches;

        Step(boolean reaches) {
            this.reaches = reaches;
        }
    }

    /** Answers each publish attempt from a script (then SENT), counting the copies that reached the transport per id. */
    private static final class ScriptedNotifier implements Notifier {
        final Deque<Step> script = new ArrayDeque<>();
        final Map<String, Integer> copies = new TreeMap<>();
        Runnable duringPublish = () -> {
        };

        @Override
        public List<Delivery> publish(List<Alert> alerts) {
            Runnable hook = duringPublish;
            duringPublish = () -> {
            };
            hook.run();
            List<Delivery> out = new ArrayList<>();
            for (Alert a : alerts) {
                Step step = script.isEmpty() ? Step.SENT : script.poll();
                if (step.reaches) {
                    copies.merge(a.id(), 1, Integer::sum);
                }
                out.add(switch (step) {
                    case SENT -> new Delivery.Sent("m-" + a.id() + "-" + copies.get(a.id()));
                    case FAILED -> new Delivery.Failed("refused (test)");
                    case UNKNOWN_REACHED, UNKNOWN_NOT_REACHED -> new Delivery.Unknown("answer lost (test)");
                });
            }
            return out;
        }
    }

    /** Delegates to a real store contract; selected calls fail like a store that did not answer. */
    private static final class FaultyStore extends ForwardingAlertStateStore {
        final InMemoryAlertStateStore memory;
        Predicate<String> failRecordOf = id -> false;
        Predicate<String> failClaimOf = id -> false;
        boolean failStateSaves;
        final List<ClaimOutcome.Claimed> claimed = new ArrayList<>();

        FaultyStore(InMemoryAlertStateStore memory) {
            super(memory);
            this.memory = memory;
        }

        @Override
        public void saveRuleState(RuleKey key, RuleState state) {
            if (failStateSaves) {
                throw new StateStoreException("save state refused (test)");
            }
            delegate.saveRuleState(key, state);
        }

        @Override
        public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
            if (failClaimOf.test(alert.id())) {
                throw new StateStoreException("claim refused (test)");
            }
            ClaimOutcome outcome = delegate.claim(alert, now, lease);
            if (outcome instanceof ClaimOutcome.Claimed c) {
                claimed.add(c);
            }
            return outcome;
        }

        @Override
        public void recordSent(String alertId, String token, String messageId, Instant at) {
            if (failRecordOf.test(alertId)) {
                throw new StateStoreException("record refused (test)");
            }
            delegate.recordSent(alertId, token, messageId, at);
        }
    }

    private static RuleConfig onChange(String id, String symbol, String when) throws Exception {
        return new RuleConfig(id, List.of(symbol), ConditionParser.parse(when), null, Trigger.ON_CHANGE, null, null, Severity.INFO, null);
    }

    private AlertJob job() throws Exception {
        return new AlertJob(new AlertsConfig(NY, List.of(BTC, ETH),
                List.of(onChange("btc-below", "BTC-USD", "price < 80000"), onChange("eth-below", "ETH-USD", "price < 2000")),
                ProvidersConfig.defaults()), prices, new StaticEarningsCalendar(), store, notifier, clock, POLICY, AlertJob.JobListener.NONE);
    }

    /** Both rules hold (fire once per episode) while BTC is under 80000 and ETH under 2000. */
    private void quotes(String btc, String eth) {
        prices.quote("BTC-USD", btc, clock.instant().minusSeconds(30)).quote("ETH-USD", eth, clock.instant().minusSeconds(30));
    }

    private TickSummary tickAfter(Duration gap, String btc, String eth) throws Exception {
        clock.set(clock.instant().plus(gap));
        quotes(btc, eth);
        return job().run(JobKind.PRICE, clock.instant());
    }

    /** Four more ticks five minutes apart with BTC still below 80000 and ETH at {@code eth}. */
    private void fourLaterTicks(String eth) throws Exception {
        for (int i = 0; i < 4; i++) {
            tickAfter(Duration.ofMinutes(5), "79000", eth);
        }
    }

    @Test
    void aClaimHeldByAnotherCopyNeverAdvancesThisCopysStateSoTheAlertSurvivesTheFirstCopysFailure() throws Exception {
        quotes("79000", "1900");
        TickSummary[] copyB = new TickSummary[1];
        List<RuleKey> keys = List.of(new RuleKey("btc-below", "BTC-USD"), new RuleKey("eth-below", "ETH-USD"));
        Map<RuleKey, RuleState> savedByB = new TreeMap<>(java.util.Comparator.comparing(RuleKey::ruleId));
        // Copy B of the same tick runs while copy A holds its claims, then A's publish fails for both alerts.
        notifier.duringPublish = () -> {
            try {
                copyB[0] = job().run(JobKind.PRICE, clock.instant());
                savedByB.putAll(store.ruleStates(keys));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        notifier.script.addAll(List.of(Step.FAILED, Step.FAILED));

        TickSummary copyA = job().run(JobKind.PRICE, clock.instant());

        assertThat(copyB[0].deferred()).isEqualTo(2);
        assertThat(copyB[0].duplicates()).isZero();
        assertThat(copyB[0].sent()).isZero();
        assertThat(savedByB).as("rule state saved by copy B").isEmpty();
        assertThat(copyA.failed()).isEqualTo(2);
        assertThat(copyA.problems()).allSatisfy(p -> assertThat(p).contains("kept; the next tick sends it again"));

        fourLaterTicks("1900");

        assertThat(notifier.copies).containsExactlyInAnyOrderEntriesOf(Map.of(BTC_N1, 1, ETH_N1, 1));
    }

    @Test
    void anotherRunsClaimIsDescribedAsSuchWithItsLeaseEndNeverAsSent() {
        Instant leaseEnd = Instant.parse("2026-03-02T12:02:00Z");

        assertThat(new ClaimOutcome.InProgress(leaseEnd).describe())
                .isEqualTo("claimed by another run (in progress or crashed); delivered after its lease ends at 2026-03-02T12:02:00Z")
                .doesNotContain("sent already");
        assertThat(new ClaimOutcome.AlreadySent("m-1").describe()).isEqualTo("had been sent already (message id m-1)");
    }

    /** Rows: the outcomes of successive publish attempts of BTC's alert; the copies that must reach the transport. */
    @Test
    void copiesPerAlertAreOnePlusTheAmbiguousAttemptsThatReachedTheTransport() throws Exception {
        record Row(List<Step> attempts, int copies, int failedInFirstTick) {
        }
        List<Row> rows = List.of(
                new Row(List.of(), 1, 0),
                new Row(List.of(Step.FAILED), 1, 1),
                new Row(List.of(Step.UNKNOWN_NOT_REACHED), 1, 0),
                new Row(List.of(Step.UNKNOWN_REACHED), 2, 0),
                new Row(List.of(Step.UNKNOWN_REACHED, Step.UNKNOWN_REACHED), 3, 1),
                new Row(List.of(Step.FAILED, Step.FAILED, Step.FAILED), 1, 1),
                new Row(List.of(Step.UNKNOWN_REACHED, Step.FAILED), 2, 1));
        for (Row row : rows) {
            AlertJobDeliveryTest fresh = new AlertJobDeliveryTest();
            fresh.quotes("79000", "2500");
            fresh.notifier.script.addAll(row.attempts);
            TickSummary first = fresh.job().run(JobKind.PRICE, fresh.clock.instant());
            fresh.fourLaterTicks("2500");
            assertThat(fresh.notifier.copies.get(BTC_N1)).as("attempts %s", row.attempts).isEqualTo(row.copies);
            assertThat(first.failed()).as("attempts %s", row.attempts).isEqualTo(row.failedInFirstTick);
            assertThat(fresh.store.dueClaims(fresh.clock.instant().plus(Duration.ofDays(1)))).as("owed after %s", row.attempts).isEmpty();
        }
    }

    @Test
    void anUnknownOutcomeIsRetriedInTheSameTickUnderANewRecordedAttempt() throws Exception {
        quotes("79000", "2500");
        notifier.script.add(Step.UNKNOWN_REACHED);

        TickSummary tick = job().run(JobKind.PRICE, clock.instant());

        assertThat(tick.sent()).isEqualTo(1);
        assertThat(tick.failed()).isZero();
        assertThat(tick.problems()).isEmpty();
        assertThat(notifier.copies).containsExactlyEntriesOf(Map.of(BTC_N1, 2));
        assertThat(store.claimed).extracting(ClaimOutcome.Claimed::attempt).containsExactly(1, 2);
        assertThat(store.memory.isPending(BTC_N1)).isFalse();
    }

    @Test
    void twoUnknownOutcomesLeaveTheAlertOwedAndSayASecondCopyIsPossible() throws Exception {
        quotes("79000", "2500");
        notifier.script.addAll(List.of(Step.UNKNOWN_REACHED, Step.UNKNOWN_NOT_REACHED));

        TickSummary tick = job().run(JobKind.PRICE, clock.instant());

        assertThat(tick.failed()).isEqualTo(1);
        assertThat(tick.problems()).singleElement().asString()
                .contains(BTC_N1).contains("outcome unknown").contains("one more copy is possible");
        List<PendingAlert> owed = store.dueClaims(clock.instant());
        assertThat(owed).singleElement().satisfies(p -> {
            assertThat(p.attempts()).isEqualTo(2);
            assertThat(p.lastOutcome()).contains("outcome unknown");
        });
        TickSummary next = tickAfter(Duration.ofMinutes(5), "85000", "2500");
        assertThat(next.sent()).isEqualTo(1);
        assertThat(notifier.copies).containsExactlyEntriesOf(Map.of(BTC_N1, 2));
    }

    @Test
    void aDefinitelyFailedPublishStaysOwedEvenWhenTheConditionIsGoneByTheNextTick() throws Exception {
        quotes("79000", "2500");
        notifier.script.add(Step.FAILED);
        job().run(JobKind.PRICE, clock.instant());

        TickSummary next = tickAfter(Duration.ofMinutes(5), "85000", "2500");

        assertThat(next.sent()).isEqualTo(1);
        assertThat(notifier.copies).containsExactlyEntriesOf(Map.of(BTC_N1, 1));
        // The episode was counted when it was claimed: the next crossing is a new id, not a collision with n1.
        tickAfter(Duration.ofMinutes(5), "79000", "2500");
        assertThat(notifier.copies).containsOnlyKeys(BTC_N1, "btc-below:BTC-USD:price:n2");
    }

    @Test
    void eachAlertIsRecordedOnItsOwnSoOneFailedRecordResendsOnlyThatAlert() throws Exception {
        quotes("79000", "1900");
        store.failRecordOf = BTC_N1::equals;

        TickSummary tick = job().run(JobKind.PRICE, clock.instant());

        assertThat(tick.sent()).isEqualTo(2);
        assertThat(tick.problems()).singleElement().asString().contains(BTC_N1).contains("not recorded")
                .contains("a later tick sends it once more");
        store.failRecordOf = id -> false;
        tickAfter(Duration.ofMinutes(1), "79000", "1900");
        assertThat(notifier.copies).as("inside the lease nothing is re-sent").containsExactlyInAnyOrderEntriesOf(Map.of(BTC_N1, 1, ETH_N1, 1));
        fourLaterTicks("1900");
        assertThat(notifier.copies).containsExactlyInAnyOrderEntriesOf(Map.of(BTC_N1, 2, ETH_N1, 1));
    }

    @Test
    void aClaimTheStoreRefusesIsNotPublishedAndItsRuleIsEvaluatedAgainNextTick() throws Exception {
        quotes("79000", "1900");
        store.failClaimOf = BTC_N1::equals;

        TickSummary tick = job().run(JobKind.PRICE, clock.instant());

        assertThat(tick.sent()).isEqualTo(1);
        assertThat(tick.failed()).isEqualTo(1);
        assertThat(notifier.copies).containsOnlyKeys(ETH_N1);
        store.failClaimOf = id -> false;
        fourLaterTicks("1900");
        assertThat(notifier.copies).containsExactlyInAnyOrderEntriesOf(Map.of(BTC_N1, 1, ETH_N1, 1));
    }

    @Test
    void aFailedStateSaveIsReportedAndTheNextTickFindsTheAlertSent() throws Exception {
        quotes("79000", "1900");
        store.failStateSaves = true;

        TickSummary tick = job().run(JobKind.PRICE, clock.instant());

        assertThat(tick.sent()).isEqualTo(2);
        assertThat(tick.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("saving the state of rule"));
        store.failStateSaves = false;
        TickSummary next = tickAfter(Duration.ofMinutes(5), "79000", "1900");
        assertThat(next.duplicates()).isEqualTo(2);
        fourLaterTicks("1900");
        assertThat(notifier.copies).containsExactlyInAnyOrderEntriesOf(Map.of(BTC_N1, 1, ETH_N1, 1));
    }
}
