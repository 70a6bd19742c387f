package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    @Test
    void shippedConfigIsValidAndCounted() {
        Cli.Result r = Cli.run(dir, "validate", "--config", Cli.SHIPPED_CONFIG.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).containsExactly("OK: 8 symbols, 4 rules");
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
