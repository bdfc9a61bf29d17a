package dev.tributary.jdbc.commit;

import dev.tributary.jdbc.schema.WritePlan;
import dev.tributary.jdbc.writer.Change;

/**
 * One row ready to write: its plan, the converted row, whether it is a key to delete, and where it
 * came from (for error reports).
 *
 * @param plan how it is written
 * @param row aligned with the plan's target columns
 * @param delete true for a key to delete (upsert mode)
 * @param change the change it came from
 * @param source the event row it was converted from
 */
record Pending(WritePlan plan, Object[] row, boolean delete, Change change, Object[] source) {}
