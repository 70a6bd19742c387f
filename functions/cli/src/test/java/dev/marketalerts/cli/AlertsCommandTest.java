package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlertsCommandTest {
    @TempDir
    Path dir;

    @Test
    void withoutACommandItSaysWhatItCanDoAndExits2() {
        Cli.Result r = Cli.run(dir);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("validate, run, backtest, state, invoke, subscribe");
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Cli.Result r = Cli.run(dir, "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("validate").contains("run").contains("backtest").contains("state").contains("Exit codes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "run", "backtest", "state", "state init"})
    void everyCommandHasHelp(String command) {
        String[] args = (command + " --help").split(" ");
        Cli.Result r = Cli.run(dir, args);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: alerts " + command);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Result r = Cli.run(dir, "frobnicate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }
}
