package dev.marketalerts.cli.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketalerts.aws.subscribe.FilterPolicy;
import dev.marketalerts.cli.invoke.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts filter-policy}: the subscribe command's policy builder on its own, for the template's AlertEmailFilterPolicy. */
class FilterPolicyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHIPPED_CONFIG = CommandRun.REPO.resolve("alerts.yaml");

    @TempDir
    Path dir;

    private CommandRun alerts(String... args) {
        return CommandRun.run(dir, Map.of(), args);
    }

    @Test
    void printsThePolicyThatSubscribeSets() {
        CommandRun r = alerts("filter-policy", "--symbols", "NVDA,IREN", "--kinds", "earnings-reminder");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("{\"symbol\":[\"NVDA\",\"IREN\"],\"kind\":[\"earnings-reminder\"]}" + System.lineSeparator());
        assertThat(r.out().strip()).isEqualTo(FilterPolicy.forAlerts(List.of("NVDA", "IREN"), List.of("earnings-reminder"), Optional.empty(),
                List.of()).json().orElseThrow());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void severityMeansThatSeverityOrLouder() {
        CommandRun r = alerts("filter-policy", "--severity", "warning", "--rules", "btc-80k");

        assertThat(r.outLines()).containsExactly("{\"rule\":[\"btc-80k\"],\"severity\":[\"warning\",\"critical\"]}");
    }

    @Test
    void noOptionsPrintsNoPolicySoTheParameterStaysEmpty() {
        CommandRun r = alerts("filter-policy");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("no filter options: no filter policy, every alert is delivered");
    }

    @Test
    void symbolsAndRulesNotInTheConfigAreWarningsNotErrors() {
        CommandRun r = alerts("filter-policy", "--config", SHIPPED_CONFIG.toString(), "--symbols", "NVDA,TSLA,RIVN", "--rules", "iren-ytd,nvda-200");

        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).containsExactly("{\"symbol\":[\"NVDA\",\"TSLA\",\"RIVN\"],\"rule\":[\"iren-ytd\",\"nvda-200\"]}");
        assertThat(r.errLines()).hasSize(2);
        assertThat(r.errLines().get(0)).isEqualTo("warning: TSLA, RIVN are not in the watchlist of " + SHIPPED_CONFIG
                + ", so no alert has them yet (watchlist: NVDA, MSFT, META, AMZN, IREN, HUT, CIFR, BTC-USD)");
        assertThat(r.errLines().get(1)).startsWith("warning: nvda-200 is not a rule of " + SHIPPED_CONFIG + ", so no alert has it yet (rules: ")
                .contains("iren-ytd");
    }

    @Test
    void theConfigInTheWorkingDirectoryIsCheckedWhenThereIsOne() throws IOException {
        Files.copy(SHIPPED_CONFIG, dir.resolve("alerts.yaml"));

        CommandRun r = alerts("filter-policy", "--symbols", "tsla");

        assertThat(r.outLines()).containsExactly("{\"symbol\":[\"TSLA\"]}");
        assertThat(r.errLines()).singleElement().asString().startsWith("warning: TSLA is not in the watchlist of alerts.yaml, so no alert has it yet");
    }

    @Test
    void aConfigThatDoesNotLoadIsAWarningThatNothingWasChecked() throws IOException {
        Files.writeString(dir.resolve("alerts.yaml"), "watchlist: [\n");

        CommandRun r = alerts("filter-policy", "--symbols", "NVDA");

        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).containsExactly("{\"symbol\":[\"NVDA\"]}");
        assertThat(r.errLines()).containsExactly("warning: alerts.yaml could not be read (alerts validate --config alerts.yaml says why): "
                + "symbols and rules were not checked against it");
    }

    @Test
    void theTemplatesEmailSubscriptionTakesItsFilterPolicyFromTheParameterThisCommandPrints() throws IOException {
        SamTemplate template = SamTemplate.read(CommandRun.REPO.resolve("template.yaml"));
        JsonNode parameter = template.parameters().path("AlertEmailFilterPolicy");
        JsonNode subscription = template.resources().path("AlertEmailSubscription");

        assertThat(parameter.path("Type").asText()).isEqualTo("String");
        assertThat(parameter.path("Default").asText("missing")).isEmpty();
        assertThat(parameter.has("AllowedPattern")).as("a pattern could refuse the printed JSON").isFalse();
        assertThat(parameter.path("Description").asText()).contains("alerts filter-policy");
        assertThat(template.root().path("Conditions").path("HasAlertEmailFilterPolicy"))
                .isEqualTo(JSON.readTree("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"AlertEmailFilterPolicy\"},\"\"]}]}"));
        assertThat(subscription.path("Type").asText()).isEqualTo("AWS::SNS::Subscription");
        JsonNode properties = subscription.path("Properties");
        assertThat(properties.path("Protocol").asText()).isEqualTo("email");
        assertThat(properties.path("Endpoint")).isEqualTo(JSON.readTree("{\"Ref\":\"AlertEmail\"}"));
        assertThat(properties.path("FilterPolicyScope").asText()).isEqualTo("MessageAttributes");
        assertThat(properties.path("FilterPolicy")).isEqualTo(JSON.readTree(
                "{\"Fn::If\":[\"HasAlertEmailFilterPolicy\",{\"Ref\":\"AlertEmailFilterPolicy\"},{\"Ref\":\"AWS::NoValue\"}]}"));
    }
}
