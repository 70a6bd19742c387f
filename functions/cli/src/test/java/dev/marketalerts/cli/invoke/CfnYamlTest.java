package dev.marketalerts.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CfnYamlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "!Ref StateTable                          | {\"Ref\":\"StateTable\"}",
            "!GetAtt Queue.Arn                        | {\"Fn::GetAtt\":[\"Queue\",\"Arn\"]}",
            "!GetAtt Stack.Outputs.TopicArn           | {\"Fn::GetAtt\":[\"Stack\",\"Outputs.TopicArn\"]}",
            "!Sub '${AWS::StackName}-alerts'          | {\"Fn::Sub\":\"${AWS::StackName}-alerts\"}",
            "!If [HasKey, !Ref Key, !Ref AWS::NoValue] | {\"Fn::If\":[\"HasKey\",{\"Ref\":\"Key\"},{\"Ref\":\"AWS::NoValue\"}]}",
            "!Not [!Equals [!Ref A, '']]              | {\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"A\"},\"\"]}]}",
            "!Join ['', [a, !Ref B]]                  | {\"Fn::Join\":[\"\",[\"a\",{\"Ref\":\"B\"}]]}",
            "!Condition HasKey                        | {\"Condition\":\"HasKey\"}",
            "!GetAZs ''                               | {\"Fn::GetAZs\":\"\"}",
    })
    void shortFormTagsBecomeLongForms(String yaml, String json) {
        assertThat(CfnYaml.parse("v: " + yaml).get("v").toString()).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "512          | 512",
            "\"512\"      | \"512\"",
            "true         | true",
            "2.5          | 2.5",
            "~            | null",
            "alias/aws/sns | \"alias/aws/sns\"",
    })
    void plainScalarsKeepTheirYamlTypes(String yaml, String json) {
        assertThat(CfnYaml.parse("v: " + yaml).get("v").toString()).isEqualTo(json);
    }
}
