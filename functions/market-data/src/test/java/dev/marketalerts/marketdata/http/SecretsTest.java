package dev.marketalerts.marketdata.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://finnhub.io/api/v1/quote?symbol=NVDA&token=abc123 | https://finnhub.io/api/v1/quote?symbol=NVDA&token=***",
        "https://www.alphavantage.co/query?function=GLOBAL_QUOTE&symbol=NVDA&apikey=XYZ | https://www.alphavantage.co/query?function=GLOBAL_QUOTE&symbol=NVDA&apikey=***",
        "https://x/y?x_cg_demo_api_key=k1&ids=bitcoin | https://x/y?x_cg_demo_api_key=***&ids=bitcoin",
        "failed: key SECRET-KEY-123 rejected | failed: key *** rejected",
        "monkey=banana stays | monkey=banana stays",
    })
    void hidesKnownKeysAndCredentialParameters(String text, String expected) {
        Secrets secrets = new Secrets();
        secrets.register("SECRET-KEY-123");

        assertThat(secrets.redact(text)).isEqualTo(expected);
    }
}
