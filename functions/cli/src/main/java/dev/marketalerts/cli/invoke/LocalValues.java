package dev.marketalerts.cli.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves template values to what they would be in a local stack: parameters take their defaults, pseudo
 * parameters local placeholders ({@code AWS::AccountId} is {@code 000000000000}); anything that names a
 * deployed resource ({@code !Ref Table}, {@code !GetAtt Topic.Arn}, a {@code !Sub} using one) has no local
 * value, so the variable is left out and the function behaves as it does with no AWS settings.
 */
public final class LocalValues {
    public static final String LOCAL_ACCOUNT = "000000000000";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final JsonNode parameters;
    private final JsonNode conditions;
    private final String region;

    public LocalValues(SamTemplate template, String region) {
        this.parameters = template.parameters();
        this.conditions = template.root().path("Conditions");
        this.region = region;
    }

    /** The local value of {@code node}, or empty when it depends on a deployed resource (or is AWS::NoValue). */
    public Optional<String> resolve(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isValueNode()) {
            return Optional.of(node.asText());
        }
        if (!SamTemplate.isIntrinsic(node)) {
            return Optional.empty();
        }
        String fn = node.fieldNames().next();
        JsonNode arg = node.get(fn);
        return switch (fn) {
            case "Ref" -> ref(arg.asText());
            case "Fn::Sub" -> sub(arg);
            case "Fn::Join" -> join(arg);
            case "Fn::If" -> ifValue(arg);
            default -> Optional.empty();
        };
    }

    private Optional<String> ref(String name) {
        switch (name) {
            case "AWS::Region":
                return Optional.of(region);
            case "AWS::AccountId":
                return Optional.of(LOCAL_ACCOUNT);
            case "AWS::StackName":
                return Optional.of("local");
            case "AWS::Partition":
                return Optional.of("aws");
            case "AWS::URLSuffix":
                return Optional.of("amazonaws.com");
            case "AWS::NoValue":
                return Optional.empty();
            default:
                break;
        }
        JsonNode parameter = parameters.path(name);
        if (parameter.isObject()) {
            JsonNode value = parameter.path("Default");
            return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
        }
        return Optional.empty();
    }

    private Optional<String> sub(JsonNode arg) {
        String text;
        JsonNode variables = null;
        if (arg.isTextual()) {
            text = arg.asText();
        } else if (arg.isArray() && arg.size() == 2 && arg.get(0).isTextual()) {
            text = arg.get(0).asText();
            variables = arg.get(1);
        } else {
            return Optional.empty();
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables != null && variables.has(name)) {
                Optional<String> v = resolve(variables.get(name));
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                replacement = v.get();
            } else if (name.contains(".")) {
                return Optional.empty();
            } else {
                Optional<String> v = ref(name);
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                replacement = v.get();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    private Optional<String> join(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 2 || !arg.get(1).isArray()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode item : arg.get(1)) {
            Optional<String> v = resolve(item);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            parts.add(v.get());
        }
        return Optional.of(String.join(arg.get(0).asText(), parts));
    }

    private Optional<String> ifValue(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 3) {
            return Optional.empty();
        }
        return condition(arg.get(0).asText()).flatMap(holds -> resolve(arg.get(holds ? 1 : 2)));
    }

    /** Evaluates a named condition built from Fn::Equals / Not / And / Or over resolvable values. */
    Optional<Boolean> condition(String name) {
        JsonNode definition = conditions.path(name);
        return definition.isMissingNode() ? Optional.empty() : evaluate(definition);
    }

    private Optional<Boolean> evaluate(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return Optional.empty();
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        JsonNode arg = e.getValue();
        switch (e.getKey()) {
            case "Condition":
                return condition(arg.asText());
            case "Fn::Equals": {
                if (!arg.isArray() || arg.size() != 2) {
                    return Optional.empty();
                }
                Optional<String> a = resolve(arg.get(0));
                Optional<String> b = resolve(arg.get(1));
                return a.isPresent() && b.isPresent() ? Optional.of(a.get().equals(b.get())) : Optional.empty();
            }
            case "Fn::Not":
                return arg.isArray() && arg.size() == 1 ? evaluate(arg.get(0)).map(b -> !b) : Optional.empty();
            case "Fn::And":
            case "Fn::Or": {
                boolean and = e.getKey().equals("Fn::And");
                boolean result = and;
                for (JsonNode item : arg) {
                    Optional<Boolean> v = evaluate(item);
                    if (v.isEmpty()) {
                        return Optional.empty();
                    }
                    result = and ? result && v.get() : result || v.get();
                }
                return Optional.of(result);
            }
            default:
                return Optional.empty();
        }
    }
}
