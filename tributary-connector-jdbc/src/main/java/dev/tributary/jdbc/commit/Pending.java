package dev.tributary.jdbc.commit;

import dev.tributary.api.event.ChangeEvent;
import dev.tributary.jdbc.schema.WritePlan;

/**
 * One row ready to write: its plan, the converted row, whether it is a key to delete, and where it
 * came from (for error reports).
 *
 * @param plan how it is written
 * @param row aligned with the plan's target columns
 * @param delete true for a key to delete (upsert mode)
 * @param event the event it came from
 * @param source the event row it was converted from
 */
record Pending(WritePlan plan, Object[] row, boolean delete, ChangeEvent event, Object[] source) {}
