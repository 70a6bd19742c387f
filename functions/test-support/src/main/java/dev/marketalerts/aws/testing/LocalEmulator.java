package dev.marketalerts.aws.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Test support: starts one of the pinned npm emulators (dynalite for DynamoDB, fauxqs for SNS/SQS) with
 * {@code node} on a free 127.0.0.1 port, waits until it answers, and stops it on {@link #close()}. A missing
 * {@code node} or npm package fails the test with what to do; it is never skipped. The emulator also exits by
 * itself when this JVM dies (its launcher ends when its stdin closes).
 */
public final class LocalEmulator implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_TRIES = 3;

    /** The emulators the tests use, each with its launcher under tools/emulators and its pinned npm version. */
    public enum Kind {
        DYNALITE("dynalite", "4.0.0", "dynalite.cjs"),
        FAUXQS("fauxqs", "1.9.2", "fauxqs.mjs");

        final String npmPackage;
        final String version;
        final String launcher;

        Kind(String npmPackage, String version, String launcher) {
            this.npmPackage = npmPackage;
            this.version = version;
            this.launcher = launcher;
        }
    }

    private final Kind kind;
    private final Process process;
    private final int port;
    private final Path log;

    private LocalEmulator(Kind kind, Process process, int port, Path log) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static LocalEmulator dynalite() {
        return start(Kind.DYNALITE);
    }

    public static LocalEmulator fauxqs() {
        return start(Kind.FAUXQS);
    }

    public static LocalEmulator start(Kind kind) {
        Path nodeModules = nodeModules();
        Path launcher = nodeModules.getParent().resolve("tools").resolve("emulators").resolve(kind.launcher);
        checkNode("node");
        checkPackage(nodeModules, kind);
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException("emulator launcher " + launcher + " is missing");
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_TRIES; attempt++) {
            try {
                return launch(kind, launcher, freePort());
            } catch (IllegalStateException e) {
                // most likely the free port was taken between choosing and binding it: try another
                last = e;
            }
        }
        throw last;
    }

    /** {@code http://127.0.0.1:PORT}, for endpointOverride / AWS_ENDPOINT_URL. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.flush();
        } catch (IOException e) {
            // closing stdin is the polite stop; destroy below is the firm one
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file
        }
    }

    private static LocalEmulator launch(Kind kind, Path launcher, int port) {
        Path log;
        Process process;
        try {
            log = Files.createTempFile(kind.npmPackage + "-", ".log");
            process = new ProcessBuilder("node", launcher.toString(), Integer.toString(port))
                    .directory(launcher.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + kind.npmPackage + " with node: " + e.getMessage(), e);
        }
        LocalEmulator emulator = new LocalEmulator(kind, process, port, log);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String output = emulator.output();
                emulator.close();
                throw new IllegalStateException(kind.npmPackage + " exited with code " + process.exitValue()
                        + " before listening on 127.0.0.1:" + port + ":\n" + output);
            }
            if (answers(port)) {
                return emulator;
            }
            sleep(100);
        }
        String output = emulator.output();
        emulator.close();
        throw new IllegalStateException(kind.npmPackage + " did not listen on 127.0.0.1:" + port + " within "
                + START_TIMEOUT.toSeconds() + " s:\n" + output);
    }

    private String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** {@code node.tools.dir} (set by the build), else the node_modules of the first ancestor with a package.json. */
    static Path nodeModules() {
        String configured = System.getProperty("node.tools.dir");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json")) && Files.isDirectory(dir.resolve("tools").resolve("emulators"))) {
                return dir.resolve("node_modules");
            }
        }
        throw new IllegalStateException("cannot find the repository root (package.json and tools/emulators) above "
                + Paths.get("").toAbsolutePath() + "; set -Dnode.tools.dir=REPO/node_modules");
    }

    static void checkNode(String node) {
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("`node --version` failed (" + version + "): install Node 20 or newer");
            }
        } catch (IOException e) {
            throw new IllegalStateException(node + " not found on PATH: install Node 20 or newer (with npm), then run `npm ci`"
                    + " in the repository root; the DynamoDB and SNS tests run against local emulators started with node", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking node", e);
        }
    }

    static void checkPackage(Path nodeModules, Kind kind) {
        Path manifest = nodeModules.resolve(kind.npmPackage).resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("npm package " + kind.npmPackage + " is not installed in " + nodeModules
                    + ": run `npm ci` in the repository root (the Maven build does it before the aws tests)");
        }
        String installed;
        try {
            installed = new ObjectMapper().readTree(manifest.toFile()).path("version").asText();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + manifest + ": run `npm ci` in the repository root", e);
        }
        if (!kind.version.equals(installed)) {
            throw new IllegalStateException(kind.npmPackage + " " + installed + " is installed but the tests need "
                    + kind.version + " (package-lock.json): run `npm ci` in the repository root");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an emulator", e);
        }
    }

    @Override
    public String toString() {
        return kind.npmPackage + "@" + endpoint();
    }
}
