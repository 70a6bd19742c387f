package dev.marketalerts.cli.invoke;

import dev.marketalerts.cli.invoke.RuntimeApiEmulator.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs a packaged function.zip the way the Lambda Java runtime does, without Docker: the zip is unpacked into a
 * task directory ({@code LAMBDA_TASK_ROOT}), a fresh JVM is started with the AWS Lambda Runtime Interface Client
 * (which loads the handler from the task directory with its own class loader, as Lambda does), and the event
 * is served through a local {@link RuntimeApiEmulator}. The process gets a clean environment (Lambda's
 * reserved variables, then the given ones) and its own temporary directory and runtime client JNI library, like a
 * cold container, so that invocations can run side by side; it is stopped once the invocation ends or the timeout passes.
 */
public final class LocalLambda {
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Lambda gives a function's init phase 10 seconds; locally we allow that on top of the timeout. */
    static final long INIT_GRACE_MILLIS = 10_000;
    /** How long an invoke waits, after the response, for the runtime to poll again (its logs are then written). */
    static final long IDLE_WAIT_MILLIS = 2_000;

    /** What to run. {@code environment} is the function's own (template and --env-file), without Lambda's reserved variables. */
    public record Settings(Path functionZip, String handler, String functionName, String runtime, int memoryMb,
                           int timeoutSeconds, String region, Map<String, String> environment) {
        public Settings {
            Objects.requireNonNull(functionZip, "functionZip");
            Objects.requireNonNull(handler, "handler");
            environment = Map.copyOf(environment);
        }
    }

    /** How the invocation ended. */
    public enum Status { RESPONSE, FUNCTION_ERROR, INIT_ERROR, TIMEOUT, EXITED }

    /**
     * The invocation: its status and the body Lambda would return (the response, or the error JSON), the init
     * duration (process start to the first request for an event), the duration (event handed out to
     * response), and the process's peak resident memory, when the platform tells it.
     */
    public record Result(String requestId, Status status, String body, double initMillis, double durationMillis,
                         int memorySizeMb, Optional<Long> maxMemoryUsedMb) {

        public String reportLine() {
            return "REPORT RequestId: " + requestId
                    + "\tDuration: " + String.format(java.util.Locale.ROOT, "%.2f", durationMillis) + " ms"
                    + "\tBilled Duration: " + (long) Math.ceil(durationMillis) + " ms"
                    + "\tMemory Size: " + memorySizeMb + " MB"
                    + "\tMax Memory Used: " + maxMemoryUsedMb.map(String::valueOf).orElse("n/a") + " MB"
                    + "\tInit Duration: " + String.format(java.util.Locale.ROOT, "%.2f", initMillis) + " ms";
        }

        public boolean ok() {
            return status == Status.RESPONSE;
        }
    }

    private final Settings settings;
    private final Map<String, String> callerEnvironment;

    /** @param callerEnvironment the caller's environment: only PATH and the standard AWS credential, region and endpoint variables pass through */
    public LocalLambda(Settings settings, Map<String, String> callerEnvironment) {
        this.settings = settings;
        this.callerEnvironment = Map.copyOf(callerEnvironment);
    }

