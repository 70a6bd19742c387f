package dev.marketalerts.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsCalendarCache;
import dev.marketalerts.core.job.EarningsSnapshot;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import dev.marketalerts.core.job.HealthState;
import dev.marketalerts.core.job.PendingAlert;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.StateStoreException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AlertStateStore} shares: the DynamoDB store (on dynalite, so in {@code verify}), the
 * embedded file store, the backtests' MemoryAlertStateStore and the in-memory fake of the core tests each run it
 * through a subclass that says how to make a fresh, empty store.
 */
public abstract class AlertStateStoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-01-23T21:05:00Z");
    protected static final Duration LEASE = Duration.ofMinutes(5);

    protected AlertStateStore store;

    /** A new, empty store. */
    protected abstract AlertStateStore newStore() throws Exception;

    /** Another instance over the same storage as {@link #store} (a later process or Lambda instance). */
    protected abstract AlertStateStore reopen() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    private static RuleState fullState() {
        Map<String, BigDecimal> crossings = new LinkedHashMap<>();
        crossings.put("price", new BigDecimal("80000.50"));
        crossings.put("sma(50)", new BigDecimal("-0.000123456789012345"));
        return new RuleState(true, false, 3, T0.minusSeconds(3600), LocalDate.of(2026, 1, 22), crossings, T0);
    }

    private static void assertSameState(RuleState actual, RuleState expected) {
        assertThat(actual).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(expected);
    }

    @Test
    void ruleStateRoundTripsEveryField() {
        RuleKey key = new RuleKey("btc-80k", "BTC-USD");

        store.saveRuleState(key, fullState());

        assertSameState(store.ruleStates(List.of(key)).get(key), fullState());
    }

    @Test
    void ruleStateWithNothingKnownYetRoundTrips() {
        RuleKey key = new RuleKey("iren-ytd", "IREN");

        store.saveRuleState(key, RuleState.INITIAL);

        assertThat(store.ruleStates(List.of(key))).containsExactly(Map.entry(key, RuleState.INITIAL));
    }

    @Test
    void absentRuleKeysAreLeftOutOfTheResult() {
        RuleKey saved = new RuleKey("iren-ytd", "IREN");
        RuleKey never = new RuleKey("iren-ytd", "HUT");
        store.saveRuleState(saved, fullState());

        assertThat(store.ruleStates(List.of(saved, never))).containsOnlyKeys(saved);
        assertThat(store.ruleStates(List.of())).isEmpty();
    }

    @Test
    void savingARuleStateAgainReplacesIt() {
        RuleKey key = new RuleKey("miners-big-day", "CIFR");
        store.saveRuleState(key, fullState());
        RuleState next = new RuleState(false, true, 4, null, null, Map.of(), T0.plusSeconds(60));

        store.saveRuleState(key, next);

        assertSameState(store.ruleStates(List.of(key)).get(key), next);
    }

    @Test
    void ruleStatesAreKeptPerRuleAndSymbol() {
        RuleKey a = new RuleKey("miners-big-day", "IREN");
        RuleKey b = new RuleKey("miners-big-day", "HUT");
        RuleKey c = new RuleKey("iren-ytd", "IREN");
        store.saveRuleState(a, new RuleState(true, true, 1, null, null, Map.of(), T0));
        store.saveRuleState(b, new RuleState(false, true, 2, null, null, Map.of(), T0));
        store.saveRuleState(c, new RuleState(null, false, 3, null, null, Map.of(), T0));

        Map<RuleKey, RuleState> states = store.ruleStates(List.of(a, b, c));

        assertThat(states.get(a).episodes()).isEqualTo(1);
        assertThat(states.get(b).episodes()).isEqualTo(2);
        assertThat(states.get(c).episodes()).isEqualTo(3);
    }

    private ClaimOutcome.Claimed claimed(Alert alert, Instant now) {
        ClaimOutcome outcome = store.claim(alert, now, LEASE);
        assertThat(outcome).isInstanceOf(ClaimOutcome.Claimed.class);
        return (ClaimOutcome.Claimed) outcome;
    }

    private static Alert withTitle(Alert a, String title) {
        return new Alert(a.version(), a.id(), a.rule(), a.symbol(), a.kind(), a.severity(), title, a.text(), a.triggeredAt(),
                a.observed(), a.source());
    }

    @Test
    void aNewClaimIsTheFirstAttempt() {
        ClaimOutcome.Claimed claimed = claimed(TestAlerts.price("iren-ytd", "IREN", "1"), T0);

        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.token()).isNotBlank();
    }

    @Test
    void firstClaimWinsAndOnceRecordedEveryLaterClaimIsAlreadySentWithTheMessageId() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        store.recordSent(alert.id(), claimed(alert, T0).token(), "msg-123", T0.plusSeconds(1));

        assertThat(store.claim(alert, T0.plusSeconds(2), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-123"));
        assertThat(store.claim(alert, T0.plus(Duration.ofDays(30)), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-123"));
    }

    @Test
    void inProgressCarriesTheOtherClaimsLeaseEnd() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        claimed(alert, T0);

        assertThat(store.claim(alert, T0, LEASE)).isEqualTo(new ClaimOutcome.InProgress(T0.plus(LEASE)));
        assertThat(store.claim(alert, T0.plus(LEASE).minusMillis(1), Duration.ofHours(1)))
                .isEqualTo(new ClaimOutcome.InProgress(T0.plus(LEASE)));
    }

    @Test
    void aClaimIsTakenOverFromTheMomentItsLeaseEnds() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        claimed(alert, T0);

        assertThat(store.claim(alert, T0.plus(LEASE).minusMillis(1), LEASE)).isInstanceOf(ClaimOutcome.InProgress.class);
        assertThat(store.claim(alert, T0.plus(LEASE), LEASE)).isInstanceOf(ClaimOutcome.Claimed.class);
    }

    @Test
    void aTakenOverClaimCountsTheAttemptAndKeepsTheStoredAlert() {
        Alert first = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert rewritten = withTitle(first, "the same alert id, evaluated again with other words");
        String firstToken = claimed(first, T0).token();

        ClaimOutcome.Claimed second = claimed(rewritten, T0.plus(LEASE));
        ClaimOutcome.Claimed third = claimed(rewritten, T0.plus(LEASE).plus(LEASE));

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(third.attempt()).isEqualTo(3);
        assertThat(List.of(firstToken, second.token(), third.token())).doesNotHaveDuplicates();
        List<PendingAlert> due = store.dueClaims(T0.plus(Duration.ofHours(1)));
        assertThat(due).singleElement().satisfies(p -> {
            assertThat(p.alert()).isEqualTo(first);
            assertThat(p.attempts()).isEqualTo(3);
            assertThat(p.claimedAt()).isEqualTo(T0.plus(LEASE).plus(LEASE));
        });
    }

    @Test
    void aTakenOverClaimKeepsTheLastOutcomeUntilItsAttemptSaysAnother() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        store.retryLater(alert.id(), claimed(alert, T0).token(), T0, "outcome unknown: read timed out");
        String second = claimed(alert, T0).token();

        assertThat(store.dueClaims(T0.plus(LEASE))).singleElement()
                .satisfies(p -> assertThat(p.lastOutcome()).isEqualTo("outcome unknown: read timed out"));
        store.retryLater(alert.id(), second, T0.plus(LEASE), "failed: topic not found");
        assertThat(store.dueClaims(T0.plus(LEASE))).singleElement().satisfies(p -> {
            assertThat(p.lastOutcome()).isEqualTo("failed: topic not found");
            assertThat(p.attempts()).isEqualTo(2);
        });
    }

    @Test
    void theOldTokenOfATakenOverClaimCanNeitherRecordNorRetry() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String oldToken = claimed(alert, T0).token();
        String newToken = claimed(alert, T0.plus(LEASE)).token();

        assertThatThrownBy(() -> store.recordSent(alert.id(), oldToken, "msg-old", T0.plus(LEASE)))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(alert.id());
        store.recordSent(alert.id(), newToken, "msg-new", T0.plus(LEASE).plusSeconds(1));
        assertThat(store.claim(alert, T0.plus(LEASE).plusSeconds(2), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-new"));
    }

    @Test
    void recordingWithATokenThatNeverHeldTheClaimFails() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");

        assertThatThrownBy(() -> store.recordSent(alert.id(), "not-a-token", "msg", T0))
                .isInstanceOf(StateStoreException.class);
        claimed(alert, T0);
        assertThatThrownBy(() -> store.recordSent(alert.id(), "not-a-token", "msg", T0))
                .isInstanceOf(StateStoreException.class);
        assertThat(store.claim(alert, T0, LEASE)).isInstanceOf(ClaimOutcome.InProgress.class);
    }

    @Test
    void recordingTwiceWithTheSameTokenIsHarmless() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = claimed(alert, T0).token();
        store.recordSent(alert.id(), token, "msg-1", T0);

        store.recordSent(alert.id(), token, "msg-1", T0);

        assertThat(store.claim(alert, T0, LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
        assertThat(store.dueClaims(T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void recordingWithAnotherTokenAfterTheSendIsRecordedFails() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String oldToken = claimed(alert, T0).token();
        store.recordSent(alert.id(), claimed(alert, T0.plus(LEASE)).token(), "msg-new", T0.plus(LEASE));

        assertThatThrownBy(() -> store.recordSent(alert.id(), oldToken, "msg-old", T0.plus(LEASE)))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(alert.id());
        assertThat(store.claim(alert, T0.plus(LEASE), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-new"));
    }

    @Test
    void retryLaterKeepsTheAlertOwedAndDueAtTheGivenTime() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = claimed(alert, T0).token();
        Instant due = T0.plus(LEASE).plus(LEASE);

        store.retryLater(alert.id(), token, due, "failed: throttled");

        assertThat(store.dueClaims(due.minusMillis(1))).isEmpty();
        assertThat(store.claim(alert, due.minusMillis(1), LEASE)).isEqualTo(new ClaimOutcome.InProgress(due));
        assertThat(store.dueClaims(due)).singleElement().satisfies(p -> {
            assertThat(p.alert()).isEqualTo(alert);
            assertThat(p.claimedAt()).isEqualTo(T0);
            assertThat(p.attempts()).isEqualTo(1);
            assertThat(p.lastOutcome()).isEqualTo("failed: throttled");
        });
        assertThat(claimed(alert, due).attempt()).isEqualTo(2);
    }

    @Test
    void retryLaterAtNowLetsTheSameTickClaimTheNextAttemptAtOnce() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        ClaimOutcome.Claimed first = claimed(alert, T0);

        store.retryLater(alert.id(), first.token(), T0, "outcome unknown: connection reset");
        ClaimOutcome.Claimed second = claimed(alert, T0);

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.token()).isNotEqualTo(first.token());
        store.recordSent(alert.id(), second.token(), "msg-2", T0);
        assertThat(store.claim(alert, T0, LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-2"));
    }

    @Test
    void aClaimKeptOwedCanStillBeRecordedByItsToken() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = claimed(alert, T0).token();
        store.retryLater(alert.id(), token, T0.plusSeconds(30), "outcome unknown: read timed out");

        store.recordSent(alert.id(), token, "msg-1", T0.plusSeconds(10));

        assertThat(store.claim(alert, T0.plus(Duration.ofHours(1)), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
        assertThat(store.dueClaims(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void retryLaterWithALostTokenFails() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String oldToken = claimed(alert, T0).token();
        String newToken = claimed(alert, T0.plus(LEASE)).token();

        assertThatThrownBy(() -> store.retryLater(alert.id(), oldToken, T0.plus(LEASE), "failed: late"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(alert.id());
        assertThat(store.claim(alert, T0.plus(LEASE), LEASE)).isEqualTo(new ClaimOutcome.InProgress(T0.plus(LEASE).plus(LEASE)));
        store.recordSent(alert.id(), newToken, "msg-new", T0.plus(LEASE));
    }

    @Test
    void retryLaterWithATokenThatNeverHeldTheClaimFails() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");

        assertThatThrownBy(() -> store.retryLater(alert.id(), "not-a-token", T0, "failed"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(alert.id());
        assertThat(store.dueClaims(T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void retryLaterAfterTheSendIsRecordedFailsAndTheSendStaysRecorded() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = claimed(alert, T0).token();
        store.recordSent(alert.id(), token, "msg-1", T0);

        assertThatThrownBy(() -> store.retryLater(alert.id(), token, T0, "outcome unknown"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(alert.id());
        assertThat(store.claim(alert, T0.plus(Duration.ofHours(1)), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
        assertThat(store.dueClaims(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void dueClaimsListsOnlyUnrecordedClaimsWhoseLeaseEndedOldestFirstWithTheWholeAlert() {
        Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert b = TestAlerts.alert("big-tech-earnings", "NVDA", AlertKind.EARNINGS_REMINDER, Severity.WARNING, "2026-02-25:1d",
                "NVDA reports earnings tomorrow (2026-02-25, after the close)");
        Alert c = TestAlerts.price("miners-big-day", "CIFR", "2026-01-23");
        Alert sent = TestAlerts.price("miners-big-day", "HUT", "2026-01-23");
        Alert later = TestAlerts.price("miners-big-day", "IREN", "2026-01-23");
        Alert live = TestAlerts.price("btc-80k", "BTC-USD", "1");
        claimed(c, T0.plusSeconds(120));
        claimed(a, T0);
        claimed(b, T0.plusSeconds(60));
        store.recordSent(sent.id(), claimed(sent, T0.minusSeconds(60)).token(), "msg-hut", T0);
        store.retryLater(later.id(), claimed(later, T0).token(), T0.plus(Duration.ofHours(1)), "failed: throttled");
        claimed(live, T0.plus(Duration.ofMinutes(10)));

        List<PendingAlert> due = store.dueClaims(T0.plus(Duration.ofMinutes(10)));

        assertThat(due).extracting(p -> p.alert().id()).containsExactly(a.id(), b.id(), c.id());
        assertThat(due).extracting(PendingAlert::claimedAt).containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(due).extracting(p -> AlertJson.write(p.alert()))
                .containsExactly(AlertJson.write(a), AlertJson.write(b), AlertJson.write(c));
        assertThat(due.get(1).alert()).isEqualTo(b);
    }

    @Test
    void dueClaimsCarryAttemptsAndLastOutcome() {
        Alert died = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert failed = TestAlerts.price("iren-ytd", "IREN", "2");
        claimed(died, T0);
        claimed(died, T0.plus(LEASE));
        store.retryLater(failed.id(), claimed(failed, T0.plusSeconds(1)).token(), T0.plusSeconds(1), "failed: 403 AuthorizationError");

        List<PendingAlert> due = store.dueClaims(T0.plus(Duration.ofHours(1)));

        assertThat(due).extracting(p -> p.alert().id()).containsExactly(failed.id(), died.id());
        assertThat(due).extracting(PendingAlert::attempts).containsExactly(1, 2);
        assertThat(due).extracting(PendingAlert::lastOutcome).containsExactly("failed: 403 AuthorizationError", null);
    }

    @Test
    void dueClaimsIsEmptyWhileEveryLeaseIsLive() {
        claimed(TestAlerts.price("iren-ytd", "IREN", "1"), T0);

        assertThat(store.dueClaims(T0.plus(LEASE).minusMillis(1))).isEmpty();
        assertThat(store.dueClaims(T0.plus(LEASE))).hasSize(1);
    }

    @Test
    void concurrentClaimsFromEightThreadsHaveExactlyOneWinner() throws Exception {
        Alert alert = TestAlerts.price("btc-80k", "BTC-USD", "7");

        List<ClaimOutcome> results = claimAtOnce(8, alert, T0);

        assertThat(results).filteredOn(o -> o instanceof ClaimOutcome.Claimed).singleElement()
                .satisfies(o -> assertThat(((ClaimOutcome.Claimed) o).attempt()).isEqualTo(1));
        assertThat(results).filteredOn(o -> o instanceof ClaimOutcome.InProgress).hasSize(7)
                .allSatisfy(o -> assertThat(o).isEqualTo(new ClaimOutcome.InProgress(T0.plus(LEASE))));
    }

    @Test
    void concurrentTakeoversOfAnEndedLeaseHaveExactlyOneWinner() throws Exception {
        Alert alert = TestAlerts.price("btc-80k", "BTC-USD", "7");
        claimed(alert, T0);
        Instant later = T0.plus(LEASE).plusSeconds(1);

        List<ClaimOutcome> results = claimAtOnce(8, alert, later);

        assertThat(results).filteredOn(o -> o instanceof ClaimOutcome.Claimed).singleElement()
                .satisfies(o -> assertThat(((ClaimOutcome.Claimed) o).attempt()).isEqualTo(2));
        assertThat(results).filteredOn(o -> o instanceof ClaimOutcome.InProgress).hasSize(7);
    }

    private List<ClaimOutcome> claimAtOnce(int threads, Alert alert, Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ClaimOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                outcomes.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return store.claim(alert, now, LEASE);
                }));
            }
            ready.await();
            go.countDown();
            List<ClaimOutcome> results = new ArrayList<>();
            for (Future<ClaimOutcome> f : outcomes) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void earningsSnapshotRoundTripsAndAbsentSymbolsHaveNone() {
        EarningsSnapshot nvda = new EarningsSnapshot("NVDA", LocalDate.of(2026, 2, 25), true, "nasdaq", LocalDate.of(2025, 11, 19));
        EarningsSnapshot iren = new EarningsSnapshot("IREN", null, false, null, LocalDate.of(2025, 11, 6));

        store.saveEarningsSnapshot(nvda);
        store.saveEarningsSnapshot(iren);

        assertThat(store.earningsSnapshot("NVDA")).contains(nvda);
        assertThat(store.earningsSnapshot("IREN")).contains(iren);
        assertThat(store.earningsSnapshot("MSFT")).isEmpty();
    }

    @Test
    void savingAnEarningsSnapshotAgainReplacesIt() {
        store.saveEarningsSnapshot(new EarningsSnapshot("NVDA", LocalDate.of(2026, 2, 25), false, "nasdaq", null));
        EarningsSnapshot moved = new EarningsSnapshot("NVDA", LocalDate.of(2026, 2, 26), true, "finnhub", null);

        store.saveEarningsSnapshot(moved);

        assertThat(store.earningsSnapshot("NVDA")).contains(moved);
    }

    @Test
    void historyIsNewestFirstAndLimited() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alerts.add(TestAlerts.price("iren-ytd", "IREN", Integer.toString(i)));
        }
        for (int i : new int[] {2, 0, 4, 1, 3}) {
            store.appendHistory(alerts.get(i), "msg-" + i, T0.plusSeconds(60L * i).plusMillis(i == 4 ? 1 : 0));
        }

        assertThat(store.history(3)).containsExactly(alerts.get(4), alerts.get(3), alerts.get(2));
        assertThat(store.history(10)).containsExactly(alerts.get(4), alerts.get(3), alerts.get(2), alerts.get(1), alerts.get(0));
        assertThat(store.history(0)).isEmpty();
    }

    @Test
    void stateSurvivesReopeningTheStore() throws Exception {
        RuleKey key = new RuleKey("btc-80k", "BTC-USD");
        Alert alert = TestAlerts.price("btc-80k", "BTC-USD", "1");
        store.saveRuleState(key, fullState());
        Alert owed = TestAlerts.price("btc-80k", "BTC-USD", "2");
        store.recordSent(alert.id(), claimed(alert, T0).token(), "msg-1", T0);
        store.appendHistory(alert, "msg-1", T0);
        claimed(owed, T0);
        store.retryLater(owed.id(), claimed(owed, T0.plus(LEASE)).token(), T0.plus(LEASE), "failed: throttled");

        AlertStateStore again = reopen();

        assertSameState(again.ruleStates(List.of(key)).get(key), fullState());
        assertThat(again.claim(alert, T0.plusSeconds(1), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
        assertThat(again.history(5)).containsExactly(alert);
        assertThat(again.dueClaims(T0.plus(LEASE))).singleElement()
                .isEqualTo(new PendingAlert(owed, T0.plus(LEASE), 2, "failed: throttled"));
    }

    @Test
    void healthStateRoundTripsPerJobAndSurvivesReopening() throws Exception {
        HealthState price = new HealthState(T0, Map.of("NVDA", new HealthState.Streak(2, T0.minusSeconds(900), "yahoo: HTTP 429")),
                null, new HealthState.Incident(T0.minusSeconds(1800), "*", Severity.CRITICAL, List.of("BTC-USD", "NVDA")), null);
        HealthState earnings = new HealthState(T0, Map.of(), new HealthState.Streak(1, T0, "SNS: AuthorizationError"), null, null);

        assertThat(store.healthState("price")).isEmpty();
        store.saveHealthState("price", price);
        store.saveHealthState("earnings", earnings);

        assertThat(store.healthState("price")).contains(price);
        assertThat(reopen().healthState("earnings")).contains(earnings);
        store.saveHealthState("price", HealthState.INITIAL);
        assertThat(store.healthState("price")).contains(HealthState.INITIAL);
    }

    @Test
    void earningsCalendarRoundTripsExactlyAndSurvivesReopening() throws Exception {
        EarningsEvent nvda = new EarningsEvent("NVDA", LocalDate.of(2026, 2, 25), EarningsSession.AMC, "Jan/2026", new BigDecimal("1.520"),
                null, true, "nasdaq");
        EarningsEvent msft = new EarningsEvent("MSFT", LocalDate.of(2026, 1, 28), EarningsSession.UNKNOWN, null, new BigDecimal("-0.09"),
                new BigDecimal("3.230"), false, "finnhub");
        EarningsCalendarCache calendar = new EarningsCalendarCache(java.util.Set.of("NVDA", "MSFT"), Map.of(
                LocalDate.of(2026, 2, 25), new EarningsCalendarCache.Page(T0, List.of(nvda)),
                LocalDate.of(2026, 1, 28), new EarningsCalendarCache.Page(T0.minusSeconds(86_400), List.of(msft)),
                LocalDate.of(2026, 2, 26), new EarningsCalendarCache.Page(T0, List.of())));

        assertThat(store.earningsCalendar()).isEmpty();
        store.saveEarningsCalendar(calendar);

        assertThat(store.earningsCalendar()).contains(calendar);
        EarningsCalendarCache again = reopen().earningsCalendar().orElseThrow();
        assertThat(again).isEqualTo(calendar);
        assertThat(again.pages().get(LocalDate.of(2026, 2, 25)).events().get(0).epsEstimate().toPlainString()).isEqualTo("1.520");
        EarningsCalendarCache next = new EarningsCalendarCache(java.util.Set.of("NVDA"), Map.of());
        store.saveEarningsCalendar(next);
        assertThat(store.earningsCalendar()).contains(next);
    }
}
