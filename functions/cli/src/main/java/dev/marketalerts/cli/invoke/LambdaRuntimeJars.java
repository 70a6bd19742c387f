package dev.marketalerts.cli.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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

    /**
     * The system property through which the Runtime Interface Client loads its JNI library from a given file. Without it
     * the client writes the library to one fixed path, {@code /tmp/.libaws-lambda-jni.so}, in every process, so function
     * JVMs started together overwrite each other's library while they load it.
     */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private LambdaRuntimeJars() {
    }

    /**
     * Writes the runtime client's JNI library for this platform from {@code runtimeClientJar} into {@code directory}, for
     * {@link #JNI_PROPERTY}; empty where the client has none (it only ships Linux x86_64 and arm64, glibc and musl).
     */
    static Optional<Path> extractNativeLibrary(Path runtimeClientJar, Path directory) throws IOException {
        Optional<String> name = nativeLibraryName(System.getProperty("os.name"), System.getProperty("os.arch"), isMusl());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try (ZipFile jar = new ZipFile(runtimeClientJar.toFile())) {
            ZipEntry entry = jar.getEntry("jni/" + name.get());
            if (entry == null) {
                return Optional.empty();
            }
            Path target = directory.resolve(name.get());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(target);
        }
    }

    /** The file name in the client's {@code jni/} folder for a JVM on {@code osName}/{@code osArch}, glibc or musl. */
    static Optional<String> nativeLibraryName(String osName, String osArch, boolean musl) {
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux") || osArch == null) {
            return Optional.empty();
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        return Optional.ofNullable(arch).map(a -> "libaws-lambda-jni." + (musl ? "linux_musl-" : "linux-") + a + ".so");
    }

    /** Whether this JVM, and so the function's JVM (the same java), runs on musl libc (Alpine) rather than glibc. */
    private static boolean isMusl() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("musl");
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
