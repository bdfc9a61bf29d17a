package dev.tributary.app.status;

import java.time.Instant;

/**
 * One pipeline's progress on one target table, the subtasks' status rows added up.
 *
 * @param pipeline the pipeline's name
 * @param table the target table
 * @param phase {@code snapshot}, {@code streaming} or {@code errors}
 * @param snapshotRows rows read by a snapshot and applied
 * @param eventsApplied every event applied
 * @param errors events that went to the error table
 * @param lastPosition where the newest applied event came from, or null
 * @param lastSourceTime the newest source commit time applied, or null
 * @param lagMillis how far behind the source the last commit was, or null
 * @param lastError the last reason an event was refused, or null
 * @param updatedAt when a subtask last wrote its row
 */
public record TableStatus(
        String pipeline,
        String table,
        String phase,
        long snapshotRows,
        long eventsApplied,
        long errors,
        String lastPosition,
        Instant lastSourceTime,
        Long lagMillis,
        String lastError,
        Instant updatedAt) {}
