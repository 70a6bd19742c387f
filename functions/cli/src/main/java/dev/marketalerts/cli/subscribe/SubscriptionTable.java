package dev.marketalerts.cli.subscribe;

import dev.marketalerts.aws.subscribe.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How subscriptions are shown: a column table with phone numbers masked to their last 4 digits and URL passwords hidden. */
final class SubscriptionTable {
    private static final Pattern URL_PASSWORD = Pattern.compile("^(https?://[^/@:]*:)[^/@]*(@.*)$", Pattern.CASE_INSENSITIVE);
    private static final String[] HEADER = {"PROTOCOL", "ENDPOINT", "FILTER POLICY", "SUBSCRIPTION"};

    private SubscriptionTable() {
    }

    /** The endpoint as it may be shown: an SMS number keeps its + and last 4 digits; an https URL loses its password. */
    static String endpoint(String protocol, String endpoint) {
        String p = protocol.toLowerCase(Locale.ROOT);
        if (p.equals("sms")) {
            int digits = (int) endpoint.chars().filter(Character::isDigit).count();
            StringBuilder b = new StringBuilder();
            int seen = 0;
            for (char c : endpoint.toCharArray()) {
                if (Character.isDigit(c)) {
                    seen++;
                    b.append(seen > digits - 4 ? c : '*');
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
        if (p.startsWith("http")) {
            Matcher m = URL_PASSWORD.matcher(endpoint);
            if (m.matches()) {
                return m.group(1) + "****" + m.group(2);
            }
        }
        return endpoint;
    }

    /** The filter policy column: the policy JSON, or that there is none, or that SNS has not confirmed the subscription yet. */
    static String policy(Subscription s) {
        if (Subscription.PENDING_ARN.equals(s.arn())) {
            return "(not known until confirmed)";
        }
        if (s.filterPolicy().isEmpty()) {
            return "none: every alert";
        }
        String scope = "MessageBody".equals(s.filterPolicyScope()) ? " (on the message body)" : "";
        return s.filterPolicy().get() + scope;
    }

    static String arn(Subscription s) {
        if (Subscription.PENDING_ARN.equals(s.arn())) {
            return "pending confirmation";
        }
        return s.arn() + (s.pendingConfirmation() ? " (pending confirmation)" : "");
    }

    /** The table lines, header first, columns padded to their widest cell. */
    static List<String> render(List<Subscription> subscriptions) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Subscription s : subscriptions) {
            rows.add(new String[] {s.protocol(), endpoint(s.protocol(), s.endpoint()), policy(s), arn(s)});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                b.append(i < row.length - 1 ? String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]) : row[i]);
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }
}
