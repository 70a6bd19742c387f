package dev.marketalerts.cli.faults;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.cli.AlertsCommand;
import dev.marketalerts.cli.common.CliEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A child process of {@link FileStoreFaultsTest}: several {@code alerts} command lines run one after another through the
 * CLI's entry point, as that many runs of the launcher would (one JVM start instead of several). Each run's exit code,
 * stdout and stderr go to this process's stderr as one line, {@code RUN} and JSON (a pipe: no file size limit applies);
 * with {@code console} the runs print to this process's real stdout (whatever the test connected it to) instead of a
 * buffer.
 *
 * <p>Arguments: captured|console ARGS... [--then ARGS...]...
 */
public final class TickRunner {
    public static final String THEN = "--then";
    public static final String REPORT = "RUN ";

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        boolean console = args[0].equals("console");
        ObjectMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        for (List<String> command : split(Arrays.asList(args).subList(1, args.length))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                CliEnvironment env = new CliEnvironment(Path.of("").toAbsolutePath(), console ? System.out : o, e, System.getenv(),
                        Clock.systemUTC());
                code = AlertsCommand.execute(env, command.toArray(String[]::new));
            }
            ObjectNode line = json.createObjectNode()
                    .put("exit", code)
                    .put("out", out.toString(StandardCharsets.UTF_8))
                    .put("err", err.toString(StandardCharsets.UTF_8));
            System.err.println(REPORT + json.writeValueAsString(line));
            System.err.flush();
        }
    }

    private static List<List<String>> split(List<String> args) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String a : args) {
            if (a.equals(THEN)) {
                commands.add(current);
                current = new ArrayList<>();
            } else {
                current.add(a);
            }
        }
        commands.add(current);
        return commands;
    }
}