    /** Runs one cold invocation of {@code event}; the function's output is copied to {@code logs} as it comes. */
    public Result invoke(byte[] event, PrintStream logs) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("alerts-invoke-");
        try {
            Path task = Files.createDirectories(work.resolve("task"));
            Path runtime = Files.createDirectories(work.resolve("runtime"));
            Path tmp = Files.createDirectories(work.resolve("tmp"));
            unzip(settings.functionZip(), task);
            List<Path> runtimeJars = LambdaRuntimeJars.extract(runtime);
            Optional<Path> jni = LambdaRuntimeJars.extractNativeLibrary(runtimeJars.get(0), runtime);
            try (RuntimeApiEmulator api = RuntimeApiEmulator.start()) {
                return run(api, event, task, runtimeJars, jni, tmp, logs);
            }
        } finally {
            deleteTree(work);
        }
    }

    private Result run(RuntimeApiEmulator api, byte[] event, Path task, List<Path> runtimeJars, Optional<Path> jni, Path tmp,
            PrintStream logs) throws IOException, InterruptedException {
        String requestId = UUID.randomUUID().toString();
        long timeoutMillis = settings.timeoutSeconds() * 1000L;
        String functionArn = "arn:aws:lambda:" + settings.region() + ":" + LocalValues.LOCAL_ACCOUNT + ":function:" + settings.functionName();
        CompletableFuture<Outcome> outcome = api.submit(new RuntimeApiEmulator.Invocation(requestId, event, timeoutMillis, functionArn,
                traceId()));

        ProcessBuilder pb = new ProcessBuilder(command(runtimeJars, jni, tmp));
        pb.directory(task.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment(api.address(), task, runtimeJars.get(0).getParent()));
        long started = System.nanoTime();
        Process process = pb.start();
        Thread out = pump(process.getInputStream(), logs);
        Thread err = pump(process.getErrorStream(), logs);
        try {
            CompletableFuture<Object> exited = process.onExit().thenApply(p -> (Object) p);
            // init phase: until the runtime first asks for an event
            Object initEnd = firstOf(List.of(api.firstNext().thenApply(t -> (Object) t), api.initError().thenApply(o -> (Object) o), exited),
                    timeoutMillis + INIT_GRACE_MILLIS);
            if (initEnd == null || !(initEnd instanceof Long initDone)) {
                Optional<Long> rss = peakRss(process);
                double initMillis = millis(System.nanoTime() - started);
                if (initEnd instanceof Outcome.InitError e) {
                    return new Result(requestId, Status.INIT_ERROR, utf8(e.body()), millis(e.completedNanos() - started), 0,
                            settings.memoryMb(), rss);
                }
                if (initEnd == null) {
                    return new Result(requestId, Status.TIMEOUT, errorJson("Runtime.InitTimeout",
                            "The function did not finish initialising within " + (timeoutMillis + INIT_GRACE_MILLIS) / 1000 + " seconds"),
                            initMillis, 0, settings.memoryMb(), rss);
                }
                return new Result(requestId, Status.EXITED, errorJson("Runtime.ExitError",
                        "Runtime exited during init with exit status " + process.exitValue()), initMillis, 0, settings.memoryMb(), rss);
            }
            double initMillis = millis(initDone - started);
            synchronized (logs) {
                logs.println("START RequestId: " + requestId + " Version: $LATEST");
            }
            // invoke phase: the event is handed out right away (it was queued before the process started)
            Object end = firstOf(List.of(outcome.thenApply(o -> (Object) o), exited), timeoutMillis + 1000);
            Optional<Long> rss = peakRss(process);
            if (end instanceof Outcome) {
                // the function's last log lines may still be on their way: wait for the runtime's next poll
                firstOf(List.of(api.secondNext().thenApply(t -> (Object) t), exited), IDLE_WAIT_MILLIS);
            }
            long handedOut = api.handedOutAt(requestId).orElse(initDone);
            if (end instanceof Outcome.Response r) {
                return new Result(requestId, Status.RESPONSE, utf8(r.body()), initMillis, millis(r.completedNanos() - handedOut),
                        settings.memoryMb(), rss);
            }
            if (end instanceof Outcome.Error e) {
                return new Result(requestId, Status.FUNCTION_ERROR, utf8(e.body()), initMillis, millis(e.completedNanos() - handedOut),
                        settings.memoryMb(), rss);
            }
            double duration = millis(System.nanoTime() - handedOut);
            if (end == null) {
                return new Result(requestId, Status.TIMEOUT, errorJson("Sandbox.Timedout", requestId + " Task timed out after "
                        + String.format(java.util.Locale.ROOT, "%.2f", (double) settings.timeoutSeconds()) + " seconds"),
                        initMillis, duration, settings.memoryMb(), rss);
            }
            return new Result(requestId, Status.EXITED, errorJson("Runtime.ExitError",
                    "Runtime exited with error: exit status " + process.exitValue()), initMillis, duration, settings.memoryMb(), rss);
        } finally {
            stop(process);
            out.join(2000);
            err.join(2000);
            logs.flush();
        }
    }

    List<String> command(List<Path> runtimeJars, Optional<Path> jni, Path tmp) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the flags the Lambda Java runtime starts the JVM with; the heap is most of the configured memory
        cmd.add("-XX:+TieredCompilation");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-Xmx" + Math.max(16, settings.memoryMb() * 85 / 100) + "m");
        cmd.add("-Djava.io.tmpdir=" + tmp);
        // the JNI library of this invocation's own runtime directory, not the one shared path every process writes
        jni.ifPresent(lib -> cmd.add("-D" + LambdaRuntimeJars.JNI_PROPERTY + "=" + lib));
        cmd.add("-classpath");
        cmd.add(String.join(java.io.File.pathSeparator, runtimeJars.stream().map(Path::toString).toList()));
        cmd.add(RIC_MAIN);
        cmd.add(settings.handler());
        return cmd;
    }

    /** Lambda's reserved variables, the caller's AWS settings, then the function's own environment. */
    Map<String, String> environment(String runtimeApi, Path task, Path runtimeDir) {
        Map<String, String> env = new LinkedHashMap<>();
        Optional.ofNullable(callerEnvironment.get("PATH")).ifPresent(v -> env.put("PATH", v));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        for (String name : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE",
                "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SNS")) {
            Optional.ofNullable(callerEnvironment.get(name)).ifPresent(v -> env.put(name, v));
        }
        // Lambda has no home directory; a caller's named profile is still found where the SDK would look for it
        Optional.ofNullable(callerEnvironment.get("HOME")).map(home -> Path.of(home, ".aws")).ifPresent(aws -> {
            if (Files.isRegularFile(aws.resolve("config"))) {
                env.putIfAbsent("AWS_CONFIG_FILE", aws.resolve("config").toString());
            }
            if (Files.isRegularFile(aws.resolve("credentials"))) {
                env.putIfAbsent("AWS_SHARED_CREDENTIALS_FILE", aws.resolve("credentials").toString());
            }
        });
        env.put("AWS_REGION", settings.region());
        env.put("AWS_DEFAULT_REGION", settings.region());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + Optional.ofNullable(settings.runtime()).orElse("java21"));
        env.put("AWS_LAMBDA_FUNCTION_NAME", settings.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(settings.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(settings.timeoutSeconds()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + settings.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("_HANDLER", settings.handler());
        env.putAll(settings.environment());
        return env;
    }

    private static Object firstOf(List<CompletableFuture<Object>> futures, long timeoutMillis) throws InterruptedException {
        try {
            return CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the local Lambda runner failed", e.getCause());
        }
    }

    /** Peak resident set size of the process in MB, from /proc (Linux); empty elsewhere. */
    static Optional<Long> peakRss(Process process) {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> l.replaceAll("[^0-9]", ""))
                    .filter(s -> !s.isEmpty())
                    .map(kb -> (Long.parseLong(kb) + 1023) / 1024)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(3, TimeUnit.SECONDS);
        }
    }

    private static Thread pump(InputStream in, PrintStream logs) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (logs) {
                        logs.write(buffer, 0, n);
                        logs.flush();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "function-logs");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException(zip + ": entry " + entry.getName() + " points outside the task directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String traceId() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.substring(0, 24)
                + ";Parent=" + hex.substring(8, 24) + ";Sampled=0";
    }

    private static String errorJson(String type, String message) {
        return "{\"errorType\":\"" + type + "\",\"errorMessage\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
