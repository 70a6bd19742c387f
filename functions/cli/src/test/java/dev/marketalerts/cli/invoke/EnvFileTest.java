package dev.marketalerts.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    @TempDir
    Path dir;

    @Test
    void readsKeyValueLinesWithCommentsExportsAndQuotes() throws IOException {
        Path f = write("""
                # local DynamoDB and SNS
                TABLE_NAME=alerts-state

                export TOPIC_ARN="arn:aws:sns:us-east-1:000000000000:alerts"
                AWS_ENDPOINT_URL='http://127.0.0.1:4566'
                EMPTY=
                """);

        assertThat(EnvFile.read(f, "PriceAlertsFunction")).containsExactly(
                java.util.Map.entry("TABLE_NAME", "alerts-state"),
                java.util.Map.entry("TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:alerts"),
                java.util.Map.entry("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
                java.util.Map.entry("EMPTY", ""));
    }

    @Test
    void readsSamEnvVarsJsonWithTheFunctionsOwnEntryWinning() throws IOException {
        Path f = write("""
                {"Parameters": {"AWS_REGION": "eu-west-1", "TABLE_NAME": "shared"},
                 "PriceAlertsFunction": {"TABLE_NAME": "price-table", "MEMORY": 512},
                 "EarningsAlertsFunction": {"TABLE_NAME": "earnings-table"}}
                """);

        assertThat(EnvFile.read(f, "PriceAlertsFunction"))
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("TABLE_NAME", "price-table")
                .containsEntry("MEMORY", "512")
                .hasSize(3);
    }

    @Test
    void aLineThatIsNotAnAssignmentIsRejectedWithItsLineNumber() throws IOException {
        Path f = write("TABLE_NAME=x\nthis is not an assignment\n");

        assertThatThrownBy(() -> EnvFile.read(f, "Fn")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":2: expected NAME=VALUE");
    }

    @Test
    void aNestedJsonValueIsRejected() throws IOException {
        Path f = write("{\"Fn\": {\"TABLE_NAME\": {\"Ref\": \"Table\"}}}");

        assertThatThrownBy(() -> EnvFile.read(f, "Fn")).hasMessageContaining("\"Fn.TABLE_NAME\" must be a string");
    }

    private Path write(String text) throws IOException {
        Path f = dir.resolve("env");
        Files.writeString(f, text);
        return f;
    }
}
