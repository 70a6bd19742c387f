package dev.marketalerts.cli.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketalerts.aws.subscribe.Subscription;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionTableTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "sms    | +14155550123                         | +*******0123",
            "sms    | +4915112345678                       | +*********5678",
            "email  | you@example.com                      | you@example.com",
            "https  | https://hooks.example.com/a          | https://hooks.example.com/a",
            "https  | https://bot:s3cret@hooks.example.com/a | https://bot:****@hooks.example.com/a",
            "sqs    | arn:aws:sqs:us-east-1:123456789012:q | arn:aws:sqs:us-east-1:123456789012:q",
    })
    void phoneNumbersKeepTheirLastFourDigitsAndUrlsLoseTheirPassword(String protocol, String endpoint, String shown) {
        assertThat(SubscriptionTable.endpoint(protocol, endpoint)).isEqualTo(shown);
    }

    @Test
    void theTableHasOneAlignedRowPerSubscription() {
        List<String> lines = SubscriptionTable.render(List.of(
                new Subscription("arn:aws:sns:us-east-1:123456789012:t:11111111-1111-1111-1111-111111111111", "sqs",
                        "arn:aws:sqs:us-east-1:123456789012:q", Optional.of("{\"kind\":[\"price\"]}"), "MessageAttributes", false),
                new Subscription("PendingConfirmation", "email", "you@example.com", Optional.empty(), null, true),
                new Subscription("arn:aws:sns:us-east-1:123456789012:t:22222222-2222-2222-2222-222222222222", "sms", "+14155550123",
                        Optional.of("{\"symbol\":[\"NVDA\"]}"), "MessageBody", false)));

        assertThat(lines).containsExactly(
                "PROTOCOL  ENDPOINT                              FILTER POLICY                              SUBSCRIPTION",
                "sqs       arn:aws:sqs:us-east-1:123456789012:q  {\"kind\":[\"price\"]}                         "
                        + "arn:aws:sns:us-east-1:123456789012:t:11111111-1111-1111-1111-111111111111",
                "email     you@example.com                       (not known until confirmed)                pending confirmation",
                "sms       +*******0123                          {\"symbol\":[\"NVDA\"]} (on the message body)  "
                        + "arn:aws:sns:us-east-1:123456789012:t:22222222-2222-2222-2222-222222222222");
    }
}
