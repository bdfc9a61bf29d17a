package dev.tributary.api.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * A change event with the target table and write mode the pipeline's routing chose for it, and the
 * name of the source it came from: what a sink receives. Immutable.
 */
public final class SinkRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final TableId target;
    private final WriteMode mode;
    private final ChangeEvent event;

    /**
     * @param source the name of the pipeline source the event came from (for the error rows a sink
     *     writes about it), or null for a record the pipeline made itself, such as an error row
     */
    public SinkRecord(String source, TableId target, WriteMode mode, ChangeEvent event) {
        this.source = source;
        this.target = Objects.requireNonNull(target, "target");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.event = Objects.requireNonNull(event, "event");
    }

    /** A record without a source name: one the pipeline made itself. */
    public SinkRecord(TableId target, WriteMode mode, ChangeEvent event) {
        this(null, target, mode, event);
    }

    /** The name of the source the event came from, or null. */
    public String source() {
        return source;
    }

    public TableId target() {
        return target;
    }

    public WriteMode mode() {
        return mode;
    }

    public ChangeEvent event() {
        return event;
    }

    @Override
    public String toString() {
        return event + " -> " + target + " (" + mode + ")";
    }
}
