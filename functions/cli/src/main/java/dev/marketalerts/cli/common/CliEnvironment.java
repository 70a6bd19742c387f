package dev.marketalerts.cli.common;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the command takes from the process: the working directory that relative paths are read
 * against, the output streams, the environment and the clock. Tests pass their own to run it in-process.
 */
public record CliEnvironment(Path workDir, PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {

    public CliEnvironment {
        workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(clock, "clock");
    }

    /** The real process: its working directory, System.out/err, System.getenv() and the UTC system clock. */
    public static CliEnvironment system() {
        return new CliEnvironment(Path.of("").toAbsolutePath(), System.out, System.err, System.getenv(), Clock.systemUTC());
    }

    /** A path given on the command line, read against the working directory. */
    public Path resolve(String path) {
        return workDir.resolve(path).normalize();
    }
}
