package dev.tributary.runtime.config;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.spi.Factory;
import dev.tributary.api.spi.SinkFactory;
import dev.tributary.api.spi.SourceFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Renders the reference of every connector's options, as Markdown, from the options the factories
 * declare: the documentation cannot drift from the code.
 */
public final class OptionsReference {
    private OptionsReference() {}

    public static String render() {
        StringBuilder b = new StringBuilder();
        b.append("# Connector options\n\n")
                .append(
                        "Generated from the options each connector declares; `mvn -pl tributary-app verify`")
                .append(" fails when this page is out of date.\n");
        section(b, "Sources", load(SourceFactory.class));
        section(b, "Sinks", load(SinkFactory.class));
        return b.toString();
    }

    private static <F extends Factory> List<F> load(Class<F> kind) {
        List<F> out = new ArrayList<>();
        ServiceLoader.load(kind).forEach(out::add);
        out.sort(Comparator.comparing(Factory::identifier));
        return out;
    }

    private static void section(StringBuilder b, String title, List<? extends Factory> factories) {
        b.append("\n## ").append(title).append('\n');
        for (Factory f : factories) {
            b.append("\n### `type: ")
                    .append(f.identifier())
                    .append("`\n\n")
                    .append("| key | type | default | description |\n|---|---|---|---|\n");
            for (ConfigOption<?> o : f.options()) {
                b.append("| `")
                        .append(o.key())
                        .append("` | ")
                        .append(o.expected())
                        .append(" | ")
                        .append(
                                o.isRequired() && o.defaultValue() == null
                                        ? "required"
                                        : format(o.defaultValue()))
                        .append(o.isSecret() ? " (secret)" : "")
                        .append(" | ")
                        .append(o.description().replace("|", "\\|").replace("\n", " "))
                        .append(" |\n");
            }
            for (String prefix : f.passThroughPrefixes()) {
                b.append("| `")
                        .append(prefix)
                        .append("*` | a string | | passed through to the client unchanged |\n");
            }
        }
    }

    private static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Duration) {
            return "`" + Durations.format((Duration) value) + "`";
        }
        return "`" + value + "`";
    }
}
