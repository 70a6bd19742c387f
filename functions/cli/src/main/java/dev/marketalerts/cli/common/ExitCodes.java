package dev.marketalerts.cli.common;

/** The exit codes of the alerts command. */
public final class ExitCodes {
    /** Everything was done. */
    public static final int OK = 0;
    /** The job ran, and some provider or notification failed; what was done is kept. */
    public static final int FAILURES = 1;
    /** Bad usage, or an invalid config or replay file: nothing was done. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
