package dev.marketalerts.core.alert;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;

/**
 * The human renderings of an alert: the e-mail body, the one-line SMS (at most 140 UTF-8
 * bytes), the console line and the e-mail subject (ASCII, no line breaks, under 100 characters).
 */
public final class AlertFormats {
    /** SMS messages published through SNS: at most 140 bytes. */
    public static final int SMS_MAX_BYTES = 140;
    /** SNS wants subjects "less than 100 characters long". */
    public static final int SUBJECT_MAX_CHARS = 99;

    private static final String ELLIPSIS = "\u2026";

    private AlertFormats() {
    }

    /** Readable multi-line text: title, text, observed values, data source, rule and id. */
    public static String email(Alert alert) {
        StringBuilder b = new StringBuilder()
                .append(alert.title()).append("\n\n")
                .append(alert.text()).append("\n\n");
        if (!alert.observed().isEmpty()) {
            b.append("Observed:\n");
            for (Map.Entry<String, Object> e : alert.observed().entrySet()) {
                b.append("  ").append(e.getKey()).append(": ").append(value(e.getValue())).append('\n');
            }
            b.append('\n');
        }
        return b.append("Source: ").append(alert.source().provider()).append(", as of ").append(alert.source().asOf()).append('\n')
                .append("Triggered: ").append(alert.triggeredAt()).append('\n')
                .append("Rule: ").append(alert.rule())
                .append(" | Symbol: ").append(alert.symbol())
                .append(" | Kind: ").append(alert.kind().wireName())
                .append(" | Severity: ").append(alert.severity().wireName()).append('\n')
                .append("Alert id: ").append(alert.id()).append('\n')
                .toString();
    }

    /** One line of at most {@value #SMS_MAX_BYTES} UTF-8 bytes, cut on a code-point boundary with an ellipsis. */
    public static String sms(Alert alert) {
        String text = oneLine(severityPrefix(alert) + withSymbol(alert));
        return truncateUtf8(text, SMS_MAX_BYTES);
    }

    /** The console line: severity, symbol, rule, title and the data it rests on. */
    public static String line(Alert alert) {
        return oneLine("[" + alert.severity().wireName() + "] " + alert.symbol() + " " + alert.rule() + ": " + alert.title()
                + " (" + alert.source().provider() + ", as of " + alert.source().asOf() + "; id " + alert.id() + ")");
    }

    /** The e-mail subject: printable ASCII only, no line breaks, at most {@value #SUBJECT_MAX_CHARS} characters. */
    public static String subject(Alert alert) {
        String title = toAscii(oneLine(alert.title()));
        if (title.isEmpty()) {
            title = alert.kind().wireName() + " alert";
        }
        String subject = toAscii(severityPrefix(alert) + (title.contains(alert.symbol()) ? title : alert.symbol() + ": " + title));
        if (subject.length() <= SUBJECT_MAX_CHARS) {
            return subject;
        }
        return subject.substring(0, SUBJECT_MAX_CHARS - 3).stripTrailing() + "...";
    }

    /**
     * The longest prefix of {@code text} whose UTF-8 form fits {@code maxBytes}, ending with an ellipsis when
     * something was cut. Never splits a code point (a surrogate pair stays whole or goes whole).
     */
    public static String truncateUtf8(String text, int maxBytes) {
        if (utf8Length(text) <= maxBytes) {
            return text;
        }
        int budget = maxBytes - utf8Length(ELLIPSIS);
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = utf8Length(cp);
            if (used + size > budget) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static String severityPrefix(Alert alert) {
        return alert.severity() == Severity.INFO ? "" : alert.severity().name() + ": ";
    }

    private static String withSymbol(Alert alert) {
        return alert.title().contains(alert.symbol()) ? alert.title() : alert.symbol() + ": " + alert.title();
    }

    /** Line breaks, tabs and other control characters become single spaces. */
    private static String oneLine(String s) {
        return s.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replaceAll(" {2,}", " ").strip();
    }

    /** Accents are dropped (é -> e); anything else outside printable ASCII (emoji, CJK) is left out. */
    private static String toAscii(String s) {
        String decomposed = Normalizer.normalize(s
                .replaceAll("[\\u2010-\\u2015\\u2212]", "-")
                .replaceAll("[\\u2018\\u2019\\u201A\\u2032]", "'")
                .replaceAll("[\\u201C\\u201D\\u201E\\u2033]", "\""), Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                b.append((char) cp);
            } else if (Character.isSpaceChar(cp)) {
                b.append(' ');
            }
        });
        return b.toString().replaceAll(" {2,}", " ").strip();
    }

    private static String value(Object v) {
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }
}
