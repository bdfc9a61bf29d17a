package dev.tributary.runtime.config;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import dev.tributary.api.error.ConfigException;
import dev.tributary.api.spi.Factory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one source or sink block against the options its factory declares: each value gets the
 * option's type, unknown keys are reported with the supported ones, and the factory's own
 * cross-option rules run last.
 */
final class OptionReader {
    /** Keys every component block has besides its factory's options. */
    static final List<String> RESERVED = List.of("name", "type");

    private OptionReader() {}

    static Options read(ConfigNode block, Factory factory) {
        List<String> allowed = new ArrayList<>(RESERVED);
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigOption<?> option : factory.options()) {
            allowed.add(option.key());
            Object value = readOne(block, option);
            if (value != null) {
                values.put(option.key(), value);
            }
        }
        block.rejectUnknown(allowed, factory.passThroughPrefixes());
        Map<String, Map<String, String>> prefixed = new HashMap<>();
        for (String prefix : factory.passThroughPrefixes()) {
            Map<String, String> entries = new LinkedHashMap<>();
            for (String key : block.keys()) {
                if (key.startsWith(prefix)) {
                    String v = block.text(key, false, "a string");
                    if (v != null) {
                        entries.put(key.substring(prefix.length()), v);
                    }
                }
            }
            prefixed.put(prefix, entries);
        }
        Options options = new Options(block.path(), values, prefixed);
        if (block.problems().isEmpty()) {
            try {
                factory.validate(options);
            } catch (ConfigException e) {
                block.problems().add(block.path(), e.getMessage());
            }
        }
        return options;
    }

    private static Object readOne(ConfigNode block, ConfigOption<?> option) {
        String key = option.key();
        String path = block.pathOf(key);
        if (option.type() == ConfigOption.Type.STRING_LIST) {
            return block.textList(key, option.isRequired() && option.defaultValue() == null);
        }
        String text =
                block.text(
                        key,
                        option.isRequired() && option.defaultValue() == null,
                        option.expected());
        if (text == null) {
            return null;
        }
        Object value = convert(text, option);
        if (value == null) {
            block.problems()
                    .add(
                            path,
                            "'"
                                    + (option.isSecret() ? "****" : text)
                                    + "' is not "
                                    + option.expected());
        }
        return value;
    }

    private static Object convert(String text, ConfigOption<?> option) {
        try {
            switch (option.type()) {
                case STRING:
                    return text;
                case INT:
                    return Integer.parseInt(text.trim());
                case LONG:
                    return Long.parseLong(text.trim());
                case BOOLEAN:
                    return "true".equals(text)
                            ? Boolean.TRUE
                            : "false".equals(text) ? Boolean.FALSE : null;
                case DURATION:
                    Duration d = Durations.parse(text);
                    return d;
                case EPOCH_MILLIS:
                    return epochMillis(text.trim());
                case ENUM:
                    return option.allowed().contains(text) ? text : null;
                default:
                    return null;
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    private static Long epochMillis(String text) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(text);
        }
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }
}
