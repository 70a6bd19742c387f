package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.marketdata.http.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"validate", "run", "backtest", "state", "state init", "invoke", "subscribe",
            "subscriptions", "unsubscribe", "filter-policy"})
    void everyCommandAnswersDashVWithTheVersion(String command) {
        String[] args = (command + " -V").split(" ");
        Cli.Result r = Cli.run(dir, args);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("alerts 0.1.0");
    }

    @Test
    void theHelpListGivesEachCommandAWholeFirstSentence() {
        Cli.Result r = Cli.run(dir, "--help");

        String invoke = r.out().substring(r.out().indexOf("  invoke "), r.out().indexOf("  subscribe "));
        assertThat(invoke.replaceAll("\\s+", " ").strip()).isEqualTo("invoke Runs a function of template.yaml from its packaged zip as Lambda would.");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Result r = Cli.run(dir, "frobnicate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }

    @ParameterizedTest(name = "ALERTS_DEBUG={0}")
    @ValueSource(booleans = {false, true})
    void anUnexpectedErrorIsReportedWithoutTheKeyItsMessageQuotes(boolean debug) {
        new Secrets().register("SECRET-KEY-123");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = new CliEnvironment(dir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), debug ? Map.of("ALERTS_DEBUG", "1") : Map.of(), Clock.systemUTC());
        RuntimeException e = new IllegalStateException("GET https://x.example/q?symbol=NVDA&token=SECRET-KEY-123 failed",
                new IOException("refused: x-cg-demo-api-key: SECRET%2DKEY%2D123"));

        int code = AlertsCommand.unexpected(env, "run", e);

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        assertThat(printed).startsWith("alerts run: unexpected error: IllegalStateException: GET https://x.example/q?symbol=NVDA&token=***"
                + " failed <- IOException: refused: x-cg-demo-api-key: ***").doesNotContain("SECRET");
        if (debug) {
            assertThat(printed).contains("\tat dev.marketalerts.cli.AlertsCommandTest").contains("Caused by: java.io.IOException");
        }
    }
}
