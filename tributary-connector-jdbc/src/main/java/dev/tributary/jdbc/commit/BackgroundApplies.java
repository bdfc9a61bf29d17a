package dev.tributary.jdbc.commit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide directory through which a committer finds the {@link BackgroundApplier} of the
 * writer chained with it: keyed by (pipeline, sink name, writer subtask). A writer registers its
 * applier when it is created and unregisters it when it closes. Thread-safe.
 */
public final class BackgroundApplies {
    private static final ConcurrentMap<Key, BackgroundApplier> APPLIERS = new ConcurrentHashMap<>();

    private BackgroundApplies() {}

    /**
     * One writer subtask of one sink of one pipeline.
     *
     * @param pipeline the pipeline's name
     * @param sink the sink's name
     * @param subtask the writer subtask index
     */
    public record Key(String pipeline, String sink, int subtask) {

        /** The key of the writer that built {@code c}. */
        public static Key of(JdbcCommittable c) {
            return new Key(c.pipeline(), c.sink(), c.subtask());
        }

        @Override
        public String toString() {
            return pipeline + "/" + sink + "/" + subtask;
        }
    }

    /**
     * Registers {@code applier} under its key, replacing an earlier one (of a task attempt that is
     * gone).
     */
    static void register(BackgroundApplier applier) {
        APPLIERS.put(applier.key(), applier);
    }

    /** Removes {@code applier}, and only it: a newer applier under the same key stays. */
    static void unregister(BackgroundApplier applier) {
        APPLIERS.remove(applier.key(), applier);
    }

    /** The applier registered for {@code key}, if any. */
    static Optional<BackgroundApplier> lookup(Key key) {
        return Optional.ofNullable(APPLIERS.get(key));
    }
}
