package dev.marketalerts.cli.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.aws.SnsNotifier;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertFormats;
import dev.marketalerts.core.alert.AlertJson;
import dev.marketalerts.core.alert.AlertKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Subscribing" section shows what the code produces: each example marked
 * {@code <!-- generated: NAME -->} is compared with the real rendering of the demo's NVDA earnings surprise, and the
 * filter-policy example with the command's real output; the SQS envelope example carries what the notifier publishes.
 */
class SubscribingDocsTest {
    private static final Path DOC = CommandRun.REPO.resolve("README.md");
    private static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String doc;
    private static Alert nvdaSurprise;

    @BeforeAll
    static void readDocAndRunTheDemo(@TempDir Path dir) throws IOException {
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
        CommandRun run = CommandRun.run(dir, Map.of(), "run", "--config", CommandRun.REPO.resolve("alerts.yaml").toString(),
                "--data", CommandRun.REPO.resolve("demo/data").toString(), "--at", "2026-02-25T18:00", "--outbox", "o.jsonl", "--state", "st");
        assertThat(run.exitCode()).as(run.err()).isZero();
        nvdaSurprise = Files.readAllLines(dir.resolve("o.jsonl")).stream().map(AlertJson::read)
                .filter(a -> a.symbol().equals("NVDA") && a.kind() == AlertKind.EARNINGS_SURPRISE).findFirst().orElseThrow();
    }

    /** The fenced blocks after the marker, in order. */
    private static List<String> blocksAfter(String name) {
        String marker = "<!-- generated: " + name + " -->";
        int at = doc.indexOf(marker);
        assertThat(at).as("README.md has " + marker).isNotNegative();
        List<String> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(doc);
        int from = at + marker.length();
        while (blocks.size() < 2 && m.find(from)) {
            blocks.add(m.group(1));
            from = m.end();
        }
        return blocks;
    }

    @Test
    void theEmailExampleIsTheRealSubjectAndBody() {
        assertThat(blocksAfter("email-subject").get(0)).isEqualTo(AlertFormats.subject(nvdaSurprise));
        assertThat(blocksAfter("email").get(0) + "\n").isEqualTo(AlertFormats.email(nvdaSurprise));
    }

    @Test
    void theSmsExampleIsTheRealLine() {
        assertThat(blocksAfter("sms").get(0)).isEqualTo(AlertFormats.sms(nvdaSurprise));
    }

    @Test
    void theJsonExampleIsTheRealAlertJson() {
        assertThat(blocksAfter("json").get(0)).isEqualTo(AlertJson.write(nvdaSurprise));
    }

    @Test
    void theSqsEnvelopeExampleCarriesTheSubjectMessageAndAttributesTheNotifierPublishes() throws IOException {
        int at = doc.indexOf("**sqs**: the message body is SNS's JSON envelope");
        assertThat(at).as("README.md shows the SQS envelope").isNotNegative();
        Matcher block = Pattern.compile("```json\\n(.*?)\\n\\s*```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find(at)).isTrue();
        JsonNode envelope = JSON.readTree(block.group(1));

        assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.path("Subject").asText()).isEqualTo(AlertFormats.subject(nvdaSurprise));
        assertThat(envelope.path("Message").asText())
                .isEqualTo(JSON.readTree(SnsNotifier.messageDocument(nvdaSurprise)).path("sqs").asText())
                .isEqualTo(AlertJson.write(nvdaSurprise));
        Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
        SnsNotifier.attributes(nvdaSurprise).forEach((name, value) ->
                attributes.put(name, Map.of("Type", value.dataType(), "Value", value.stringValue())));
        assertThat(JSON.convertValue(envelope.path("MessageAttributes"), Map.class)).containsExactlyEntriesOf(attributes);
    }

    @Test
    void theFilterPolicyExampleIsWhatTheCommandPrintsAndWhatTheAwsCliExamplePasses() throws IOException {
        List<String> blocks = blocksAfter("filter-policy");
        String command = blocks.get(0);
        assertThat(command).startsWith("./alerts filter-policy ");
        String[] args = command.substring("./alerts ".length()).split(" ");

        CommandRun r = CommandRun.run(CommandRun.REPO, Map.of(), args);

        assertThat(blocks.get(1)).isEqualTo(r.out().strip());
        Matcher attributes = Pattern.compile("--attributes '(\\{\"FilterPolicy\".*?)'").matcher(doc);
        assertThat(attributes.find()).as("the aws sns subscribe example").isTrue();
        assertThat(JSON.readTree(attributes.group(1)).path("FilterPolicy").asText()).isEqualTo(r.out().strip());
        assertThat(JSON.readTree(attributes.group(1)).path("FilterPolicyScope").asText()).isEqualTo("MessageAttributes");
    }

    @Test
    void theSectionShowsTheCommandsTheTemplateParameterAndTheConfirmationStep() {
        assertThat(doc).contains("\n## Subscribing\n")
                .contains("./alerts subscribe --topic-arn", "./alerts subscriptions --topic-arn", "./alerts unsubscribe arn:",
                        "aws sns subscribe --topic-arn", "AlertEmailFilterPolicy='$(./alerts filter-policy", "### Confirming an e-mail subscription",
                        "Confirm subscription");
    }
}
