package dev.marketalerts.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalValuesTest {
    @TempDir
    static Path dir;
    private static LocalValues values;

    @BeforeAll
    static void template() throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Parameters:
                  Prefix: { Type: String, Default: market-alerts }
                  Empty: { Type: String, Default: '' }
                  NoDefault: { Type: String }
                Conditions:
                  HasEmpty: !Not [!Equals [!Ref Empty, '']]
                Resources:
                  Table: { Type: AWS::DynamoDB::Table }
                """);
        values = new LocalValues(SamTemplate.read(file), "eu-west-1");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "DROPPED", value = {
            "plain                                  | plain",
            "!Ref Prefix                            | market-alerts",
            "!Ref Empty                             | ''",
            "!Ref NoDefault                         | DROPPED",
            "!Ref Table                             | DROPPED",
            "!GetAtt Table.Arn                      | DROPPED",
            "!Ref AWS::Region                       | eu-west-1",
            "!Sub '/${Prefix}/${AWS::AccountId}'    | /market-alerts/000000000000",
            "!Sub '${Table}-x'                      | DROPPED",
            "!Sub '${Table.Arn}/index'              | DROPPED",
            "!Sub '${!Literal}'                     | ${Literal}",
            "!If [HasEmpty, yes-value, no-value]    | no-value",
            "!Join [':', [a, !Ref Prefix]]          | a:market-alerts",
            "!Ref AWS::NoValue                      | DROPPED",
    })
    void resolvesToLocalValuesOrDropsWhatNamesADeployedResource(String yaml, String expected) {
        var node = CfnYaml.parse("v: " + yaml).get("v");
        assertThat(values.resolve(node).orElse(null)).isEqualTo(expected == null ? null : expected.equals("''") ? "" : expected);
    }
}
