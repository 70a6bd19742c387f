package dev.marketalerts.cli.invoke;

import dev.marketalerts.cli.common.CliEnvironment;
import dev.marketalerts.cli.common.CliFailure;
import dev.marketalerts.cli.common.ExitCodes;
import dev.marketalerts.lambda.LambdaSetting;
import dev.marketalerts.lambda.ScheduleEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code alerts invoke LOGICAL-ID --event FILE [--env-file F]}: runs a function's packaged zip the way Lambda does
 * (see {@link LocalLambda}), the Docker-free twin of {@code sam local invoke}. The result goes to stdout; the
 * function's logs and the START / END / REPORT lines go to stderr as they come.
 */
@Command(name = "invoke",
        mixinStandardHelpOptions = true,
        description = {"Runs a function of template.yaml from its packaged zip as Lambda would.",
                "A fresh JVM with the Lambda Runtime Interface Client, a local Runtime API, the template's memory, timeout and environment.",
                "Environment values that name deployed resources (!Ref Table, !GetAtt Topic.Arn) are left out, so with no",
                "--env-file the function keeps its state under its own temporary directory and prints alerts in its log;",
                "give TABLE_NAME, TOPIC_ARN, AWS_ENDPOINT_URL (and credentials) in --env-file to use DynamoDB and SNS.",
                "Exit codes: 0 the function answered; 1 it failed (error, timeout, crash); 2 bad usage."})
public final class InvokeCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Parameters(index = "0", paramLabel = "LOGICAL-ID", description = "The function's logical id in the template, e.g. PriceAlertsFunction.")
    private String logicalId;

    @Option(names = "--event", required = true, paramLabel = "FILE",
            description = "The event JSON, e.g. events/price-scheduler.json (a relative path not found in the working directory is read in the template's).")
    private String event;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Environment overrides: KEY=VALUE lines, or sam local invoke's --env-vars JSON {\"LogicalId\":{\"KEY\":\"VALUE\"}}.")
    private String envFile;

    @Option(names = "--template", paramLabel = "FILE",
            description = "The SAM template (default: the nearest template.yaml in the working directory or above it, else the one of the project this command was built in).")
    private String template;

    public InvokeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path templateFile;
        if (template != null) {
            templateFile = existing(template, "template");
        } else {
            try {
                templateFile = TemplateSearch.find(environment.workDir(), TemplateSearch.commandHome());
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage("alerts invoke: " + e.getMessage());
            }
        }
        SamTemplate sam;
        try {
            sam = SamTemplate.read(templateFile);
        } catch (IOException | RuntimeException e) {
            throw CliFailure.usage("alerts invoke: cannot read " + templateFile + ": " + e.getMessage());
        }
        FunctionSpec fn = sam.function(logicalId).orElseThrow(() -> CliFailure.usage("alerts invoke: " + templateFile
                + " has no AWS::Serverless::Function '" + logicalId + "'; its functions: " + String.join(", ", sam.functions().keySet())));
        if (fn.codeUri() == null || fn.handler() == null) {
            throw CliFailure.usage("alerts invoke: " + logicalId + " needs a CodeUri (a path) and a Handler in " + templateFile);
        }
        Path zip = sam.directory().resolve(fn.codeUri()).normalize();
        if (!Files.isRegularFile(zip)) {
            throw CliFailure.usage("alerts invoke: " + zip + " does not exist: package the functions first with ./mvnw -B -ntp package -DskipTests");
        }
        Path eventFile = eventFile(sam.directory());
        long eventSize = Files.size(eventFile);
        if (eventSize > ScheduleEvent.MAX_BYTES) {
            throw CliFailure.usage("alerts invoke: the event file " + eventFile + " is " + eventSize + " bytes, " + ScheduleEvent.TOO_LARGE);
        }
        byte[] payload = Files.readAllBytes(eventFile);
        String region = Optional.ofNullable(environment.env().get("AWS_REGION"))
                .or(() -> Optional.ofNullable(environment.env().get("AWS_DEFAULT_REGION"))).orElse("us-east-1");
        Map<String, String> functionEnv = new LinkedHashMap<>();
        LocalValues values = new LocalValues(sam, region);
        fn.environment().forEach((name, value) -> values.resolve(value).ifPresent(v -> functionEnv.put(name, v)));
        if (envFile != null) {
            try {
                functionEnv.putAll(EnvFile.read(existing(envFile, "env file"), logicalId));
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage("alerts invoke: " + e.getMessage());
            }
            region = Optional.ofNullable(functionEnv.get("AWS_REGION")).orElse(region);
        }
        // Each invoke is a cold container: the embedded store starts empty, unless --env-file names a directory to keep.
        Path coldState = null;
        if (!functionEnv.containsKey(LambdaSetting.ALERTS_STATE_DIR.name())) {
            coldState = Files.createTempDirectory("alerts-invoke-state-");
            functionEnv.put(LambdaSetting.ALERTS_STATE_DIR.name(), coldState.toString());
        }
        String functionName = "local-" + logicalId;
        LocalLambda lambda = new LocalLambda(new LocalLambda.Settings(zip, fn.handler(), functionName, fn.runtime(), fn.memoryMb(),
                fn.timeoutSeconds(), region, functionEnv), environment.env());

        PrintStream err = environment.err();
        LocalLambda.Result result;
        err.println("Invoking " + fn.handler() + " (" + fn.runtime() + ") from " + environment.workDir().relativize(zip.toAbsolutePath()));
        try {
            result = lambda.invoke(payload, err);
        } finally {
            if (coldState != null) {
                LocalLambda.deleteTree(coldState);
            }
        }
        err.println("END RequestId: " + result.requestId());
        err.println(result.reportLine());
        err.flush();
        environment.out().println(result.body());
        environment.out().flush();
        if (!result.ok()) {
            err.println("alerts invoke: " + describe(result.status()));
        }
        return result.ok() ? ExitCodes.OK : ExitCodes.FAILURES;
    }

    private static String describe(LocalLambda.Status status) {
        return switch (status) {
            case FUNCTION_ERROR -> "the function returned an error";
            case INIT_ERROR -> "the function failed to initialise";
            case TIMEOUT -> "the function timed out";
            case EXITED -> "the function's process exited before answering";
            case RESPONSE -> "ok";
        };
    }

    /** The event as given, or, when a relative path is not in the working directory, the project's (events/...). */
    private Path eventFile(Path templateDirectory) {
        Path given = environment.resolve(event);
        Path inProject = templateDirectory.resolve(event).normalize();
        if (!Files.isRegularFile(given) && !Path.of(event).isAbsolute() && Files.isRegularFile(inProject)) {
            return inProject;
        }
        return existing(event, "event");
    }

    private Path existing(String path, String what) {
        Path p = environment.resolve(path);
        if (!Files.isRegularFile(p)) {
            throw CliFailure.usage("alerts invoke: the " + what + " file " + p + " does not exist");
        }
        return p;
    }
}
