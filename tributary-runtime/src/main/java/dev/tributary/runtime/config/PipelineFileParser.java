package dev.tributary.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.event.Column;
import dev.tributary.api.event.DataType;
import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import dev.tributary.api.spi.Factory;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.api.spi.SourceFactory;
import dev.tributary.runtime.route.TableRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a pipeline file strictly into a {@link PipelineDefinition}. Every mistake is collected with
 * its key path, and all of them are thrown together as one {@link ConfigException}.
 */
public final class PipelineFileParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> TOP =
            List.of("pipeline", "sources", "tables", "sinks", "errors");
    private static final List<String> PIPELINE =
            List.of(
                    "name",
                    "checkpoint-interval",
                    "state-dir",
                    "parallelism",
                    "restart-attempts",
                    "restart-delay",
                    "partition-by-key");
    private static final List<String> TABLE =
            List.of("match", "target", "mode", "sink", "key", "columns", "continue");
    private static final List<String> COLUMN = List.of("name", "type", "nullable");
    private static final List<String> ERRORS = List.of("sink", "table");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Function<String, String> env;

    public PipelineFileParser(Function<String, String> env) {
        this.env = env;
    }

    public PipelineFileParser() {
        this(System::getenv);
    }

    public PipelineDefinition parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read the pipeline file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses {@code text}; {@code fileName} only appears in messages. */
    public PipelineDefinition parse(String text, String fileName) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    fileName
                            + " is not valid YAML: "
                            + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(
                    fileName + " must be a mapping with the sections " + String.join(", ", TOP));
        }
        Problems problems = new Problems();
        ConfigNode top = new ConfigNode(root, "", problems, new EnvSubstitution(env));
        top.rejectUnknown(TOP, List.of());

        PipelineSettings settings = settings(top.child("pipeline", true));
        List<ComponentDefinition<SourceFactory>> sources =
                components(top, "sources", SourceFactory.class, "source", new HashSet<>());
        // Names count even for blocks with a bad type, so one mistake does not cascade into others.
        Set<String> sinkNames = new java.util.LinkedHashSet<>();
        List<ComponentDefinition<SinkFactory>> sinks =
                components(top, "sinks", SinkFactory.class, "sink", sinkNames);
        String defaultSink = sinkNames.size() == 1 ? sinkNames.iterator().next() : null;

        List<TableRule> tables = new ArrayList<>();
        for (ConfigNode t : top.children("tables", true)) {
            TableRule rule = tableRule(t, sinkNames, defaultSink);
            if (rule != null) {
                tables.add(rule);
            }
        }
        if (top.has("tables") && tables.isEmpty() && problems.isEmpty()) {
            problems.add("tables", "at least one table rule is needed");
        }

        ConfigNode errors = top.child("errors", false);
        String errorSink = defaultSink;
        String errorTable = "_tributary_errors";
        if (errors != null) {
            errors.rejectUnknown(ERRORS, List.of());
            String s = errors.text("sink", defaultSink == null, "the name of a sink");
            if (s != null) {
                errorSink = s;
                if (!sinkNames.contains(s)) {
                    problems.add(
                            errors.pathOf("sink"),
                            "no sink is called '" + s + "'. Sinks: " + sinkNames);
                }
            }
            String t = errors.text("table", false, "a table name");
            if (t != null) {
                errorTable = t;
            }
        } else if (defaultSink == null && !sinkNames.isEmpty()) {
            problems.add(
                    "errors.sink",
                    "required when there are several sinks (name the one for the error table)");
        }
        problems.throwIfAny(fileName);
        return new PipelineDefinition(
                settings,
                sources,
                tables,
                sinks,
                errorSink,
                TableId.parse(errorTable),
                masked(root, sources, sinks));
    }

    private PipelineSettings settings(ConfigNode p) {
        if (p == null) {
            return null;
        }
        p.rejectUnknown(PIPELINE, List.of());
        String name = p.text("name", true, "a name of letters, digits, '_', '.' or '-'");
        if (name != null && !NAME.matcher(name).matches()) {
            p.problems()
                    .add(
                            p.pathOf("name"),
                            "'" + name + "' is not a name of letters, digits, '_', '.' or '-'");
        }
        Duration interval = duration(p, "checkpoint-interval", Duration.ofSeconds(2));
        if (interval != null && interval.toMillis() < 100) {
            p.problems().add(p.pathOf("checkpoint-interval"), "must be at least 100ms");
        }
        String stateDir = p.text("state-dir", false, "a directory");
        int parallelism = positive(p, "parallelism", 1);
        int attempts = positive(p, "restart-attempts", 10);
        Duration delay = duration(p, "restart-delay", Duration.ofSeconds(2));
        String byKey = p.text("partition-by-key", false, "true or false");
        if (byKey != null && !byKey.equals("true") && !byKey.equals("false")) {
            p.problems().add(p.pathOf("partition-by-key"), "'" + byKey + "' is not true or false");
        }
        return new PipelineSettings(
                name,
                interval,
                stateDir == null ? "state/" + name : stateDir,
                parallelism,
                attempts,
                delay,
                !"false".equals(byKey));
    }

    private static Duration duration(ConfigNode p, String key, Duration dflt) {
        String text = p.text(key, false, "a duration");
        if (text == null) {
            return dflt;
        }
        Duration d = Durations.parse(text);
        if (d == null) {
            p.problems()
                    .add(
                            p.pathOf(key),
                            "'" + text + "' is not " + ConfigOption.Type.DURATION.described());
        }
        return d;
    }

    private static int positive(ConfigNode p, String key, int dflt) {
        String text = p.text(key, false, "a whole number");
        if (text == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        p.problems().add(p.pathOf(key), "'" + text + "' is not a whole number of at least 1");
        return dflt;
    }

    private static <F extends Factory> List<ComponentDefinition<F>> components(
            ConfigNode top, String key, Class<F> kind, String what, Set<String> names) {
        List<ComponentDefinition<F>> out = new ArrayList<>();
        for (ConfigNode block : top.children(key, true)) {
            String name = block.text("name", true, "a name");
            if (name != null && !names.add(name)) {
                block.problems()
                        .add(
                                block.pathOf("name"),
                                "another " + what + " is already called '" + name + "'");
            }
            String type = block.text("type", true, "a " + what + " type");
            if (type == null) {
                continue;
            }
            F factory = Factories.find(kind, type, block.pathOf("type"), block.problems(), what);
            if (factory != null) {
                out.add(
                        new ComponentDefinition<>(
                                name, factory, OptionReader.read(block, factory)));
            }
        }
        if (top.has(key) && out.isEmpty() && top.problems().isEmpty()) {
            top.problems().add(key, "at least one " + what + " is needed");
        }
        return out;
    }

    private static TableRule tableRule(ConfigNode t, Set<String> sinkNames, String defaultSink) {
        t.rejectUnknown(TABLE, List.of());
        String match = t.text("match", true, "a regular expression over source table ids");
        String target = t.text("target", true, "a target table name, $1 for a group of the match");
        Pattern pattern = null;
        if (match != null) {
            try {
                pattern = Pattern.compile(match);
            } catch (PatternSyntaxException e) {
                t.problems()
                        .add(
                                t.pathOf("match"),
                                "'"
                                        + match
                                        + "' is not a valid regular expression: "
                                        + e.getDescription()
                                        + " near index "
                                        + e.getIndex());
            }
        }
        if (pattern != null && target != null) {
            int groups = pattern.matcher("").groupCount();
            java.util.regex.Matcher refs = Pattern.compile("\\$(\\d+)").matcher(target);
            while (refs.find()) {
                if (Integer.parseInt(refs.group(1)) > groups) {
                    t.problems()
                            .add(
                                    t.pathOf("target"),
                                    "refers to $"
                                            + refs.group(1)
                                            + " but the match has "
                                            + groups
                                            + (groups == 1 ? " group" : " groups"));
                }
            }
        }
        String modeText = t.text("mode", false, "upsert or append");
        WriteMode mode = WriteMode.UPSERT;
        if (modeText != null) {
            if (modeText.equals("upsert") || modeText.equals("append")) {
                mode = WriteMode.valueOf(modeText.toUpperCase(Locale.ROOT));
            } else {
                t.problems()
                        .add(t.pathOf("mode"), "'" + modeText + "' is not one of upsert, append");
            }
        }
        String sink = t.text("sink", defaultSink == null, "the name of a sink");
        if (sink == null) {
            sink = defaultSink;
        } else if (!sinkNames.contains(sink)) {
            t.problems()
                    .add(t.pathOf("sink"), "no sink is called '" + sink + "'. Sinks: " + sinkNames);
        }
        List<String> key = t.textList("key", false);
        TableSchema declared = columns(t, key == null ? List.of() : key);
        String continueText = t.text("continue", false, "true or false");
        if (continueText != null && !continueText.equals("true") && !continueText.equals("false")) {
            t.problems().add(t.pathOf("continue"), "'" + continueText + "' is not true or false");
        }
        if (pattern == null || target == null) {
            return null;
        }
        return new TableRule(
                pattern,
                target,
                mode,
                sink,
                key == null ? List.of() : key,
                declared,
                "true".equals(continueText));
    }

    private static TableSchema columns(ConfigNode t, List<String> key) {
        if (!t.has("columns")) {
            return null;
        }
        List<Column> columns = new ArrayList<>();
        for (ConfigNode c : t.children("columns", false)) {
            c.rejectUnknown(COLUMN, List.of());
            String name = c.text("name", true, "a column name");
            String typeText = c.text("type", true, TypeParser.EXPECTED);
            String nullable = c.text("nullable", false, "true or false");
            DataType type = typeText == null ? null : TypeParser.parse(typeText);
            if (typeText != null && type == null) {
                c.problems()
                        .add(
                                c.pathOf("type"),
                                "'"
                                        + typeText
                                        + "' is not "
                                        + TypeParser.EXPECTED
                                        + ConfigNode.splitByCommaHint(typeText));
            }
            if (nullable != null && !nullable.equals("true") && !nullable.equals("false")) {
                c.problems().add(c.pathOf("nullable"), "'" + nullable + "' is not true or false");
            }
            if (name != null && type != null) {
                boolean isKey = key.contains(name);
                columns.add(
                        new Column(
                                name,
                                type,
                                nullable == null ? !isKey : Boolean.parseBoolean(nullable)));
            }
        }
        try {
            return new TableSchema(columns, key);
        } catch (IllegalArgumentException e) {
            t.problems().add(t.pathOf("columns"), e.getMessage());
            return null;
        }
    }

    private static String masked(
            JsonNode root,
            List<ComponentDefinition<SourceFactory>> sources,
            List<ComponentDefinition<SinkFactory>> sinks) {
        JsonNode copy = root.deepCopy();
        maskSecrets(copy.get("sources"), sources);
        maskSecrets(copy.get("sinks"), sinks);
        try {
            return YAML.writeValueAsString(copy).replaceFirst("^---\\s*", "");
        } catch (JsonProcessingException e) {
            return "(cannot print the configuration: " + e.getMessage() + ")";
        }
    }

    private static <F extends Factory> void maskSecrets(
            JsonNode list, List<ComponentDefinition<F>> defs) {
        if (list == null || !list.isArray()) {
            return;
        }
        for (int i = 0; i < list.size() && i < defs.size(); i++) {
            com.fasterxml.jackson.databind.node.ObjectNode block =
                    (com.fasterxml.jackson.databind.node.ObjectNode) list.get(i);
            for (ConfigOption<?> o : defs.get(i).factory().options()) {
                if (o.isSecret() && block.has(o.key())) {
                    block.put(o.key(), "****");
                }
            }
            List<String> keys = new ArrayList<>();
            block.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (block.get(k).isValueNode()) {
                    block.put(k, Secrets.maskUrl(block.get(k).asText()));
                }
                String lower = k.toLowerCase(Locale.ROOT);
                if (lower.contains("password")
                        || lower.contains("secret")
                        || lower.contains("jaas")) {
                    block.put(k, "****");
                }
            }
        }
    }
}
