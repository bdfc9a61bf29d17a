package dev.tributary.jdbc.schema;

import dev.tributary.api.event.TableSchema;
import dev.tributary.jdbc.dialect.TableDefinition;
import java.util.Map;

/**
 * The plans for the event schemas of one table batch, and the table as it stood after any DDL they
 * needed. Immutable.
 */
public final class TablePlans {
    private final TableDefinition table;
    private final Map<TableSchema, WritePlan> plans;
    private final WritePlan refusal;

    TablePlans(TableDefinition table, Map<TableSchema, WritePlan> plans, WritePlan refusal) {
        this.table = table;
        this.plans = Map.copyOf(plans);
        this.refusal = refusal;
    }

    /**
     * The rejected plan that refuses the whole target whatever its events' schemas are (a target
     * outside the sink's database), or null when each schema is judged on its own.
     */
    public WritePlan refusal() {
        return refusal;
    }

    /** The target table, or null when it does not exist (every plan is then rejected). */
    public TableDefinition table() {
        return table;
    }

    /** The plan for events of {@code schema}; never null for a schema of the batch. */
    public WritePlan planFor(TableSchema schema) {
        WritePlan p = plans.get(schema);
        if (p == null) {
            throw new IllegalStateException("no write plan for schema " + schema);
        }
        return p;
    }
}
