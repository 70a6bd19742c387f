package dev.marketalerts.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.marketalerts.aws.testing.GeneratedBlock;
import dev.marketalerts.core.alert.AlertJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert example under the README's "What it does" is what the command prints and writes: the shipped rules on the
 * demo data at a fixed time, with a fresh state, so its ids and times never change. The test runs the command shown
 * and compares the block (or, with {@code -DupdateDocs=true}, rewrites it).
 */
class ReadmeAlertExampleTest {
    private static final String BLOCK = "alert-example";
    private static final Path README = Cli.REPO.resolve("README.md");
    private static final String FRESH_STATE = "\"$(mktemp -d)\"";
    private static final String OUTBOX = "alert.jsonl";
    /** The command as the README shows it, run from the repository root. */
    private static final List<String> SHOWN = List.of("run", "--data", "demo/data", "--at", "2026-01-23T16:05", "--job", "price",
            "--state", FRESH_STATE, "--outbox", OUTBOX);
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();
    /** Two-space indentation and {@code "key": value}, as people write JSON by hand. */
    private static final DefaultPrettyPrinter INDENTED = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    @TempDir
    Path dir;

    @Test
    void theWhatItDoesExampleIsWhatTheCommandPrintsAndWrites() throws IOException {
        // run from the repository root, the command reads alerts.yaml there
        List<String> args = new ArrayList<>(List.of(SHOWN.get(0), "--config", Cli.SHIPPED_CONFIG.toString()));
        for (String arg : SHOWN.subList(1, SHOWN.size())) {
            args.add(switch (arg) {
                case "demo/data" -> Cli.DEMO_DATA.toString();
                case FRESH_STATE -> Files.createTempDirectory(dir, "state-").toString();
                default -> arg;
            });
        }

        Cli.Result run = Cli.runOneStream(dir, Map.of(), Clock.fixed(Instant.parse("2026-02-27T12:00:00Z"), ZoneOffset.UTC),
                args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.out()).isZero();
        List<String> outbox = Files.readAllLines(dir.resolve(OUTBOX));
        assertThat(outbox).as("the outbox holds the one alert of that tick").hasSize(1);
        String line = outbox.get(0);
        assertThat(AlertJson.write(AlertJson.read(line))).as("the outbox line is an alert as the job writes it").isEqualTo(line);
        JsonNode alert = JSON.readTree(line);
        assertThat(alert.path("rule").asText()).isEqualTo("iren-ytd");

        String measured = "```sh\n./alerts " + String.join(" ", SHOWN) + "\n```\n\n"
                + "```text\n" + run.out().strip() + "\n```\n\n"
                + "`" + OUTBOX + "` gets the alert as one line of JSON (the message that SQS, HTTPS and Lambda subscribers get); "
                + "indented:\n\n"
                + "```json\n" + JSON.writer(INDENTED).writeValueAsString(alert) + "\n```";
        String doc = Files.readString(README, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("updateDocs")) {
            Files.writeString(README, GeneratedBlock.replace(doc, BLOCK, measured), StandardCharsets.UTF_8);
            return;
        }
        String documented = GeneratedBlock.read(doc, BLOCK);
        if (!documented.equals(measured)) {
            fail("README.md's alert example is not what the command printed; regenerate it with\n"
                    + "  ./mvnw -B -ntp -pl functions/cli test -Dtest=ReadmeAlertExampleTest -DupdateDocs=true\n"
                    + GeneratedBlock.diff(documented, measured));
        }
    }
}
