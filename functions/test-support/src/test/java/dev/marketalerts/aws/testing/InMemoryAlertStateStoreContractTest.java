package dev.marketalerts.aws.testing;

import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.testing.InMemoryAlertStateStore;

/** The fake that the core's job tests use must keep the same contract as the real stores. */
class InMemoryAlertStateStoreContractTest extends AlertStateStoreContractTest {

    @Override
    protected AlertStateStore newStore() {
        return new InMemoryAlertStateStore();
    }

    /** The fake keeps its state in the instance itself, so the same instance stands for the reopened store. */
    @Override
    protected AlertStateStore reopen() {
        return store;
    }
}
