package dev.marketalerts.cli.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM template written in YAML into a JSON tree, turning the short-form intrinsic
 * tags ({@code !Ref X}, {@code !Sub ...}, {@code !GetAtt A.B}, {@code !If [...]}, ...) into their long JSON
 * forms ({@code {"Ref": "X"}}, {@code {"Fn::Sub": ...}}, {@code {"Fn::GetAtt": ["A", "B"]}}, ...).
 */
public final class CfnYaml {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CfnYaml() {
    }

    public static ObjectNode read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return read(reader, file.toString());
        }
    }

    public static ObjectNode parse(String yaml) {
        try {
            return read(new StringReader(yaml), "template");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode read(Reader reader, String name) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root = new Yaml(options).compose(reader);
        if (root == null) {
            throw new IOException(name + ": the template is empty");
        }
        JsonNode json = convert(root);
        if (!(json instanceof ObjectNode object)) {
            throw new IOException(name + ": a template must be a map, found " + json.getNodeType());
        }
        return object;
    }

    static JsonNode convert(Node node) {
        String tag = node.getTag().getValue();
        if (tag.startsWith("!")) {
            return intrinsic(tag.substring(1), node);
        }
        if (node instanceof MappingNode map) {
            ObjectNode out = JSON.objectNode();
            for (NodeTuple tuple : map.getValue()) {
                out.set(scalarText(tuple.getKeyNode()), convert(tuple.getValueNode()));
            }
            return out;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode out = JSON.arrayNode();
            seq.getValue().forEach(n -> out.add(convert(n)));
            return out;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode intrinsic(String name, Node node) {
        ObjectNode out = JSON.objectNode();
        switch (name) {
            case "Ref" -> out.set("Ref", untagged(node));
            case "Condition" -> out.set("Condition", untagged(node));
            case "GetAtt" -> {
                if (node instanceof ScalarNode s) {
                    // !GetAtt Resource.Attribute.Maybe.Dotted: the resource name is up to the first dot
                    String text = s.getValue();
                    int dot = text.indexOf('.');
                    ArrayNode parts = JSON.arrayNode();
                    parts.add(dot < 0 ? text : text.substring(0, dot));
                    if (dot >= 0) {
                        parts.add(text.substring(dot + 1));
                    }
                    out.set("Fn::GetAtt", parts);
                } else {
                    out.set("Fn::GetAtt", untagged(node));
                }
            }
            default -> out.set("Fn::" + name, untagged(node));
        }
        return out;
    }

    /** The node's value read as if it had no tag (a tagged scalar is always a string). */
    private static JsonNode untagged(Node node) {
        if (node instanceof ScalarNode s) {
            return JSON.textNode(s.getValue());
        }
        if (node instanceof MappingNode map) {
            ObjectNode out = JSON.objectNode();
            for (NodeTuple tuple : map.getValue()) {
                out.set(scalarText(tuple.getKeyNode()), convert(tuple.getValueNode()));
            }
            return out;
        }
        ArrayNode out = JSON.arrayNode();
        List<Node> items = ((SequenceNode) node).getValue();
        items.forEach(n -> out.add(convert(n)));
        return out;
    }

    private static String scalarText(Node key) {
        if (key instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new IllegalArgumentException("line " + (key.getStartMark().getLine() + 1) + ": a map key must be a plain value");
    }

    private static JsonNode scalar(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (Tag.NULL.equals(tag)) {
            return JSON.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return JSON.booleanNode(List.of("true", "yes", "on", "y").contains(v.toLowerCase(java.util.Locale.ROOT)));
        }
        if (Tag.INT.equals(tag)) {
            try {
                BigInteger n = new BigInteger(v.replace("_", ""));
                if (n.bitLength() < 32) {
                    return JSON.numberNode(n.intValueExact());
                }
                return n.bitLength() < 64 ? JSON.numberNode(n.longValueExact()) : JSON.numberNode(n);
            } catch (NumberFormatException e) {
                return JSON.textNode(v);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return JSON.numberNode(new BigDecimal(v.replace("_", "")));
            } catch (NumberFormatException e) {
                return JSON.textNode(v);
            }
        }
        return JSON.textNode(v);
    }
}
