package dev.marketalerts.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.EarningsSnapshot;
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
 * The behaviour every {@link AlertStateStore} shares (DESIGN §4): the embedded file store and the DynamoDB store
 * each run it through a subclass that says how to make a fresh, empty store.
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

    @Test
    void firstClaimWinsAndOnceRecordedEveryLaterClaimIsAlreadySentWithTheMessageId() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");

        ClaimOutcome first = store.claim(alert, T0, LEASE);
        assertThat(first).isInstanceOf(ClaimOutcome.Claimed.class);
        store.recordSent(alert.id(), ((ClaimOutcome.Claimed) first).token(), "msg-123", T0.plusSeconds(1));

        assertThat(store.claim(alert, T0.plusSeconds(2), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-123"));
        assertThat(store.claim(alert, T0.plus(Duration.ofDays(30)), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-123"));
    }

    @Test
    void claimWhileTheLeaseIsLiveIsInProgress() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        store.claim(alert, T0, LEASE);

        assertThat(store.claim(alert, T0, LEASE)).isEqualTo(new ClaimOutcome.InProgress());
        assertThat(store.claim(alert, T0.plus(LEASE).minusMillis(1), LEASE)).isEqualTo(new ClaimOutcome.InProgress());
    }

    @Test
    void reclaimAfterTheLeaseExpiresGivesANewTokenAndTheOldTokenCanNoLongerRecord() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String oldToken = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();

        ClaimOutcome again = store.claim(alert, T0.plus(LEASE), LEASE);

        assertThat(again).isInstanceOf(ClaimOutcome.Claimed.class);
        String newToken = ((ClaimOutcome.Claimed) again).token();
        assertThat(newToken).isNotEqualTo(oldToken);
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
        store.claim(alert, T0, LEASE);
        assertThatThrownBy(() -> store.recordSent(alert.id(), "not-a-token", "msg", T0))
                .isInstanceOf(StateStoreException.class);
    }

    @Test
    void recordingTwiceWithTheSameTokenIsHarmless() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();
        store.recordSent(alert.id(), token, "msg-1", T0);

        store.recordSent(alert.id(), token, "msg-1", T0);

        assertThat(store.claim(alert, T0, LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
    }

    @Test
    void releaseLetsTheNextClaimWinAtOnce() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();

        store.release(alert.id(), token);

        assertThat(store.claim(alert, T0.plusSeconds(1), LEASE)).isInstanceOf(ClaimOutcome.Claimed.class);
        assertThat(store.expiredClaims(T0.plus(Duration.ofHours(1)), LEASE)).extracting(p -> p.claimedAt())
                .containsExactly(T0.plusSeconds(1));
    }

    @Test
    void releaseWithAStaleTokenLeavesTheNewHoldersClaimAlone() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String oldToken = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();
        String newToken = ((ClaimOutcome.Claimed) store.claim(alert, T0.plus(LEASE), LEASE)).token();

        store.release(alert.id(), oldToken);

        assertThat(store.claim(alert, T0.plus(LEASE).plusSeconds(1), LEASE)).isEqualTo(new ClaimOutcome.InProgress());
        store.recordSent(alert.id(), newToken, "msg-new", T0.plus(LEASE).plusSeconds(2));
    }

    @Test
    void releaseAfterRecordingDoesNotForgetTheSend() {
        Alert alert = TestAlerts.price("iren-ytd", "IREN", "1");
        String token = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();
        store.recordSent(alert.id(), token, "msg-1", T0);

        store.release(alert.id(), token);

        assertThat(store.claim(alert, T0.plusSeconds(1), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
    }

    @Test
    void expiredClaimsListsOnlyUnrecordedExpiredClaimsOldestFirstWithTheWholeAlert() {
        Alert a = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert b = TestAlerts.alert("big-tech-earnings", "NVDA", AlertKind.EARNINGS_REMINDER, Severity.WARNING, "2026-02-25:1d",
                "NVDA reports earnings tomorrow (2026-02-25, after the close)");
        Alert c = TestAlerts.price("miners-big-day", "CIFR", "2026-01-23");
        Alert sent = TestAlerts.price("miners-big-day", "HUT", "2026-01-23");
        Alert released = TestAlerts.price("miners-big-day", "IREN", "2026-01-23");
        Alert live = TestAlerts.price("btc-80k", "BTC-USD", "1");
        store.claim(c, T0.plusSeconds(120), LEASE);
        store.claim(a, T0, LEASE);
        store.claim(b, T0.plusSeconds(60), LEASE);
        String sentToken = ((ClaimOutcome.Claimed) store.claim(sent, T0.minusSeconds(60), LEASE)).token();
        store.recordSent(sent.id(), sentToken, "msg-hut", T0);
        store.release(released.id(), ((ClaimOutcome.Claimed) store.claim(released, T0, LEASE)).token());
        store.claim(live, T0.plus(Duration.ofMinutes(10)), LEASE);

        List<PendingAlert> expired = store.expiredClaims(T0.plus(Duration.ofMinutes(10)), LEASE);

        assertThat(expired).extracting(p -> p.alert().id()).containsExactly(a.id(), b.id(), c.id());
        assertThat(expired).extracting(PendingAlert::claimedAt).containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(expired).extracting(p -> AlertJson.write(p.alert()))
                .containsExactly(AlertJson.write(a), AlertJson.write(b), AlertJson.write(c));
        assertThat(expired.get(1).alert()).isEqualTo(b);
    }

    @Test
    void expiredClaimsIsEmptyWhileEveryLeaseIsLive() {
        store.claim(TestAlerts.price("iren-ytd", "IREN", "1"), T0, LEASE);

        assertThat(store.expiredClaims(T0.plus(LEASE).minusMillis(1), LEASE)).isEmpty();
        assertThat(store.expiredClaims(T0.plus(LEASE), LEASE)).hasSize(1);
    }

    @Test
    void concurrentClaimsFromEightThreadsHaveExactlyOneWinner() throws Exception {
        Alert alert = TestAlerts.price("btc-80k", "BTC-USD", "7");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ClaimOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                outcomes.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return store.claim(alert, T0, LEASE);
                }));
            }
            ready.await();
            go.countDown();
            List<ClaimOutcome> results = new ArrayList<>();
            for (Future<ClaimOutcome> f : outcomes) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }

            assertThat(results).filteredOn(o -> o instanceof ClaimOutcome.Claimed).hasSize(1);
            assertThat(results).filteredOn(o -> o instanceof ClaimOutcome.InProgress).hasSize(threads - 1);
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
        String token = ((ClaimOutcome.Claimed) store.claim(alert, T0, LEASE)).token();
        store.recordSent(alert.id(), token, "msg-1", T0);
        store.appendHistory(alert, "msg-1", T0);

        AlertStateStore again = reopen();

        assertSameState(again.ruleStates(List.of(key)).get(key), fullState());
        assertThat(again.claim(alert, T0.plusSeconds(1), LEASE)).isEqualTo(new ClaimOutcome.AlreadySent("msg-1"));
        assertThat(again.history(5)).containsExactly(alert);
    }
}
