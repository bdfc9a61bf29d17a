package dev.tributary.jdbc.commit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide directory through which a committer finds the {@link BackgroundApplier} of the
 * writer chained with it, and an applier finds out whether such a committer exists: keyed by
 * (pipeline, sink name, subtask). A writer registers its applier when it is created and unregisters
 * it when it closes; a committer created for a subtask registers the thread it runs in until it
 * closes. Thread-safe.
 */
public final class BackgroundApplies {
    private static final ConcurrentMap<Key, BackgroundApplier> APPLIERS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Key, Thread> COMMITTERS = new ConcurrentHashMap<>();

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

    /** Registers that the committer of {@code key} runs in the calling thread. */
    static void registerCommitter(Key key) {
        COMMITTERS.put(key, Thread.currentThread());
    }

    /**
     * Removes the committer registration of {@code key} made by the calling thread, and only it.
     */
    static void unregisterCommitter(Key key) {
        COMMITTERS.remove(key, Thread.currentThread());
    }

    /**
     * True when a committer of {@code key} runs in {@code thread}, i.e. is chained with the writer
     * that runs there and hands it the batches to commit.
     */
    static boolean committerRunsIn(Key key, Thread thread) {
        return COMMITTERS.get(key) == thread;
    }

    /** The applier registered for {@code key}, if any. */
    static Optional<BackgroundApplier> lookup(Key key) {
        return Optional.ofNullable(APPLIERS.get(key));
    }
}
