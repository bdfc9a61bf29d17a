package dev.tributary.api.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated values of one component's block (a source, a sink), keyed by option. Built by the
 * runtime after strict validation, so a value read here always has the option's type. Pass-through
 * entries under a declared prefix (such as {@code properties.}) are kept as strings. Immutable and
 * serializable, so Flink can ship it with a job.
 */
public final class Options implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final Map<String, Object> values;
    private final Map<String, Map<String, String>> prefixed;

    /**
     * @param path where this block stands in the file, such as {@code sources[0]}, for messages
     * @param values parsed values by option key
     * @param prefixed pass-through entries by declared prefix, keys without the prefix
     */
    public Options(
            String path, Map<String, Object> values, Map<String, Map<String, String>> prefixed) {
        this.path = path;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.prefixed = Collections.unmodifiableMap(new LinkedHashMap<>(prefixed));
    }

    /** The value, the option's default when absent, or null when it has neither. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        Object v = values.get(option.key());
        return v == null ? option.defaultValue() : (T) v;
    }

    public boolean contains(ConfigOption<?> option) {
        return values.containsKey(option.key());
    }

    /**
     * Pass-through entries under {@code prefix} (for example {@code properties.}), prefix removed.
     */
    public Map<String, String> withPrefix(String prefix) {
        return prefixed.getOrDefault(prefix, Map.of());
    }

    /** Where this block stands in the pipeline file, such as {@code sinks[0]}. */
    public String path() {
        return path;
    }

    /** The key path of one option, for error messages: {@code sinks[0].url}. */
    public String pathOf(ConfigOption<?> option) {
        return path + "." + option.key();
    }

    /** Convenience for options whose value is a list. */
    public List<String> list(ConfigOption<List<String>> option) {
        List<String> v = get(option);
        return v == null ? List.of() : v;
    }
}
