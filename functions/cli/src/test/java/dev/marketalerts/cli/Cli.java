package dev.marketalerts.cli;

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

/** Runs the alerts command in-process in a working directory, capturing what it prints. */
final class Cli {
    /** The repository root (tests run in functions/cli). */
    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    static final Path SHIPPED_CONFIG = REPO.resolve("alerts.yaml");
    static final Path DEMO_DATA = REPO.resolve("demo/data");

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Cli() {
    }

    static Result run(Path workDir, String... args) {
        return run(workDir, Map.of(), Clock.fixed(Instant.parse("2026-02-27T12:00:00Z"), ZoneOffset.UTC), args);
    }

    /** Like {@link #run}, with stdout and stderr into one stream, in the order they were written (as a terminal shows them). */
    static Result runOneStream(Path workDir, Map<String, String> env, Clock clock, String... args) {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        try (PrintStream s = new PrintStream(both, true, StandardCharsets.UTF_8)) {
            int code = AlertsCommand.execute(new CliEnvironment(workDir, s, s, env, clock), args);
            String text = both.toString(StandardCharsets.UTF_8);
            return new Result(code, text, text);
        }
    }

    static Result run(Path workDir, Map<String, String> env, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = AlertsCommand.execute(new CliEnvironment(workDir, o, e, env, clock), args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
