package dev.marketalerts.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {

    @Test
    void theSystemSleeperWaitsAtLeastTheDuration() throws InterruptedException {
        long start = System.nanoTime();
        Sleeper.SYSTEM.sleep(Duration.ofMillis(30).plusNanos(500_000));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }

    @Test
    void aZeroOrNegativeWaitReturnsWithoutSleeping() throws InterruptedException {
        Thread.currentThread().interrupt();
        try {
            // Thread.sleep would throw for an interrupted thread: returning shows it was not called
            Sleeper.SYSTEM.sleep(Duration.ZERO);
            Sleeper.SYSTEM.sleep(Duration.ofMillis(-5));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
