package dev.tributary.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link Dialect} for a JDBC URL among those on the class path. */
public final class Dialects {
    private Dialects() {}

    /** Every dialect on the class path of {@code loader}. */
    public static List<Dialect> all(ClassLoader loader) {
        List<Dialect> found = new ArrayList<>();
        ServiceLoader.load(Dialect.class, loader).forEach(found::add);
        return found;
    }

    /**
     * The one dialect that accepts {@code url}.
     *
     * @throws IllegalArgumentException when none or several accept it; the message lists the known
     *     dialects (the URL itself is left out, as it may hold a password)
     */
    public static Dialect forUrl(String url, ClassLoader loader) {
        List<Dialect> all = all(loader);
        List<Dialect> accepting = new ArrayList<>();
        for (Dialect d : all) {
            if (d.accepts(url)) {
                accepting.add(d);
            }
        }
        if (accepting.size() == 1) {
            return accepting.get(0);
        }
        if (accepting.isEmpty()) {
            throw new IllegalArgumentException(
                    "no JDBC dialect accepts this URL; known dialects: " + describe(all));
        }
        throw new IllegalArgumentException(
                "several JDBC dialects accept this URL: " + describe(accepting));
    }

    /** {@code postgres (jdbc:postgresql:...), ...}, or {@code none} when the list is empty. */
    public static String describe(List<Dialect> dialects) {
        if (dialects.isEmpty()) {
            return "none (add a dialect module such as tributary-connector-postgres to the class path)";
        }
        List<String> names = new ArrayList<>();
        for (Dialect d : dialects) {
            names.add(d.name() + " (" + d.urlForm() + ")");
        }
        return String.join(", ", names);
    }
}
