package dev.tributary.jdbc.writer;

/**
 * What one batch of one target table tells about the pipeline's progress: how many events went into
 * it (before the reduction to the last change per key), how many of them were snapshot reads, and
 * the position of the last event. It feeds the status table. Immutable.
 *
 * @param events every event the batch received, snapshot reads included
 * @param snapshotReads the events that were rows read by a snapshot
 * @param stream the last event's stream (topic, slot), or null when the batch had no event
 * @param partition the last event's partition
 * @param offset the last event's offset (Kafka offset, LSN)
 * @param sourceTimestamp the newest source commit time (epoch ms) in the batch, or -1
 * @param lastWasSnapshotRead whether the batch's last event was a row read by a snapshot
 */
public record TableProgress(
        long events,
        long snapshotReads,
        String stream,
        int partition,
        long offset,
        long sourceTimestamp,
        boolean lastWasSnapshotRead) {

    /** No events; also what batches restored from checkpoints older than progress carry. */
    public static final TableProgress NONE = new TableProgress(0, 0, null, 0, 0, -1, false);

    /** Events that were not snapshot reads: changes streamed from the log or the topic. */
    public long streamed() {
        return events - snapshotReads;
    }
}
