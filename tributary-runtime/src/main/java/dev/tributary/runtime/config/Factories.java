package dev.tributary.runtime.config;

import dev.tributary.api.spi.Factory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds connector factories by identifier with {@link ServiceLoader}. */
public final class Factories {
    private Factories() {}

    /**
     * The one factory of {@code kind} whose identifier is {@code id}, or null after reporting a
     * problem that names the identifiers known (none, or several, match).
     */
    public static <F extends Factory> F find(
            Class<F> kind, String id, String path, Problems problems, String what) {
        List<F> matches = new ArrayList<>();
        TreeSet<String> known = new TreeSet<>();
        for (F f : ServiceLoader.load(kind)) {
            known.add(f.identifier());
            if (f.identifier().equals(id)) {
                matches.add(f);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            problems.add(
                    path,
                    "unknown "
                            + what
                            + " type '"
                            + id
                            + "'. Known: "
                            + (known.isEmpty()
                                    ? "(none on the classpath)"
                                    : String.join(", ", known)));
        } else {
            List<String> classes = new ArrayList<>();
            for (F f : matches) {
                classes.add(f.getClass().getName());
            }
            problems.add(
                    path, "several " + what + " factories are called '" + id + "': " + classes);
        }
        return null;
    }
}
