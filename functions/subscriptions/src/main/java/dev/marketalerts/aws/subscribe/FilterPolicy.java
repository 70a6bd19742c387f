package dev.marketalerts.aws.subscribe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An SNS filter policy on the alert message attributes of the alert ({@code symbol}, {@code kind}, {@code rule},
 * {@code severity}): the one builder behind {@code alerts subscribe} and {@code alerts filter-policy} (whose output the
 * template's {@code AlertEmailFilterPolicy} parameter takes). Pure: values in, policy JSON out, SNS's limits checked.
 */
public final class FilterPolicy {
    /** SNS: at most 5 attribute keys in one filter policy. */
    public static final int MAX_KEYS = 5;
    /** SNS: the product of the sizes of the value lists may be at most 150. */
    public static final int MAX_COMBINATIONS = 150;

    public static final String SYMBOL = "symbol";
    public static final String KIND = "kind";
    public static final String RULE = "rule";
    public static final String SEVERITY = "severity";

    private static final Pattern SYMBOL_PATTERN = Pattern.compile("[A-Z0-9.^=-]{1,20}");
    private static final Pattern RULE_PATTERN = Pattern.compile("[a-z0-9-]{1,64}");
    /** How each key is asked for on the command line, to say what to change when a limit is exceeded. */
    private static final Map<String, String> OPTIONS = Map.of(SYMBOL, "--symbols", KIND, "--kinds", RULE, "--rules", SEVERITY, "--severity");

    private final Map<String, List<String>> values;

    private FilterPolicy(Map<String, List<String>> values) {
        this.values = values;
    }

    /** No filter: the subscription receives every alert. */
    public static FilterPolicy none() {
        return new FilterPolicy(Map.of());
    }

    /**
     * A policy with the given attribute keys and their accepted values (exact string matches; a message matches when
     * every key has one of its values). Empty value lists are left out; repeated values count once.
     *
     * @throws SubscriptionInputException when the policy exceeds SNS's limits, saying by how much and what to do
     */
    public static FilterPolicy of(Map<String, ? extends List<String>> attributes) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        attributes.forEach((key, list) -> {
            List<String> distinct = List.copyOf(new LinkedHashSet<>(list));
            if (!distinct.isEmpty()) {
                kept.put(key, distinct);
            }
        });
        FilterPolicy policy = new FilterPolicy(Collections.unmodifiableMap(kept));
        policy.checkLimits();
        return policy;
    }

    /**
     * The policy for alerts of these symbols, kinds and rules, at {@code minSeverity} or louder. Every argument may
     * be empty (no condition on that attribute); symbols are read in upper case. Severity {@code info} selects every
     * alert and adds no condition. Bad values are all reported at once, each with what was expected.
     *
     * @throws SubscriptionInputException for unknown kinds or severities, malformed symbols or rule ids, or a policy
     *                                    over SNS's limits
     */
    public static FilterPolicy forAlerts(List<String> symbols, List<String> kinds, Optional<String> minSeverity, List<String> rules) {
        List<String> problems = new ArrayList<>();
        List<String> symbolValues = new ArrayList<>();
        for (String s : symbols) {
            String symbol = s.strip().toUpperCase(Locale.ROOT);
            if (SYMBOL_PATTERN.matcher(symbol).matches()) {
                symbolValues.add(symbol);
            } else {
                problems.add("--symbols: '" + s + "' is not a symbol: expected 1 to 20 of A-Z 0-9 . ^ = - (such as NVDA, BTC-USD, ^GSPC)");
            }
        }
        List<String> kindValues = new ArrayList<>();
        for (String k : kinds) {
            Optional<AlertKind> kind = AlertKind.fromWireName(k.strip());
            if (kind.isPresent()) {
                kindValues.add(kind.get().wireName());
            } else {
                problems.add("--kinds: '" + k + "' is not an alert kind: expected one of " + String.join(", ", kindNames()));
            }
        }
        List<String> ruleValues = new ArrayList<>();
        for (String r : rules) {
            if (RULE_PATTERN.matcher(r.strip()).matches()) {
                ruleValues.add(r.strip());
            } else {
                problems.add("--rules: '" + r + "' is not a rule id: expected 1 to 64 of a-z 0-9 - (the ids in alerts.yaml)");
            }
        }
        List<String> severityValues = List.of();
        if (minSeverity.isPresent()) {
            Optional<Severity> severity = Severity.fromWireName(minSeverity.get().strip());
            if (severity.isPresent()) {
                severityValues = severity.get() == Severity.INFO ? List.of() : atLeast(severity.get());
            } else {
                problems.add("--severity: '" + minSeverity.get() + "' is not a severity: expected one of "
                        + Arrays.stream(Severity.values()).map(Severity::wireName).collect(Collectors.joining(", "))
                        + " (each means that severity or louder)");
            }
        }
        if (!problems.isEmpty()) {
            throw new SubscriptionInputException(problems);
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put(SYMBOL, symbolValues);
        attributes.put(KIND, kindValues);
        attributes.put(RULE, ruleValues);
        attributes.put(SEVERITY, severityValues);
        return of(attributes);
    }

    /** The wire names of the alert kinds, in declaration order. */
    public static List<String> kindNames() {
        return Arrays.stream(AlertKind.values()).map(AlertKind::wireName).toList();
    }

    /** {@code severity} and every louder one, quietest first: warning -> [warning, critical]. */
    static List<String> atLeast(Severity severity) {
        return Arrays.stream(Severity.values()).filter(s -> s.compareTo(severity) >= 0).map(Severity::wireName).toList();
    }

    /** True when there is no condition: the subscription gets every alert and no policy is set. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The attribute keys and their accepted values, in insertion order. */
    public Map<String, List<String>> values() {
        return values;
    }

    /** The number of keys SNS counts against {@link #MAX_KEYS}. */
    public int keys() {
        return values.size();
    }

    /** The number of value combinations SNS counts against {@link #MAX_COMBINATIONS}: the product of the list sizes. */
    public long combinations() {
        long product = 1;
        for (List<String> v : values.values()) {
            product *= v.size();
        }
        return product;
    }

    /** The policy as SNS takes it, compact: {@code {"symbol":["NVDA","IREN"],"kind":["earnings-reminder"]}}; empty when there is no condition. */
    public Optional<String> json() {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        values.forEach((key, list) -> {
            ArrayNode array = root.putArray(key);
            list.forEach(array::add);
        });
        return Optional.of(root.toString());
    }

    private void checkLimits() {
        List<String> problems = new ArrayList<>();
        if (keys() > MAX_KEYS) {
            problems.add("the filter policy would have " + keys() + " keys (" + String.join(", ", values.keySet()) + "); SNS allows at most "
                    + MAX_KEYS + ": drop some of the conditions");
        }
        long combinations = combinations();
        if (combinations > MAX_COMBINATIONS) {
            String factors = values.entrySet().stream()
                    .map(e -> e.getValue().size() + " " + plural(e.getKey(), e.getValue().size()))
                    .collect(Collectors.joining(" \u00d7 "));
            problems.add("the filter policy would have " + combinations + " value combinations (" + factors + "); SNS allows at most "
                    + MAX_COMBINATIONS + ": " + advice());
        }
        if (!problems.isEmpty()) {
            throw new SubscriptionInputException(problems);
        }
    }

    /** What to change: split the longest list over several subscriptions, or drop the severity condition when there is one. */
    private String advice() {
        String longest = values.entrySet().stream().max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
                .map(Map.Entry::getKey).orElseThrow();
        String split = "split it into several subscriptions (for example by " + OPTIONS.getOrDefault(longest, longest) + ")";
        Set<String> keys = values.keySet();
        return keys.contains(SEVERITY) && !SEVERITY.equals(longest) ? split + " or drop --severity" : split;
    }

    private static String plural(String key, int n) {
        String noun = switch (key) {
            case SYMBOL -> "symbol";
            case KIND -> "kind";
            case RULE -> "rule";
            case SEVERITY -> "severit";
            default -> "'" + key + "' value";
        };
        if (SEVERITY.equals(key)) {
            return noun + (n == 1 ? "y" : "ies");
        }
        return noun + (n == 1 ? "" : "s");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilterPolicy p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return json().orElse("(no filter policy)");
    }
}
