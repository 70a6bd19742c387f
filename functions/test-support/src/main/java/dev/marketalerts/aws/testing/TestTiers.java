package dev.marketalerts.aws.testing;

/**
 * The JUnit tags of the slow test tiers. {@code ./mvnw test} (Surefire) leaves them out, so it needs neither Node nor
 * the packaged zips; {@code ./mvnw verify} (Failsafe, after {@code package}) runs exactly these.
 */
public final class TestTiers {
    /** Against dynalite or fauxqs, started with Node: {@link EmulatorTest}. */
    public static final String EMULATOR = "emulator";
    /** Starts child JVMs: {@link ProcessTest}. */
    public static final String PROCESS = "process";
    /** Reads or runs the packaged function zips, which exist only after {@code package}: {@link PackagedTest}. */
    public static final String PACKAGED = "packaged";

    private TestTiers() {
    }
}
