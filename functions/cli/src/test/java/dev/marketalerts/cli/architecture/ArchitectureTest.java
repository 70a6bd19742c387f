package dev.marketalerts.cli.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import dev.marketalerts.cli.architecture.ArchitectureRules.Adapter;
import dev.marketalerts.cli.architecture.ArchitectureRules.KnownCycle;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The modules' arrows (docs/DESIGN.md, "Module map") held on the production classes of every module: those on this
 * module's class path and the two function handlers', which the reactor built before this module.
 */
class ArchitectureTest {
    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final ArchitectureRules RULES = new ArchitectureRules("dev.marketalerts");
    private static final List<Path> HANDLERS = List.of(
            REPO.resolve("functions/price-alerts/target/classes"), REPO.resolve("functions/earnings-alerts/target/classes"));
    /**
     * Test code besides test-classes directories: the test-support module's jar, and core's test jar, which the class
     * path holds as a jar once the reactor has packaged it.
     */
    private static final ImportOption NO_TEST_JARS = location -> !location.contains("/dev/marketalerts/aws/testing/")
            && !location.contains("-tests.jar");

    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        Set<Location> locations = new HashSet<>(Locations.ofPackage("dev.marketalerts"));
        for (Path handler : HANDLERS) {
            assertThat(handler).as("the handler's classes (build the reactor first)").isDirectory();
            locations.add(Location.of(handler));
        }
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(NO_TEST_JARS)
                .importLocations(locations);
    }

    static Stream<Adapter> adapters() {
        return RULES.adapters().stream();
    }

    /** A rule over classes it never saw would hold trivially. */
    @Test
    void theRulesSeeEveryModulesClassesAndNoTestCode() {
        Set<String> packages = new HashSet<>(classes.stream().map(JavaClass::getPackageName).toList());

        assertThat(packages).contains("dev.marketalerts.core.job", "dev.marketalerts.marketdata", "dev.marketalerts.aws",
                "dev.marketalerts.aws.subscribe", "dev.marketalerts.local", "dev.marketalerts.lambda", "dev.marketalerts.wiring",
                "dev.marketalerts.cli", "dev.marketalerts.price", "dev.marketalerts.earnings");
        assertThat(classes.stream().map(JavaClass::getName))
                .noneMatch(name -> name.startsWith("dev.marketalerts.aws.testing.") || name.startsWith("dev.marketalerts.core.testing.")
                        || name.endsWith("Test"));
    }

    @Test
    void coreImportsNoOtherModule() {
        RULES.coreImportsNoOtherModule().check(classes);
    }

    @Test
    void coreKnowsNoAwsType() {
        RULES.coreKnowsNoAwsType().check(classes);
    }

    @Test
    void coreOpensNoConnection() {
        RULES.coreOpensNoConnection().check(classes);
    }

    @Test
    void coreReadsAndWritesNoFile() {
        RULES.coreReadsAndWritesNoFile().check(classes);
    }

    @Test
    void coreValuesCarryNoJacksonAnnotations() {
        RULES.coreValuesCarryNoJacksonAnnotations().check(classes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adapters")
    void anAdapterImportsNoOtherAdapter(Adapter adapter) {
        RULES.importsNoOtherAdapter(adapter).check(classes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adapters")
    void onlyTheRuntimeAndTheCliImportAnAdapter(Adapter adapter) {
        RULES.importedOnlyByItsImporters(adapter).check(classes);
    }

    /**
     * Cycles to untie, each left out of the cycle rule by the dependencies that close it; {@link #eachKnownCycleIsStillThere}
     * fails once one is untied, so that it leaves this list.
     */
    static final List<KnownCycle> KNOWN_CYCLES = List.of(
            // the factory builds every provider, and every provider implements the root package's PriceSource/EarningsSource
            new KnownCycle("marketdata <-> its provider packages (MarketDataFactory)",
                    belongTo("dev.marketalerts.marketdata.MarketDataFactory"),
                    resideInAnyPackage("dev.marketalerts.marketdata.alphavantage", "dev.marketalerts.marketdata.coinbase",
                            "dev.marketalerts.marketdata.coingecko", "dev.marketalerts.marketdata.finnhub",
                            "dev.marketalerts.marketdata.fmp", "dev.marketalerts.marketdata.nasdaq",
                            "dev.marketalerts.marketdata.yahoo")),
            // the root package holds both the command that registers the subcommands (AlertsCommand, BacktestCommand) and
            // what the subcommands share (CliEnvironment, CliFailure, AlertLines)
            new KnownCycle("cli <-> its subcommand packages (the root package registers them and holds what they share)",
                    resideInAPackage("dev.marketalerts.cli"),
                    resideInAPackage("dev.marketalerts.cli..").and(resideOutsideOfPackage("dev.marketalerts.cli"))));

    static Stream<KnownCycle> knownCycles() {
        return KNOWN_CYCLES.stream();
    }

    @Test
    void noPackageCyclesBesideTheKnownOnes() {
        RULES.noPackageCycles(KNOWN_CYCLES).check(classes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownCycles")
    void eachKnownCycleIsStillThere(KnownCycle cycle) {
        List<KnownCycle> others = KNOWN_CYCLES.stream().filter(c -> c != cycle).toList();

        assertThatThrownBy(() -> RULES.noPackageCycles(others).check(classes))
                .as("%s is untied: take it out of KNOWN_CYCLES", cycle)
                .isInstanceOf(AssertionError.class);
    }

    private static DescribedPredicate<JavaClass> belongTo(String className) {
        return describe("belong to " + className,
                c -> c.getName().equals(className) || c.getName().startsWith(className + "$"));
    }
}
