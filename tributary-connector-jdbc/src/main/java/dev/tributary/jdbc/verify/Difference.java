package dev.tributary.jdbc.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One key whose row differs between source and target, with both sides' canonical values by column
 * name (a value is null where the database holds NULL). Immutable.
 */
public final class Difference {

    /** How the target's row differs from the source's. */
    public enum Kind {
        /** The source has the key, the target does not. */
        MISSING_IN_TARGET("missing in target"),
        /** The target has the key, the source does not. */
        EXTRA_IN_TARGET("extra in target"),
        /** Both have the key with different values. */
        DIFFERENT("different");

        private final String described;

        Kind(String described) {
            this.described = described;
        }

        /** In words, such as {@code missing in target}. */
        public String described() {
            return described;
        }
    }

    private final Kind kind;
    private final Map<String, String> key;
    private final Map<String, String> source;
    private final Map<String, String> target;

    /**
     * @param key the key's canonical values by key column
     * @param source the source row's canonical values by column; empty for {@link
     *     Kind#EXTRA_IN_TARGET}
     * @param target the target row's canonical values by column; empty for {@link
     *     Kind#MISSING_IN_TARGET}
     */
    public Difference(
            Kind kind,
            Map<String, String> key,
            Map<String, String> source,
            Map<String, String> target) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.key = copy(key);
        this.source = copy(source);
        this.target = copy(target);
    }

    private static Map<String, String> copy(Map<String, String> values) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Kind kind() {
        return kind;
    }

    /** The key's canonical values by key column, in key order. */
    public Map<String, String> key() {
        return key;
    }

    /** The source row's canonical values by column; empty when the source lacks the key. */
    public Map<String, String> source() {
        return source;
    }

    /** The target row's canonical values by column; empty when the target lacks the key. */
    public Map<String, String> target() {
        return target;
    }

    /** The columns whose values differ, in column order; empty unless {@link Kind#DIFFERENT}. */
    public List<String> columns() {
        List<String> names = new ArrayList<>();
        if (kind == Kind.DIFFERENT) {
            for (Map.Entry<String, String> e : source.entrySet()) {
                if (!Objects.equals(e.getValue(), target.get(e.getKey()))) {
                    names.add(e.getKey());
                }
            }
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Difference)) {
            return false;
        }
        Difference d = (Difference) o;
        return kind == d.kind
                && key.equals(d.key)
                && source.equals(d.source)
                && target.equals(d.target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, key, source, target);
    }

    @Override
    public String toString() {
        return kind.described() + " " + key + " source " + source + " target " + target;
    }
}
