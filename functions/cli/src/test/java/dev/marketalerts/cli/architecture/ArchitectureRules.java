package dev.marketalerts.cli.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.stream.Stream;

/**
 * The modules' arrows as ArchUnit rules, over the packages under one root: {@code dev.marketalerts} for the project,
 * another root for the fixture that shows each rule failing on code that breaks it.
 */
final class ArchitectureRules {
    /** An adapter module, its packages, and the packages allowed to import it besides its own. */
    record Adapter(String module, List<String> packages, List<String> importers) {
        @Override
        public String toString() {
            return module;
        }
    }

    private final String root;

    ArchitectureRules(String root) {
        this.root = root;
    }

    String core() {
        return root + ".core..";
    }

    List<String> runtime() {
        return List.of(root + ".lambda..", root + ".wiring..");
    }

    String cli() {
        return root + ".cli..";
    }

    /** The subscriptions run only in the CLI (in no function zip), so runtime may not import them either. */
    List<Adapter> adapters() {
        List<String> runtimeAndCli = Stream.concat(runtime().stream(), Stream.of(cli())).toList();
        return List.of(
                new Adapter("aws-adapters", List.of(root + ".aws"), runtimeAndCli),
                new Adapter("subscriptions", List.of(root + ".aws.subscribe.."), List.of(cli())),
                new Adapter("local-adapters", List.of(root + ".local.."), runtimeAndCli),
                new Adapter("market-data", List.of(root + ".marketdata.."), runtimeAndCli));
    }

    ArchRule coreImportsNoOtherModule() {
        return noClasses().that().resideInAPackage(core())
                .should().dependOnClassesThat(resideInAPackage(root + "..").and(resideOutsideOfPackage(core())))
                .as("core imports no other module of the project");
    }

    ArchRule coreKnowsNoAwsType() {
        return noClasses().that().resideInAPackage(core())
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .as("core knows no AWS type");
    }

    /** java.net.URI is a value and allowed; whatever opens a connection is not. */
    ArchRule coreOpensNoConnection() {
        return noClasses().that().resideInAPackage(core())
                .should().dependOnClassesThat(resideInAnyPackage("java.net.http..", "javax.net..")
                        .or(assignableTo(URLConnection.class))
                        .or(belongToAnyOf(URL.class, Socket.class, ServerSocket.class, DatagramSocket.class)))
                .as("core opens no connection (no HTTP client, URL, URLConnection or socket)");
    }

    ArchRule coreReadsAndWritesNoFile() {
        return noClasses().that().resideInAPackage(core())
                .should().dependOnClassesThat(resideInAPackage("java.nio.file..")
                        .or(belongToAnyOf(File.class, FileInputStream.class, FileOutputStream.class, FileReader.class,
                                FileWriter.class, RandomAccessFile.class, FileChannel.class)))
                .as("core reads and writes no file (no java.nio.file, File*, RandomAccessFile, FileChannel)");
    }

    /** Core parses YAML and JSON with Jackson's trees (databind is allowed); its values carry no mapping annotations. */
    ArchRule coreValuesCarryNoJacksonAnnotations() {
        return noClasses().that().resideInAPackage(core())
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson.annotation..")
                .as("core's values carry no Jackson annotations");
    }

    ArchRule importsNoOtherAdapter(Adapter adapter) {
        String[] others = adapters().stream().filter(a -> !a.equals(adapter)).flatMap(a -> a.packages().stream())
                .toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(array(adapter.packages()))
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .as(adapter + " imports no other adapter");
    }

    ArchRule importedOnlyByItsImporters(Adapter adapter) {
        String[] allowed = Stream.concat(adapter.packages().stream(), adapter.importers().stream()).toArray(String[]::new);
        return noClasses().that().resideOutsideOfPackages(allowed)
                .should().dependOnClassesThat().resideInAnyPackage(array(adapter.packages()))
                .as(adapter + " is imported only by " + adapter.importers());
    }

    /**
     * A package cycle the project knows of and has not untied yet: the dependencies from {@code origin} to {@code target}
     * that close it, which the cycle rule leaves out.
     */
    record KnownCycle(String name, DescribedPredicate<JavaClass> origin, DescribedPredicate<JavaClass> target) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Every package is its own slice: no two packages import each other, directly or round a longer cycle, except by
     * the dependencies of the known cycles.
     */
    ArchRule noPackageCycles(List<KnownCycle> known) {
        SliceRule rule = slices().matching(root + ".(**)").should().beFreeOfCycles();
        for (KnownCycle cycle : known) {
            rule = rule.ignoreDependency(cycle.origin(), cycle.target());
        }
        return rule.as("no cycle between the packages of " + root + (known.isEmpty() ? "" : " besides " + known));
    }

    private static String[] array(List<String> packages) {
        return packages.toArray(String[]::new);
    }
}
