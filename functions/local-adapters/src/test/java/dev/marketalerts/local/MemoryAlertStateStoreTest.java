package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.testing.AlertStateStoreContractTest;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.job.EarningsCalendarCache;
import dev.marketalerts.core.job.HealthState;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.MemoryAlertStateStore;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryAlertStateStoreTest extends AlertStateStoreContractTest {

    @Override
    protected AlertStateStore newStore() {
        return new MemoryAlertStateStore();
    }

    /** Its state lives in the instance, so the same instance stands for the reopened store. */
    @Override
    protected AlertStateStore reopen() {
        return store;
    }

    @Test
    void historyOlderThan90DaysBeforeTheNewestEntryIsPruned() {
        Alert old = TestAlerts.price("iren-ytd", "IREN", "1");
        Alert kept = TestAlerts.price("iren-ytd", "IREN", "2");
        Alert newest = TestAlerts.price("iren-ytd", "IREN", "3");
        store.appendHistory(old, "msg-1", T0);
        store.appendHistory(kept, "msg-2", T0.plus(Duration.ofDays(2)));

        store.appendHistory(newest, "msg-3", T0.plus(Duration.ofDays(91)));

        assertThat(store.history(10)).containsExactly(newest, kept);
    }
    private static EarningsEvent report(String symbol, String date, String estimate, String actual) {
        return new EarningsEvent(symbol, LocalDate.parse(date), EarningsSession.AMC, "Q4", estimate == null ? null : new BigDecimal(estimate),
                actual == null ? null : new BigDecimal(actual), true, "nasdaq");
    }

    @Test
    void aCalendarReadsBackAsItsStoredFormGivesItWhenSomePagesChangeBetweenSaves() {
        LocalDate d1 = LocalDate.parse("2026-02-25");
        LocalDate d2 = LocalDate.parse("2026-02-26");
        EarningsCalendarCache.Page nvda = new EarningsCalendarCache.Page(T0, List.of(report("NVDA", "2026-02-25", "1.52", null)));
        // written as plain text: 1E+1 reads back as 10
        EarningsCalendarCache.Page crm = new EarningsCalendarCache.Page(T0, List.of(report("CRM", "2026-02-26", "1E+1", "2.500")));
        store.saveEarningsCalendar(new EarningsCalendarCache(Set.of("NVDA", "CRM"), Map.of(d1, nvda, d2, crm)));

        EarningsCalendarCache first = store.earningsCalendar().orElseThrow();
        assertThat(first.symbols()).containsExactlyInAnyOrder("NVDA", "CRM");
        assertThat(first.pages().get(d1)).isEqualTo(nvda);
        EarningsEvent crmBack = first.pages().get(d2).events().get(0);
        assertThat(crmBack.epsEstimate()).isEqualTo(new BigDecimal("10"));
        assertThat(crmBack.epsActual()).isEqualTo(new BigDecimal("2.500"));

        Instant later = T0.plus(Duration.ofHours(3));
        EarningsCalendarCache.Page nvdaReported = new EarningsCalendarCache.Page(later, List.of(report("NVDA", "2026-02-25", "1.52", "1.62")));
        store.saveEarningsCalendar(new EarningsCalendarCache(Set.of("NVDA", "CRM"), Map.of(d1, nvdaReported, d2, crm)));

        EarningsCalendarCache second = store.earningsCalendar().orElseThrow();
        assertThat(second.pages().get(d1)).isEqualTo(nvdaReported);
        assertThat(second.pages().get(d2).events().get(0).epsEstimate()).isEqualTo(new BigDecimal("10"));

        store.saveEarningsCalendar(new EarningsCalendarCache(Set.of("NVDA"), Map.of(d1, nvdaReported)));

        EarningsCalendarCache third = store.earningsCalendar().orElseThrow();
        assertThat(third.symbols()).containsExactly("NVDA");
        assertThat(third.pages()).containsOnlyKeys(d1);
    }

    @Test
    void healthSavedTickAfterTickReadsBackItsLastTickAndItsStreaksAsSaved() {
        HealthState.Streak iren = new HealthState.Streak(2, T0, "no bar for 2026-01-23");
        store.saveHealthState("price", new HealthState(T0, Map.of("IREN", iren), null, null, null));
        Instant next = T0.plus(Duration.ofMinutes(5)).plusNanos(1_000);
        store.saveHealthState("price", new HealthState(next, Map.of("IREN", iren), null, null, null));

        assertThat(store.healthState("price")).contains(new HealthState(next, Map.of("IREN", iren), null, null, null));

        HealthState.Streak longer = new HealthState.Streak(3, T0, "no bar for 2026-01-26");
        HealthState.Incident incident = new HealthState.Incident(T0, "IREN", Severity.WARNING, List.of("IREN"));
        Instant third = next.plus(Duration.ofMinutes(5));
        store.saveHealthState("price", new HealthState(third, Map.of("IREN", longer), null, incident, null));
        store.saveHealthState("earnings", new HealthState(null, Map.of(), null, null, null));

        assertThat(store.healthState("price")).contains(new HealthState(third, Map.of("IREN", longer), null, incident, null));
        assertThat(store.healthState("earnings")).contains(HealthState.INITIAL);
    }
}
