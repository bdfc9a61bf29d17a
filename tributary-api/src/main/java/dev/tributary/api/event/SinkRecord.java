package dev.tributary.api.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * A change event with the target table and write mode the pipeline's routing chose for it: what a
 * sink receives. Immutable.
 */
public final class SinkRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TableId target;
    private final WriteMode mode;
    private final ChangeEvent event;

    public SinkRecord(TableId target, WriteMode mode, ChangeEvent event) {
        this.target = Objects.requireNonNull(target, "target");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.event = Objects.requireNonNull(event, "event");
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
