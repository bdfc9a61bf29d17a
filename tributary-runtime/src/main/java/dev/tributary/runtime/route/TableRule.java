package dev.tributary.runtime.route;

import dev.tributary.api.event.TableId;
import dev.tributary.api.event.TableSchema;
import dev.tributary.api.event.WriteMode;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code tables:} entry: which source tables it takes (a regex over the source table id, which
 * for Kafka is the topic), the target table name ({@code $1} refers to a group of the match), the
 * write mode and sink, and optionally a declared key and column types. Immutable.
 */
public final class TableRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Pattern match;
    private final String target;
    private final WriteMode mode;
    private final String sink;
    private final List<String> key;
    private final TableSchema declaredSchema;
    private final boolean continues;

    public TableRule(
            Pattern match,
            String target,
            WriteMode mode,
            String sink,
            List<String> key,
            TableSchema declaredSchema) {
        this(match, target, mode, sink, key, declaredSchema, false);
    }

    /**
     * @param continues whether an event this rule takes also goes on to the next rule that matches
     *     it ({@code continue: true}), for example into an append-mode history beside the mirror
     */
    public TableRule(
            Pattern match,
            String target,
            WriteMode mode,
            String sink,
            List<String> key,
            TableSchema declaredSchema,
            boolean continues) {
        this.continues = continues;
        this.match = match;
        this.target = target;
        this.mode = mode;
        this.sink = sink;
        this.key = List.copyOf(key);
        this.declaredSchema = declaredSchema;
    }

    /** The target table for {@code source}, or null when this rule does not match it. */
    public TableId targetFor(TableId source) {
        Matcher m = match.matcher(source.text());
        if (!m.matches()) {
            return null;
        }
        return TableId.parse(m.replaceFirst(target));
    }

    public boolean matches(TableId source) {
        return match.matcher(source.text()).matches();
    }

    public Pattern match() {
        return match;
    }

    public String target() {
        return target;
    }

    public WriteMode mode() {
        return mode;
    }

    public String sink() {
        return sink;
    }

    /** The declared key columns; empty when the source's key is used. */
    public List<String> key() {
        return key;
    }

    /** Whether matching goes on to later rules after this one took an event. */
    public boolean continues() {
        return continues;
    }

    /** The declared columns (with the key), or null when the source's schema is used. */
    public TableSchema declaredSchema() {
        return declaredSchema;
    }
}
