package dev.tributary.jdbc.verify;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a verify run: one result per table pair in the order given, how many attempts were
 * made and how long it took, and, when the run waited, whether the target caught up. Immutable.
 */
public final class VerifyResult {
    private final List<TableResult> tables;
    private final boolean waited;
    private final Duration timeout;
    private final int attempts;
    private final Duration elapsed;

    VerifyResult(
            List<TableResult> tables,
            boolean waited,
            Duration timeout,
            int attempts,
            Duration elapsed) {
        this.tables = List.copyOf(tables);
        this.waited = waited;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.attempts = attempts;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /** One result per table pair, in the order the pairs were given. */
    public List<TableResult> tables() {
        return tables;
    }

    /** True when every table matches (also when there are no tables). */
    public boolean allMatch() {
        for (TableResult t : tables) {
            if (!t.match()) {
                return false;
            }
        }
        return true;
    }

    /** True when the run compared again while tables differed ({@code catch-up-timeout} > 0). */
    public boolean waited() {
        return waited;
    }

    /**
     * True when the run waited and every table matched at its last comparison: the target caught up
     * with the source. False when it did not wait or some table still differed at the end.
     */
    public boolean caughtUp() {
        return waited && allMatch();
    }

    /** How long the run was allowed to wait; zero when it compared once. */
    public Duration timeout() {
        return timeout;
    }

    /** How many times tables were compared; 1 when the run did not wait. */
    public int attempts() {
        return attempts;
    }

    /** From the start of the run to its end. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The plain-text report: see {@link ResultTable}. */
    public String format() {
        return ResultTable.format(this);
    }

    @Override
    public String toString() {
        return format();
    }
}
