package dev.marketalerts.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.testing.AlertStateStoreContractTest;
import dev.marketalerts.aws.testing.TestAlerts;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.job.MemoryAlertStateStore;
import java.time.Duration;
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
}
