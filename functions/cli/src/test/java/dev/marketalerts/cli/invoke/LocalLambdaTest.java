package dev.marketalerts.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.aws.testing.ProcessTest;
import dev.marketalerts.cli.AlertsCommand;
import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.invoke.fixture.ProbeFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alerts invoke} with a plain handler ({@link ProbeFunction}) in a small zip and template: what the function's
 * environment holds, and how an error, a crash and a timeout end.
 */
@ProcessTest
class LocalLambdaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = ProbeFunction.class.getName() + "::";

    @TempDir
    static Path dir;

    @BeforeAll
    static void packageTheProbe() throws IOException, URISyntaxException {
        String entry = ProbeFunction.class.getName().replace('.', '/') + ".class";
        Path compiled = Path.of(ProbeFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(entry);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve("probe.zip")))) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(Files.readAllBytes(compiled));
            zip.closeEntry();
        }
        Files.writeString(dir.resolve("template.yaml"), """
                AWSTemplateFormatVersion: '2010-09-09'
                Transform: AWS::Serverless-2016-10-31
                Parameters:
                  Stage: { Type: String, Default: local-test }
                Globals:
                  Function:
                    Runtime: java21
                    CodeUri: probe.zip
                    MemorySize: 256
                    Timeout: 20
                    Environment:
                      Variables:
                        STAGE: !Ref Stage
                        TABLE_NAME: !Ref Table
                        GREETING: !Sub 'hello-${Stage}-${AWS::Region}'
                Resources:
                  Table: { Type: AWS::DynamoDB::Table }
                  Echo: { Type: AWS::Serverless::Function, Properties: { Handler: %1$secho } }
                  Sleepy: { Type: AWS::Serverless::Function, Properties: { Handler: %1$ssleep, Timeout: 1 } }
                  Crash: { Type: AWS::Serverless::Function, Properties: { Handler: %1$sexit } }
                  Fail: { Type: AWS::Serverless::Function, Properties: { Handler: %1$sfail } }
                """.formatted(HANDLER));
        Files.writeString(dir.resolve("event.json"), "{\"job\":\"price\"}");
    }

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void theFunctionGetsLambdasVariablesTheTemplatesLocalValuesAndTheEnvFile() throws IOException {
        Files.writeString(dir.resolve("env"), "STAGE=from-env-file\nEXTRA=1\n");

        Run run = invoke(Map.of("AWS_REGION", "eu-west-1", "CALLERS_OWN", "secret"), "Echo", "--env-file", "env");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.path("event").path("job").asText()).isEqualTo("price");
        JsonNode env = result.path("env");
        assertThat(env.path("STAGE").asText()).isEqualTo("from-env-file");
        assertThat(env.path("EXTRA").asText()).isEqualTo("1");
        assertThat(env.path("GREETING").asText()).isEqualTo("hello-local-test-eu-west-1");
        assertThat(env.has("TABLE_NAME")).as("a !Ref to a resource has no local value").isFalse();
        assertThat(env.has("CALLERS_OWN")).as("the caller's environment does not leak in").isFalse();
        assertThat(env.path("AWS_REGION").asText()).isEqualTo("eu-west-1");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_TIMEOUT").asText()).isEqualTo("20");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("local-Echo");
        assertThat(env.path("_HANDLER").asText()).isEqualTo(HANDLER + "echo");
        assertThat(env.path("AWS_LAMBDA_RUNTIME_API").asText()).startsWith("127.0.0.1:");
        assertThat(Path.of(env.path("LAMBDA_TASK_ROOT").asText()).getFileName().toString()).isEqualTo("task");
        assertThat(env.path("ALERTS_STATE_DIR").asText()).as("a cold container's empty state directory").contains("alerts-invoke-state-");
        assertThat(run.err()).contains("echo: handled an event of 15 characters").containsPattern("REPORT RequestId: .*Memory Size: 256 MB");
    }

    @Test
    void eachInvocationLoadsTheRuntimeClientsJniLibraryFromItsOwnDirectory() throws IOException {
        Run run = invoke(Map.of(), "Echo");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        Path jni = Path.of(result.path("jni").asText());
        Path workDir = Path.of(result.path("env").path("LAMBDA_TASK_ROOT").asText()).getParent();
        assertThat(jni).as("not the client's default /tmp/.libaws-lambda-jni.so, which every process shares")
                .isNotEqualTo(Path.of("/tmp/.libaws-lambda-jni.so"))
                .startsWithRaw(workDir);
        assertThat(jni.getFileName().toString()).startsWith("libaws-lambda-jni.linux").endsWith(".so");
        assertThat(workDir).as("the invocation's directory, library included, is deleted afterwards").doesNotExist();
    }

    @Test
    void eightInvocationsAtOnceAllSucceed() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return invoke(Map.of(), "Echo");
                }));
            }
            go.countDown();
            List<String> libraries = new ArrayList<>();
            for (Future<Run> f : futures) {
                Run run = f.get();
                assertThat(run.exitCode()).as(run.err()).isZero();
                libraries.add(JSON.readTree(run.out()).path("jni").asText());
            }
            assertThat(libraries).hasSize(n).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExceptionIsTheFunctionsErrorAndExitsOne() throws IOException {
        Run run = invoke(Map.of(), "Fail");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode error = JSON.readTree(run.out());
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("errorMessage").asText()).isEqualTo("boom");
        assertThat(run.err()).contains("the function returned an error");
    }

    @Test
    void aProcessThatExitsIsReportedWithItsStatus() throws IOException {
        Run run = invoke(Map.of(), "Crash");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(run.out()).path("errorMessage").asText()).isEqualTo("Runtime exited with error: exit status 3");
    }

    @Test
    void theTemplatesTimeoutIsEnforced() throws IOException {
        Run run = invoke(Map.of(), "Sleepy");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode error = JSON.readTree(run.out());
        assertThat(error.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.path("errorMessage").asText()).endsWith("Task timed out after 1.00 seconds");
        assertThat(run.err()).contains("the function timed out");
    }

    @Test
    void anEventFileOver256KiBIsAUsageErrorWithItsSize() throws IOException {
        String event = "{\"job\":\"price\"}";
        int bytes = 256 * 1024 + 1;
        Files.writeString(dir.resolve("big.json"), event + " ".repeat(bytes - event.length()));

        Run run = invokeWith(Map.of(), "Echo", "big.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("alerts invoke: the event file " + dir.resolve("big.json") + " is " + bytes
                + " bytes, more than the 256 KiB (262144 bytes) Lambda accepts for an asynchronous invocation" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    private static Run invoke(Map<String, String> env, String logicalId, String... more) {
        return invokeWith(env, logicalId, "event.json", more);
    }

    private static Run invokeWith(Map<String, String> env, String logicalId, String eventFile, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = new HashMap<>(env);
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String[] args = new String[4 + more.length];
        args[0] = "invoke";
        args[1] = logicalId;
        args[2] = "--event";
        args[3] = eventFile;
        System.arraycopy(more, 0, args, 4, more.length);
        int code = AlertsCommand.execute(new CliEnvironment(dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, Clock.systemUTC()), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
