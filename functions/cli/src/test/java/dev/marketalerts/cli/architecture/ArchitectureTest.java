package dev.marketalerts.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import dev.marketalerts.cli.architecture.ArchitectureRules.Adapter;
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

        assertThat(packages).contains("dev.marketalerts.core.job", "dev.marketalerts.marketdata", "dev.marketalerts.marketdata.factory", "dev.marketalerts.aws",
                "dev.marketalerts.aws.subscribe", "dev.marketalerts.local", "dev.marketalerts.lambda", "dev.marketalerts.wiring",
                "dev.marketalerts.cli", "dev.marketalerts.cli.common", "dev.marketalerts.price", "dev.marketalerts.earnings");
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

    @Test
    void noTwoPackagesImportEachOther() {
        RULES.noPackageCycles(List.of()).check(classes);
    }
}
