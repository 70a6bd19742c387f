package dev.marketalerts.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlertFormatsTest {

    private static Alert alert(String symbol, Severity severity, String title, String text) {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("price", new BigDecimal("55.6100"));
        observed.put("change_since(2026-01-01)", new BigDecimal("0.471"));
        return new Alert(Alert.VERSION, "iren-ytd:" + symbol + ":price:1", "iren-ytd", symbol, AlertKind.PRICE, severity,
                title, text, Instant.parse("2026-01-23T21:05:00Z"), observed,
                new AlertSource("yahoo", Instant.parse("2026-01-23T21:00:00Z")));
    }

    private static Alert alert(String title) {
        return alert("IREN", Severity.INFO, title, "IREN Ltd (IREN): rule iren-ytd holds.");
    }

    @Test
    void emailCarriesTitleTextObservedValuesSourceRuleAndId() {
        String email = AlertFormats.email(alert("IREN", Severity.WARNING, "IREN up 47.1% since 2026-01-01", "IREN Ltd moved a lot."));

        assertThat(email).startsWith("IREN up 47.1% since 2026-01-01\n\nIREN Ltd moved a lot.\n")
                .contains("  price: 55.61\n", "  change_since(2026-01-01): 0.471\n")
                .contains("Source: yahoo, as of 2026-01-23T21:00:00Z")
                .contains("Rule: iren-ytd", "Severity: warning", "Kind: price")
                .contains("Alert id: iren-ytd:IREN:price:1");
    }

    @Test
    void smsOfAShortTitleIsTheTitleOnOneLine() {
        assertThat(AlertFormats.sms(alert("IREN up 47.1%\nsince 2026-01-01"))).isEqualTo("IREN up 47.1% since 2026-01-01");
    }

    @Test
    void smsNamesTheSymbolAndSeverityWhenTheTitleDoesNot() {
        Alert a = alert("BTC-USD", Severity.CRITICAL, "Bitcoin crossed below 80000", "text");

        assertThat(AlertFormats.sms(a)).isEqualTo("CRITICAL: BTC-USD: Bitcoin crossed below 80000");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "IREN reports earnings tomorrow for NVIDIA Corporation, the maker of graphics processors and accelerators, after the close on 2026-02-25, with a consensus EPS estimate of 1.52",
            "IREN Société Générale Électricité Nucléaire Société Générale Électricité Nucléaire Société Générale Électricité Nucléaire à côté",
            "🚀🚀🚀 IREN 🚀 up 🚀 47% 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀",
            "IREN 日本語のタイトル日本語のタイトル日本語のタイトル日本語のタイトル日本語のタイトル日本語のタイトル日本語のタイトル",
            "IREN aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa🚀",
    })
    void smsOfALongTitleFits140BytesAndEndsWithAnEllipsisOnACodePointBoundary(String title) {
        String sms = AlertFormats.sms(alert(title));

        byte[] bytes = sms.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(140);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(sms);
        assertThat(sms).endsWith("\u2026").doesNotContain("\n");
        assertThat(title).startsWith(sms.substring(0, sms.length() - 1));
    }

    @Test
    void smsTruncationKeepsAsMuchAsFits() {
        String title = "IREN " + "é".repeat(100);

        String sms = AlertFormats.sms(alert(title));

        // 5 ASCII bytes + 66 two-byte letters + a 3-byte ellipsis = 140 bytes; one more letter would not fit
        assertThat(sms).isEqualTo("IREN " + "é".repeat(66) + "\u2026");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "IREN up 47.1% since 2026-01-01            | IREN up 47.1% since 2026-01-01",
            "IREN — Société Générale 🚀 up “big”       | IREN - Societe Generale up \"big\"",
    })
    void subjectIsPrintableAsciiWithoutLineBreaks(String title, String expected) {
        assertThat(AlertFormats.subject(alert(title.strip()))).isEqualTo(expected);
    }

    @Test
    void subjectOfALongTitleIsCutUnder100Characters() {
        String subject = AlertFormats.subject(alert("IREN " + "word ".repeat(40)));

        assertThat(subject).hasSizeLessThanOrEqualTo(99).startsWith("IREN word word").endsWith("...");
    }

    @Test
    void subjectOfATitleWithNothingAsciiFallsBackToSymbolAndKind() {
        Alert a = alert("IREN", Severity.INFO, "🚀🚀🚀", "text");

        assertThat(AlertFormats.subject(a)).isEqualTo("IREN: price alert");
    }

    @Test
    void subjectTurnsLineBreaksAndTabsIntoSpaces() {
        assertThat(AlertFormats.subject(alert("IREN\r\nline\tbreaks"))).isEqualTo("IREN line breaks");
    }

    @Test
    void subjectPrefixesSeverityAboveInfo() {
        assertThat(AlertFormats.subject(alert("BTC-USD", Severity.WARNING, "BTC-USD crossed below 80000", "t")))
                .isEqualTo("WARNING: BTC-USD crossed below 80000");
    }

    @Test
    void lineIsOneReadableLineWithSeverityRuleAndSource() {
        String line = AlertFormats.line(alert("IREN", Severity.WARNING, "IREN up 47.1%\nsince 2026-01-01", "t"));

        assertThat(line).isEqualTo("[warning] IREN iren-ytd: IREN up 47.1% since 2026-01-01 (yahoo, as of 2026-01-23T21:00:00Z; id iren-ytd:IREN:price:1)");
    }

    @ParameterizedTest
    @CsvSource({"abc,3,abc", "abcd,4,abcd", "abcdef,5,ab\u2026", "aé,3,aé"})
    void truncateUtf8CutsOnlyWhenNeeded(String text, int max, String expected) {
        assertThat(AlertFormats.truncateUtf8(text, max)).isEqualTo(expected);
    }
}
