package dev.marketalerts.cli.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda Java runtime's own jars (the Runtime Interface Client and what it needs), which the build copies
 * into this module's resources under {@code lambda-runtime/}. They are written out for the function's JVM so
 * that its class path holds only the runtime, as in Lambda, and never the CLI's classes.
 */
final class LambdaRuntimeJars {
    static final String RESOURCE_DIR = "lambda-runtime/";
    /** The names the build gives them (maven-dependency-plugin destFileName in the cli pom). */
    static final List<String> JARS = List.of(
            "aws-lambda-java-runtime-interface-client.jar",
            "aws-lambda-java-core.jar",
            "aws-lambda-java-serialization.jar",
            "utils-lite.jar");

    private LambdaRuntimeJars() {
    }

    /** Writes the jars into {@code directory}, the runtime client first. */
    static List<Path> extract(Path directory) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String jar : JARS) {
            try (InputStream in = LambdaRuntimeJars.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + jar)) {
                if (in == null) {
                    throw new IOException("the Lambda runtime jar " + RESOURCE_DIR + jar + " is missing from the alerts command's "
                            + "class path: build it with ./mvnw package (the cli module copies the runtime jars)");
                }
                Path target = directory.resolve(jar);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                out.add(target);
            }
        }
        return out;
    }
}
