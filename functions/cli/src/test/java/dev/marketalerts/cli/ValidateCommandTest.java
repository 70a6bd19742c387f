package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidateCommandTest {
    @TempDir
    Path dir;

    @Test
    void shippedConfigIsValidAndCounted() {
        Cli.Result r = Cli.run(dir, "validate", "--config", Cli.SHIPPED_CONFIG.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).containsExactly("OK: 8 symbols, 6 rules");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void readsAlertsYamlInTheWorkingDirectoryByDefault() throws IOException {
        Files.writeString(dir.resolve("alerts.yaml"), """
                watchlist:
                  - { symbol: NVDA }
                rules:
                  - id: nvda-200
                    symbol: NVDA
                    when: price > 200
                """);

        Cli.Result r = Cli.run(dir, "validate");

        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).containsExactly("OK: 1 symbol, 1 rule");
    }

    @Test
    void brokenConfigPrintsEveryErrorWithItsPositionAndExits2() throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), """
                watchlist:
                  - { symbol: NVDA }
                rules:
                  - id: nvda-level
                    symbol: MSFT
                    when: price > 200
                  - id: nvda-bad
                    symbol: NVDA
                    when: price >> 200
                """);

        Cli.Result r = Cli.run(dir, "validate", "--config", "broken.yaml");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).startsWith("broken.yaml:5:").contains("MSFT"));
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).startsWith("broken.yaml:9:"));
        assertThat(r.errLines()).filteredOn(l -> l.matches("broken\\.yaml:\\d+:\\d+: .+")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"validate", "run", "backtest"})
    void deeplyNestedConditionIsAConfigErrorNotACrash(String command) throws IOException {
        String when = "(".repeat(2_000) + "price > 1" + ")".repeat(2_000);
        Files.writeString(dir.resolve("deep.yaml"), """
                watchlist:
                  - { symbol: NVDA }
                rules:
                  - id: deep
                    symbol: NVDA
                    when: %s
                """.formatted(when));
        String[] args = command.equals("backtest")
                ? new String[] {"backtest", "--config", "deep.yaml", "--data", ".", "--from", "2026-01-02", "--to", "2026-01-03"}
                : new String[] {command, "--config", "deep.yaml"};

        Cli.Result r = Cli.run(dir, args);

        // "    when: " is 10 columns; the 65th parenthesis is the first one too deep
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).first().asString()
                .startsWith("deep.yaml:6:" + (10 + 65) + ": invalid condition: the expression is nested more than 64 levels deep");
        assertThat(r.errLines()).last().isEqualTo("1 error in deep.yaml; nothing was done.");
        assertThat(r.err()).doesNotContain("StackOverflowError").doesNotContain("unexpected error");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"1048577", "10485760"})
    void configOverOneMebibyteIsRefusedWithItsSizeAndExits2(int bytes) throws IOException {
        Files.writeString(dir.resolve("big.yaml"), padded(bytes));

        Cli.Result r = Cli.run(dir, "validate", "--config", "big.yaml");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("big.yaml: the file is " + bytes
                + " bytes, more than the 1 MiB (1048576 bytes) a config may have; nothing was done.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void configOfExactlyOneMebibyteIsValid() throws IOException {
        Files.writeString(dir.resolve("big.yaml"), padded(1 << 20));

        Cli.Result r = Cli.run(dir, "validate", "--config", "big.yaml");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly("OK: 1 symbol, 1 rule");
    }

    /** A valid one-rule config, with a comment line that brings it to {@code bytes} bytes (ASCII). */
    private static String padded(int bytes) {
        String config = "watchlist: [{ symbol: NVDA }]\nrules: [{ id: nvda-200, symbol: NVDA, when: price > 200 }]\n";
        return config + "#" + "x".repeat(bytes - config.length() - 2) + "\n";
    }

    @Test
    void missingConfigIsAUsageError() {
        Cli.Result r = Cli.run(dir, "validate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("alerts.yaml: no such config file");
    }

    @Test
    void helpDescribesTheCommand() {
        Cli.Result r = Cli.run(dir, "validate", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: alerts validate").contains("--config");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result r = Cli.run(dir, "validate", "--no-such-option");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
    }
}
