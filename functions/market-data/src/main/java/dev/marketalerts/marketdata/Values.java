package dev.marketalerts.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the numbers providers send: absent markers ({@code null}, {@code ""}, {@code N/A}, {@code NA},
 * {@code None}, {@code -}) are absent, never zero; {@code ($0.09)} is -0.09; {@code $1,234.50}, {@code -0.58%}
 * and plain JSON numbers parse exactly as written.
 */
public final class Values {
    private static final Set<String> ABSENT = Set.of("", "n/a", "na", "none", "null", "-", "--", "nan");

    private Values() {
    }

    /** True when the text is one of the markers providers use for "no value". */
    public static boolean isAbsent(String text) {
        return text == null || ABSENT.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The decimal in {@code text}, or null when it is an absent marker.
     *
     * @throws NumberFormatException (with the text quoted) when it is neither
     */
    public static BigDecimal decimal(String text) {
        if (isAbsent(text)) {
            return null;
        }
        String s = text.strip();
        boolean negative = false;
        if (s.startsWith("(") && s.endsWith(")")) {
            negative = true;
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.startsWith("-")) {
            negative = !negative;
            s = s.substring(1).strip();
        } else if (s.startsWith("+")) {
            s = s.substring(1).strip();
        }
        if (s.startsWith("$")) {
            s = s.substring(1).strip();
        }
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        s = s.replace(",", "");
        if (s.isEmpty() || !s.matches("\\d+(\\.\\d+)?|\\.\\d+|\\d+\\.")) {
            throw new NumberFormatException("not a number: \"" + text + "\"");
        }
        BigDecimal value = new BigDecimal(s);
        return negative ? value.negate() : value;
    }

    /** The decimal in a JSON value (number or string), or null when missing, JSON null or an absent marker. */
    public static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            return decimal(node.asText());
        }
        throw new NumberFormatException("not a number: " + node);
    }

    /** The text of a JSON value, or empty when missing, null or an absent marker. */
    public static Optional<String> text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || !node.isValueNode()) {
            return Optional.empty();
        }
        String t = node.asText();
        return isAbsent(t) ? Optional.empty() : Optional.of(t.strip());
    }

    /**
     * A whole number (volume) from a JSON value, or null when absent.
     *
     * @throws NumberFormatException when it has a fraction or does not fit a long: never cut to fit
     */
    public static Long wholeNumber(JsonNode node) {
        BigDecimal d = decimal(node);
        if (d == null) {
            return null;
        }
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            throw new NumberFormatException("not a whole number: " + d.toPlainString());
        }
    }
}
