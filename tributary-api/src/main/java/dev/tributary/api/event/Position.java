package dev.tributary.api.event;

import java.io.Serializable;

/**
 * Where an event came from and when: for Kafka the topic, partition and offset; for a database log
 * the stream name in {@code stream}, 0 as partition and the LSN or SCN as offset. Timestamps are
 * epoch milliseconds; {@code sourceTimestamp} is -1 when the source did not say. Immutable.
 */
public final class Position implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String stream;
    private final int partition;
    private final long offset;
    private final long sourceTimestamp;
    private final long readTimestamp;

    public Position(
            String stream, int partition, long offset, long sourceTimestamp, long readTimestamp) {
        this.stream = stream;
        this.partition = partition;
        this.offset = offset;
        this.sourceTimestamp = sourceTimestamp;
        this.readTimestamp = readTimestamp;
    }

    /** Topic, slot or log name. */
    public String stream() {
        return stream;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** When the change was committed at the source (epoch ms), or -1. */
    public long sourceTimestamp() {
        return sourceTimestamp;
    }

    /** When tributary read it (epoch ms). */
    public long readTimestamp() {
        return readTimestamp;
    }

    /** A short form such as {@code shop.public.orders-0@1234}. */
    @Override
    public String toString() {
        return stream + "-" + partition + "@" + offset;
    }
}
