package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.cli.backtest.Backtest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line naming the watch ticks that asked the providers stays short however long the backtest. */
class WatchLineTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");

    private static Backtest.Result asked(int n) {
        List<Instant> ticks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ticks.add(Instant.parse("2026-02-25T21:05:00Z").plus(Duration.ofMinutes(5L * i)));
        }
        return new Backtest.Result(List.of(), Map.of(), n, n, ticks, 0);
    }

    @Test
    void aFewTicksAreAllListed() {
        assertThat(BacktestCommand.watchLine(asked(2), NY))
                .isEqualTo("Watch ticks that asked the providers: 2026-02-25 16:05 EST, 2026-02-25 16:10 EST.");
    }

    @Test
    void manyTicksListTheFirstTwelveAndCountTheRest() {
        String line = BacktestCommand.watchLine(asked(30_000), NY);

        assertThat(line).startsWith("Watch ticks that asked the providers: 2026-02-25 16:05 EST, ")
                .endsWith(" and 29988 more (30000 in all).");
        assertThat(line.split(" EST").length - 1).isEqualTo(12);
    }
}
