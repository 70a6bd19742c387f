package dev.marketalerts.marketdata.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API keys known to this process, and the one place that scrubs them (and any credential-looking
 * query parameter) out of text before it reaches a log line, an exception or an alert.
 *
 * <p>A key is found however a provider may echo it: as written, percent-encoded (either case of hex digits, {@code +}
 * for a space, encoded or not character by character), or JSON-escaped ({@code \/}, {@code \"}, {@code \\},
 * <code>&#92;u00xx</code>), in any mix. Besides each instance's keys, every key registered anywhere in the process is known to
 * {@link #redactEverywhere}, for log handlers that see every library's records.
 */
public final class Secrets {
    private static final Pattern CREDENTIAL_PARAM = Pattern.compile(
            "(?i)\\b(apikey|api_key|token|x_cg_demo_api_key|x_cg_pro_api_key|key|crumb)=[^&\\s\"'#]*");
    private static final Map<String, Pattern> EVERY_KEY = new ConcurrentHashMap<>();
    private static final Comparator<Map.Entry<String, Pattern>> LONGEST_FIRST = new Comparator<>() {
        @Override
        public int compare(Map.Entry<String, Pattern> a, Map.Entry<String, Pattern> b) {
            return Integer.compare(b.getKey().length(), a.getKey().length());
        }
    };

    /** This instance's keys, each with the pattern of all its encodings. */
    private final Map<String, Pattern> values = new ConcurrentHashMap<>();

    /** Remembers a secret so that every later {@link #redact} (and {@link #redactEverywhere}) hides it. Blank values are ignored. */
    public void register(String secret) {
        if (secret != null && !secret.isBlank()) {
            Pattern encodings = EVERY_KEY.computeIfAbsent(secret, Secrets::encodings);
            values.put(secret, encodings);
        }
    }

    public String redact(String text) {
        return redact(text, values);
    }

    /** Hides every key registered by any instance in this process, and credential-looking parameters. */
    public static String redactEverywhere(String text) {
        return redact(text, EVERY_KEY);
    }

    private static String redact(String text, Map<String, Pattern> keys) {
        if (text == null) {
            return null;
        }
        String out = CREDENTIAL_PARAM.matcher(text).replaceAll("$1=***");
        if (keys.isEmpty()) {
            return out; // keyless providers (every request of a cold price tick): no stream to spin
        }
        // longest first, so that a key that contains another is hidden whole
        List<Map.Entry<String, Pattern>> longestFirst = new ArrayList<>(keys.entrySet());
        longestFirst.sort(LONGEST_FIRST);
        for (Map.Entry<String, Pattern> key : longestFirst) {
            Matcher m = key.getValue().matcher(out);
            if (m.find()) {
                out = m.replaceAll("***");
            }
        }
        return out;
    }

    /** A pattern that matches {@code secret} with each of its characters written in any of the ways it may be encoded. */
    static Pattern encodings(String secret) {
        StringBuilder regex = new StringBuilder();
        secret.codePoints().forEach(c -> {
            regex.append("(?:").append(literal(c));
            StringBuilder percent = new StringBuilder();
            for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                percent.append('%').append(hex(b & 0xff, 2));
            }
            regex.append('|').append(percent);
            StringBuilder unicode = new StringBuilder();
            for (char unit : Character.toChars(c)) {
                unicode.append("\\\\u").append(hex(unit, 4));
            }
            regex.append('|').append(unicode);
            switch (c) {
                case ' ' -> regex.append("|\\+");
                case '/' -> regex.append("|\\\\/");
                case '"' -> regex.append("|\\\\\"");
                case '\\' -> regex.append("|\\\\\\\\");
                default -> {
                }
            }
            regex.append(')');
        });
        return Pattern.compile(regex.toString());
    }

    private static String literal(int c) {
        return "\\x{" + Integer.toHexString(c) + "}";
    }

    /** {@code value} as {@code digits} hex digits, each letter matching either case. */
    private static String hex(int value, int digits) {
        String h = "0".repeat(digits).concat(Integer.toHexString(value));
        h = h.substring(h.length() - digits);
        StringBuilder out = new StringBuilder();
        for (char d : h.toCharArray()) {
            out.append(Character.isLetter(d) ? "[" + d + Character.toUpperCase(d) + "]" : String.valueOf(d));
        }
        return out.toString();
    }
}
