package dev.tributary.jdbc.dialect;

/**
 * What a failed statement means for the sink; see {@link Dialect#classify(java.sql.SQLException)}.
 */
public enum FailureKind {
    /** The connection or the server failed for a while: roll back, reconnect and retry. */
    TRANSIENT,
    /** The database refused some row (SQLState class 22 or 23): isolate it, report it, go on. */
    DATA,
    /** Anything else (a bug, a missing privilege, a dropped table): fail the commit. */
    FATAL
}
