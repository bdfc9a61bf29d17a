package dev.tributary.api.spi;

import dev.tributary.api.config.ConfigOption;
import dev.tributary.api.config.Options;
import java.util.List;

/**
 * A connector that the pipeline file names by {@link #identifier()} in a {@code type:} key. Found
 * with {@link java.util.ServiceLoader}; implementations need a public no-argument constructor and
 * are used from the thread that builds the job only.
 */
public interface Factory {

    /** The word users write as {@code type:}, such as {@code kafka} or {@code jdbc}. Never null. */
    String identifier();

    /**
     * Every option this connector reads, required and optional; any other key in its block is an
     * error. {@code name} and {@code type} are reserved and never listed here.
     */
    List<ConfigOption<?>> options();

    /**
     * Key prefixes whose entries are passed through unvalidated, such as {@code properties.} for
     * Kafka client settings. Empty by default.
     */
    default List<String> passThroughPrefixes() {
        return List.of();
    }

    /**
     * Checks rules that span options once each option is valid on its own. Called before anything
     * runs.
     *
     * @throws dev.tributary.api.error.ConfigException naming the key path and what is allowed
     */
    default void validate(Options options) {}

    /**
     * Checks, before a pipeline's job is built, that what the options point at answers: a broker or
     * database that cannot be reached, refuses the login, or lacks what the options name. Called
     * when a pipeline starts ({@code run}, {@code demo}, {@code bench}), after {@link #validate};
     * not by {@code validate}, which works offline. A failure here stops the start at once, where
     * the running job would fail and be restarted by Flink until its restart attempts are spent.
     * Nothing to check by default.
     *
     * @throws dev.tributary.api.error.ConfigException naming the block, the keys involved and the
     *     reason
     */
    default void preflight(Options options) {}
}
