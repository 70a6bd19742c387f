package dev.marketalerts.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Child JVMs of the fault tests: the same java binary and class path as this test JVM, started in a working directory. */
final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run of the alerts command did. */
    record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private ChildJvm() {
    }

    static ProcessBuilder builder(Path workDir, List<String> wrapper, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(),
                // short-lived children: quick start matters more than peak speed
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(workDir.toFile());
    }

    /** Runs {@code commands} (each an alerts command line) one after another in one child process and returns each run. */
    static List<Run> runAlerts(Path workDir, List<List<String>> commands) {
        return runAlerts(workDir, null, List.of(), commands);
    }

    /**
     * Like {@link #runAlerts(Path, List)}, with the child's stdout connected to {@code console} (null: each run's console
     * is captured; {@code Redirect.PIPE}: a pipe whose reader closes at once) and its command line after {@code wrapper}
     * (prlimit, say).
     */
    static List<Run> runAlerts(Path workDir, ProcessBuilder.Redirect console, List<String> wrapper, List<List<String>> commands) {
        List<String> args = new ArrayList<>(List.of(console == null ? "captured" : "console"));
        for (List<String> c : commands) {
            if (args.size() > 1) {
                args.add(TickRunner.THEN);
            }
            args.addAll(c);
        }
        ProcessBuilder pb = builder(workDir, wrapper, TickRunner.class, args)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(console == null ? ProcessBuilder.Redirect.DISCARD : console);
        try {
            Process p = pb.start();
            if (console == ProcessBuilder.Redirect.PIPE) {
                p.getInputStream().close();
            }
            List<String> stderr;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                stderr = r.lines().toList();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("the runs did not end within " + TIMEOUT_SECONDS + " s");
            }
            assertThat(p.exitValue()).as("exit code of the runner process (stderr: %s)", stderr).isZero();
            List<Run> runs = new ArrayList<>();
            for (String line : stderr) {
                if (line.startsWith(TickRunner.REPORT)) {
                    JsonNode n = JSON.readTree(line.substring(TickRunner.REPORT.length()));
                    runs.add(new Run(n.get("exit").asInt(), n.get("out").asText(), n.get("err").asText()));
                }
            }
            assertThat(runs).as("runs reported (stderr: %s)", stderr).hasSize(commands.size());
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A {@link GatedTick} process, its stdout read line by line as it comes. */
    static final class Gated implements AutoCloseable {
        private final Process process;
        private final Path errFile;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Gated(Path workDir, List<String> args) {
            errFile = workDir.resolve("gated-" + System.nanoTime() + ".err");
            try {
                process = builder(workDir, List.of(), GatedTick.class, args).redirectError(errFile.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process was killed
                }
            }, "gated-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until the process stands at the gate, printing {@code marker}. */
        void awaitLine(String marker) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (line.equals(marker)) {
                        return;
                    }
                } else if (!process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
            fail("no line '" + marker + "' from the gated tick; stdout " + seen + ", stderr " + stderr());
        }

        /** SIGKILL, as {@code kill -9}: no shutdown hook, no finally block, no flush runs. Returns the exit code (137). */
        int kill9() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            return awaitExit();
        }

        /** Lets the gated tick go on past its gate and returns its exit code. */
        int release() throws IOException, InterruptedException {
            OutputStream in = process.getOutputStream();
            in.write('\n');
            in.flush();
            return awaitExit();
        }

        private int awaitExit() throws InterruptedException {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("the gated tick did not end");
            }
            return process.exitValue();
        }

        String stderr() {
            try {
                return Files.exists(errFile) ? Files.readString(errFile) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
