package dev.marketalerts.cli.subscribe;

import dev.marketalerts.cli.AlertsCommand;
import dev.marketalerts.cli.common.CliEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** What one in-process run of the alerts command printed, and its exit code. */
record CommandRun(int exitCode, String out, String err) {
    /** The repository root (tests run in functions/cli). */
    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    static CommandRun run(Path workDir, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = AlertsCommand.execute(new CliEnvironment(workDir, o, e, env,
                    Clock.fixed(Instant.parse("2026-02-27T12:00:00Z"), ZoneOffset.UTC)), args);
            return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
