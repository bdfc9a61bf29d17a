package dev.tributary.runtime.config;

import dev.tributary.api.error.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every mistake found in a pipeline file, so that one run of {@code validate} reports them
 * all instead of one per attempt. Each entry starts with the exact key path.
 */
public final class Problems {
    private final List<String> entries = new ArrayList<>();

    public void add(String path, String message) {
        entries.add(path + ": " + message);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<String> entries() {
        return List.copyOf(entries);
    }

    /** Throws a {@link ConfigException} listing every problem, one per line, when there is any. */
    public void throwIfAny(String file) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append(file)
                .append(" has ")
                .append(entries.size())
                .append(entries.size() == 1 ? " problem:" : " problems:");
        for (String e : entries) {
            b.append(System.lineSeparator()).append("  - ").append(e);
        }
        throw new ConfigException(b.toString());
    }
}
