package dev.tributary.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One mapping of the pipeline file with its key path, read strictly: every read names the exact
 * path in its problems, and {@link #rejectUnknown} reports keys nobody asked for. Values pass
 * through {@link EnvSubstitution} as they are read.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final EnvSubstitution env;

    ConfigNode(JsonNode node, String path, Problems problems, EnvSubstitution env) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.env = env;
    }

    public String path() {
        return path;
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public Problems problems() {
        return problems;
    }

    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    /** The keys present, in file order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** A scalar as text after substitution, or null (reporting a problem when required). */
    public String text(String key, boolean required, String expected) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(pathOf(key), "required key is missing (" + expected + ")");
            }
            return null;
        }
        if (!v.isValueNode()) {
            problems.add(pathOf(key), "expected " + expected + " but found a " + kind(v));
            return null;
        }
        return env.apply(v.asText(), pathOf(key), problems);
    }

    /** A list of scalars as text, a single scalar as a one-element list, or null when absent. */
    public List<String> textList(String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(pathOf(key), "required key is missing (a list of strings)");
            }
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v.isValueNode()) {
            out.add(env.apply(v.asText(), pathOf(key), problems));
            return out;
        }
        if (!v.isArray()) {
            problems.add(pathOf(key), "expected a list of strings but found a " + kind(v));
            return null;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String p = pathOf(key) + "[" + i + "]";
            if (!e.isValueNode() || e.isNull()) {
                problems.add(p, "expected a string but found a " + kind(e));
            } else {
                out.add(env.apply(e.asText(), p, problems));
            }
        }
        return out;
    }

    /**
     * A nested mapping, or null when absent (reporting a problem when required or not a mapping).
     */
    public ConfigNode child(String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(pathOf(key), "required section is missing");
            }
            return null;
        }
        if (!v.isObject()) {
            problems.add(
                    pathOf(key), "expected a mapping of keys to values but found a " + kind(v));
            return null;
        }
        return new ConfigNode(v, pathOf(key), problems, env);
    }

    /** The mappings of a list, each with its indexed path; empty when absent. */
    public List<ConfigNode> children(String key, boolean required) {
        JsonNode v = node.get(key);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(pathOf(key), "required list is missing");
            }
            return out;
        }
        if (!v.isArray()) {
            problems.add(pathOf(key), "expected a list but found a " + kind(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String p = pathOf(key) + "[" + i + "]";
            if (!v.get(i).isObject()) {
                problems.add(
                        p, "expected a mapping of keys to values but found a " + kind(v.get(i)));
            } else {
                out.add(new ConfigNode(v.get(i), p, problems, env));
            }
        }
        return out;
    }

    /** Reports every key that is neither in {@code allowed} nor under one of {@code prefixes}. */
    public void rejectUnknown(Collection<String> allowed, Collection<String> prefixes) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (allowed.contains(key) || prefixes.stream().anyMatch(key::startsWith)) {
                continue;
            }
            TreeSet<String> shown = new TreeSet<>(allowed);
            for (String p : prefixes) {
                shown.add(p + "*");
            }
            problems.add(
                    pathOf(key),
                    "unknown key. Allowed keys: "
                            + String.join(", ", shown)
                            + splitByCommaHint(key));
        }
    }

    /**
     * A hint for text that a comma split: in a YAML flow mapping such as {@code { name: amount,
     * type: decimal(12,2) }} the unquoted comma ends the value, leaving {@code decimal(12} as the
     * value and {@code 2)} as a key of its own. Empty when the text has no unbalanced parenthesis.
     */
    static String splitByCommaHint(String text) {
        long open = text.chars().filter(ch -> ch == '(').count();
        long close = text.chars().filter(ch -> ch == ')').count();
        if (open == close) {
            return "";
        }
        return " (inside { ... } an unquoted comma ends a value: quote it, e.g. type:"
                + " 'decimal(12,2)')";
    }

    private static String kind(JsonNode v) {
        if (v.isArray()) {
            return "list";
        }
        if (v.isObject()) {
            return "mapping";
        }
        if (v.isNull()) {
            return "null";
        }
        return "scalar '" + v.asText() + "'";
    }
}
