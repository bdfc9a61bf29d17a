package dev.tributary.api.event;

/** Why an event went to the error table. */
public enum ErrorKind {
    /** The bytes are not the declared format (not JSON, not a Debezium envelope, ...). */
    PARSE,
    /** A key is needed (upsert, delete) and the event has none. */
    MISSING_KEY,
    /** The event does not fit the declared or target schema (unknown column, missing type, ...). */
    SCHEMA_MISMATCH,
    /** A value cannot be converted to its column's type. */
    CONVERSION,
    /** The operation or change is not supported here. */
    UNSUPPORTED,
    /** The source schema changed in a way the target cannot take (narrowing, dropped key). */
    INCOMPATIBLE_SCHEMA_CHANGE,
    /** The target database refused the row (constraint, value out of range, ...). */
    WRITE_FAILED
}
