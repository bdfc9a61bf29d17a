package dev.tributary.api.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A typed option a component reads from its block of the pipeline file: key, type, default,
 * description, and whether it is required or secret. Declared as constants beside the component;
 * the reference documentation is generated from them. Immutable.
 *
 * @param <T> the Java type of the parsed value
 */
public final class ConfigOption<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of value an option can hold. */
    public enum Type {
        STRING("a string"),
        INT("a whole number"),
        LONG("a whole number"),
        BOOLEAN("true or false"),
        DURATION("a duration such as 500ms, 2s, 5m or 1h"),
        EPOCH_MILLIS(
                "epoch milliseconds or an ISO-8601 time with an offset, such as 2026-11-24T10:00:00Z"),
        STRING_LIST("a list of strings"),
        ENUM("one of the listed values");

        private final String described;

        Type(String described) {
            this.described = described;
        }

        public String described() {
            return described;
        }
    }

    private final String key;
    private final Type type;
    private final T defaultValue;
    private final boolean required;
    private final boolean secret;
    private final String description;
    private final List<String> allowed;

    private ConfigOption(
            String key,
            Type type,
            T defaultValue,
            boolean required,
            boolean secret,
            String description,
            List<String> allowed) {
        this.key = Objects.requireNonNull(key);
        this.type = type;
        this.defaultValue = defaultValue;
        this.required = required;
        this.secret = secret;
        this.description = description;
        this.allowed = allowed;
    }

    public static ConfigOption<String> string(String key) {
        return new ConfigOption<>(key, Type.STRING, null, false, false, "", List.of());
    }

    public static ConfigOption<Integer> integer(String key) {
        return new ConfigOption<>(key, Type.INT, null, false, false, "", List.of());
    }

    public static ConfigOption<Long> longValue(String key) {
        return new ConfigOption<>(key, Type.LONG, null, false, false, "", List.of());
    }

    /**
     * A point in time, read as epoch milliseconds: written as those, or as an ISO-8601 time with an
     * offset ({@code 2026-11-24T10:00:00Z}, {@code 2026-11-24T11:00:00+01:00}).
     */
    public static ConfigOption<Long> epochMillis(String key) {
        return new ConfigOption<>(key, Type.EPOCH_MILLIS, null, false, false, "", List.of());
    }

    public static ConfigOption<Boolean> bool(String key) {
        return new ConfigOption<>(key, Type.BOOLEAN, null, false, false, "", List.of());
    }

    public static ConfigOption<Duration> duration(String key) {
        return new ConfigOption<>(key, Type.DURATION, null, false, false, "", List.of());
    }

    public static ConfigOption<List<String>> stringList(String key) {
        return new ConfigOption<>(key, Type.STRING_LIST, null, false, false, "", List.of());
    }

    /** An option whose value is one of the enum's constants, written in lower case with dashes. */
    public static <E extends Enum<E>> ConfigOption<String> oneOf(String key, Class<E> values) {
        List<String> names = new ArrayList<>();
        for (E e : values.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return new ConfigOption<>(key, Type.ENUM, null, false, false, "", List.copyOf(names));
    }

    /** An option whose value is one of the given words. */
    public static ConfigOption<String> oneOf(String key, String... values) {
        return new ConfigOption<>(key, Type.ENUM, null, false, false, "", Arrays.asList(values));
    }

    public ConfigOption<T> defaultValue(T value) {
        return new ConfigOption<>(key, type, value, required, secret, description, allowed);
    }

    public ConfigOption<T> required() {
        return new ConfigOption<>(key, type, defaultValue, true, secret, description, allowed);
    }

    /** Marks the value as a secret: it is masked wherever configuration is logged or printed. */
    public ConfigOption<T> secret() {
        return new ConfigOption<>(key, type, defaultValue, required, true, description, allowed);
    }

    public ConfigOption<T> description(String text) {
        return new ConfigOption<>(key, type, defaultValue, required, secret, text, allowed);
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    /** The default, or null when there is none. */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isSecret() {
        return secret;
    }

    public String description() {
        return description;
    }

    /** For ENUM options the allowed words; empty otherwise. */
    public List<String> allowed() {
        return allowed;
    }

    /** What a valid value looks like, for error messages. */
    public String expected() {
        return type == Type.ENUM ? "one of " + String.join(", ", allowed) : type.described();
    }

    @Override
    public String toString() {
        return key;
    }
}
