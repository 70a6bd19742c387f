package dev.marketalerts.cli.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.marketalerts.cli.architecture.ArchitectureRules.Adapter;
import dev.marketalerts.cli.architecture.ArchitectureRules.KnownCycle;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest} fails on code that breaks it: the same rules over the fixture package, whose
 * classes break them on purpose (they are test classes, which ArchitectureTest never imports).
 */
class ArchitectureRulesTest {
    private static final String FIXTURE = "dev.marketalerts.cli.architecture.fixture";
    private static final ArchitectureRules RULES = new ArchitectureRules(FIXTURE);
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);
    private static final Map<String, Adapter> ADAPTERS = RULES.adapters().stream()
            .collect(Collectors.toMap(Adapter::module, a -> a));

    @Test
    void theFixtureIsImported() {
        assertThat(CLASSES.stream().map(c -> c.getSimpleName()))
                .contains("LeakyConfig", "Rule", "AwsStore", "Subscriptions", "LocalStore", "Provider", "Wiring", "Handler");
    }

    @Test
    void aCoreClassImportingAnAdapterBreaksCoreImportsNoOtherModule() {
        assertBroken(RULES.coreImportsNoOtherModule(), FIXTURE + ".aws.AwsStore");
    }

    @Test
    void aCoreClassHoldingAnSnsClientBreaksCoreKnowsNoAwsType() {
        assertBroken(RULES.coreKnowsNoAwsType(), "software.amazon.awssdk.services.sns.SnsClient");
    }

    @Test
    void aCoreClassBuildingAnHttpClientBreaksCoreOpensNoConnection() {
        assertBroken(RULES.coreOpensNoConnection(), "java.net.http.HttpClient");
    }

    @Test
    void aCoreClassReadingAFileBreaksCoreReadsAndWritesNoFile() {
        assertBroken(RULES.coreReadsAndWritesNoFile(), "java.nio.file.Files");
    }

    @Test
    void aJacksonAnnotationOnACoreValueBreaksItsRule() {
        assertBroken(RULES.coreValuesCarryNoJacksonAnnotations(), "com.fasterxml.jackson.annotation.JsonProperty");
    }

    @Test
    void anAwsAdapterImportingTheLocalAdapterBreaksImportsNoOtherAdapter() {
        assertBroken(RULES.importsNoOtherAdapter(ADAPTERS.get("aws-adapters")), FIXTURE + ".local.LocalStore");
    }

    @Test
    void anAdapterThatImportsNoOtherAdapterHoldsItsRule() {
        assertThatCode(() -> RULES.importsNoOtherAdapter(ADAPTERS.get("local-adapters")).check(CLASSES)).doesNotThrowAnyException();
    }

    @Test
    void anAdapterImportedByCoreAnotherAdapterOrAHandlerBreaksImportedOnlyByItsImporters() {
        assertBroken(RULES.importedOnlyByItsImporters(ADAPTERS.get("aws-adapters")), FIXTURE + ".core.config.LeakyConfig");
        assertBroken(RULES.importedOnlyByItsImporters(ADAPTERS.get("local-adapters")), FIXTURE + ".aws.AwsStore");
        assertBroken(RULES.importedOnlyByItsImporters(ADAPTERS.get("market-data")), FIXTURE + ".price.Handler");
    }

    @Test
    void theWiringImportingTheSubscriptionsBreaksTheirRuleThoughItMayImportTheOtherAdapters() {
        assertBroken(RULES.importedOnlyByItsImporters(ADAPTERS.get("subscriptions")), FIXTURE + ".wiring.Wiring");
        assertThatThrownBy(() -> RULES.importedOnlyByItsImporters(ADAPTERS.get("market-data")).check(CLASSES))
                .message().doesNotContain("Wiring");
    }

    @Test
    void twoPackagesImportingEachOtherBreakNoPackageCycles() {
        assertBroken(RULES.noPackageCycles(List.of()), FIXTURE + ".core.config.LeakyConfig");
        assertThatThrownBy(() -> RULES.noPackageCycles(List.of()).check(CLASSES)).hasMessageContaining("Cycle detected")
                .hasMessageContaining(FIXTURE + ".core.rules.Rule");
    }

    @Test
    void aKnownCycleIsLeftOutByTheDependenciesThatCloseItAndNoOther() {
        KnownCycle rulesToConfig = new KnownCycle("core.rules -> core.config", resideInAPackage(FIXTURE + ".core.rules"),
                resideInAPackage(FIXTURE + ".core.config"));
        KnownCycle awsToLocal = new KnownCycle("aws -> local", resideInAPackage(FIXTURE + ".aws"),
                resideInAPackage(FIXTURE + ".local"));

        assertThatCode(() -> RULES.noPackageCycles(List.of(rulesToConfig)).check(CLASSES)).doesNotThrowAnyException();
        assertBroken(RULES.noPackageCycles(List.of(awsToLocal)), FIXTURE + ".core.rules.Rule");
    }

    private static void assertBroken(ArchRule rule, String offender) {
        assertThatThrownBy(() -> rule.check(CLASSES))
                .as(rule.getDescription())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(rule.getDescription())
                .hasMessageContaining(offender);
    }
}
