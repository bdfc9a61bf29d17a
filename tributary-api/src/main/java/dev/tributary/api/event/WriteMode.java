package dev.tributary.api.event;

/** How a sink applies the events routed to one target table. */
public enum WriteMode {
    /** Mirror the source table: insert, update and delete by primary key. */
    UPSERT,
    /** One row per change, with the operation and metadata columns added. */
    APPEND,
    /** Insert each row as it is, no metadata (used for the error table). */
    INSERT
}
