package dev.tributary.jdbc.verify;

/**
 * Follows a verify run, for progress output. Called on the thread that runs the verify, inside its
 * snapshots; a slow listener holds them open. Every method does nothing by default.
 */
public interface VerifyListener {

    /** The listener that ignores everything. */
    VerifyListener NONE = new VerifyListener() {};

    /**
     * An attempt begins: both snapshots are taken, no table is read yet.
     *
     * @param attempt 1 for the first comparison
     */
    default void attemptStarted(int attempt) {}

    /** The totals of one table are read on both sides; narrowing, if needed, comes next. */
    default void totalsCompared(TablePair pair, Totals source, Totals target) {}

    /** One table is done for this attempt. */
    default void tableVerified(TableResult result) {}
}
