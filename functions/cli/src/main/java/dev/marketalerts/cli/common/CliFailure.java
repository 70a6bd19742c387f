package dev.marketalerts.cli.common;

import java.util.List;

/**
 * An expected way for a command to end badly: the lines to print on stderr and the exit code
 * (1 the job ran and something failed, 2 bad usage or invalid input and nothing was done).
 */
public final class CliFailure extends RuntimeException {
    private final int exitCode;
    private final List<String> lines;

    public CliFailure(int exitCode, List<String> lines) {
        super(String.join(System.lineSeparator(), lines), null, false, false);
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, List.of(message));
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> lines() {
        return lines;
    }
}
