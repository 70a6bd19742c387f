package dev.marketalerts.marketdata.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SecretsTest {
    /** A key with the characters that encode differently: + / = a space, a quote, a backslash and a non-ASCII letter. */
    private static final String KEY = "Ab+c/d=e f\"g\\h\u00e9";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://finnhub.io/api/v1/quote?symbol=NVDA&token=abc123 | https://finnhub.io/api/v1/quote?symbol=NVDA&token=***",
        "https://www.alphavantage.co/query?function=GLOBAL_QUOTE&symbol=NVDA&apikey=XYZ | https://www.alphavantage.co/query?function=GLOBAL_QUOTE&symbol=NVDA&apikey=***",
        "https://x/y?x_cg_demo_api_key=k1&ids=bitcoin | https://x/y?x_cg_demo_api_key=***&ids=bitcoin",
        "failed: key SECRET-KEY-123 rejected | failed: key *** rejected",
        "failed: key SECRET%2DKEY%2D123 rejected | failed: key *** rejected",
        "failed: key SECRET%2dKEY-123 rejected | failed: key *** rejected",
        "{\"error\":\"key SECRET\\u002DKEY\\u002d123 rejected\"} | {\"error\":\"key *** rejected\"}",
        "x-cg-demo-api-key: SECRET-KEY-123 | x-cg-demo-api-key: ***",
        "monkey=banana stays | monkey=banana stays",
        "SECRET-KEY-124 is another key | SECRET-KEY-124 is another key",
    })
    void hidesKnownKeysAndCredentialParameters(String text, String expected) {
        Secrets secrets = new Secrets();
        secrets.register("SECRET-KEY-123");

        assertThat(secrets.redact(text)).isEqualTo(expected);
    }

    /** The ways a provider may echo {@link #KEY}, each worked out here with the JDK and Jackson. */
    static Stream<Arguments> encodedKeys() throws JsonProcessingException {
        String form = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
        String json = new ObjectMapper().writeValueAsString(KEY);
        String jsonBody = json.substring(1, json.length() - 1);
        return Stream.of(
                Arguments.of("as written", KEY),
                Arguments.of("form-encoded: upper-case hex, + for a space", form),
                Arguments.of("form-encoded with lower-case hex", lowerCaseHex(form)),
                Arguments.of("percent-encoded with %20 for a space", form.replace("+", "%20")),
                Arguments.of("every byte percent-encoded", percentEveryByte(KEY, "%%%02X")),
                Arguments.of("every byte percent-encoded, lower-case hex", percentEveryByte(KEY, "%%%02x")),
                Arguments.of("only the reserved characters encoded", KEY.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")),
                Arguments.of("a JSON string", jsonBody),
                Arguments.of("a JSON string with \\/", jsonBody.replace("/", "\\/")),
                Arguments.of("every character \\u-escaped", unicodeEscapeEveryChar(KEY, "\\u%04X")),
                Arguments.of("every character \\u-escaped, lower-case hex", unicodeEscapeEveryChar(KEY, "\\u%04x")),
                Arguments.of("half form-encoded, half \\u-escaped", form.substring(0, form.indexOf('%', 4))
                        + unicodeEscapeEveryChar(KEY.substring(KEY.indexOf('/')), "\\u%04x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedKeys")
    void hidesAKeyHoweverItIsEncoded(String how, String encoded) {
        Secrets secrets = new Secrets();
        secrets.register(KEY);

        assertThat(secrets.redact("before " + encoded + " after")).isEqualTo("before *** after");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedKeys")
    void everyInstancesKeysAreHiddenFromTheProcessWideRedaction(String how, String encoded) {
        new Secrets().register(KEY);

        assertThat(Secrets.redactEverywhere("before " + encoded + " after")).isEqualTo("before *** after");
    }

    @Test
    void aKeyThatContainsAnotherIsHiddenWhole() {
        Secrets secrets = new Secrets();
        secrets.register("abc123");
        secrets.register("abc123-longer");

        assertThat(secrets.redact("k=abc123-longer;")).isEqualTo("k=***;");
    }

    @Test
    void anotherInstancesKeyIsNotThisInstancesBusiness() {
        new Secrets().register("OTHER-KEY-456");

        assertThat(new Secrets().redact("OTHER-KEY-456")).isEqualTo("OTHER-KEY-456");
    }

    private static String lowerCaseHex(String encoded) {
        Matcher m = Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
        return m.replaceAll(r -> r.group().toLowerCase(Locale.ROOT));
    }

    private static String percentEveryByte(String s, String format) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format(Locale.ROOT, format, b & 0xff));
        }
        return out.toString();
    }

    private static String unicodeEscapeEveryChar(String s, String format) {
        return s.chars().mapToObj(c -> String.format(Locale.ROOT, format, c)).collect(Collectors.joining());
    }
}
