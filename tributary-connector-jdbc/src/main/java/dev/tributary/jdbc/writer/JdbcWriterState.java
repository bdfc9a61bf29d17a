package dev.tributary.jdbc.writer;

/**
 * What a writer subtask keeps in Flink's checkpoints: the sequence number of its last batch, so a
 * restored writer numbers its next batch after every batch the checkpoint may still commit.
 *
 * @param subtask the subtask that wrote it
 * @param sequence the last sequence number handed out, 0 before the first batch
 */
public record JdbcWriterState(int subtask, long sequence) {}
