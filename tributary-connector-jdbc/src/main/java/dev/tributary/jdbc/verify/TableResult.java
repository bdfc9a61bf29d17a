package dev.tributary.jdbc.verify;

import java.util.List;
import java.util.Objects;

/**
 * The comparison of one table pair: both sides' totals, whether they match, and when they do not,
 * the differing keys that narrowing found and what it cost. Immutable.
 */
public final class TableResult {
    private final TablePair pair;
    private final List<String> key;
    private final List<String> compared;
    private final List<String> missingInTarget;
    private final List<String> extraInTarget;
    private final Totals source;
    private final Totals target;
    private final List<Difference> differences;
    private final boolean moreDifferences;
    private final int rangesExamined;
    private final long rowsFetched;
    private final List<String> notes;
    private final int attempt;

    TableResult(
            TablePair pair,
            List<String> key,
            List<String> compared,
            List<String> missingInTarget,
            List<String> extraInTarget,
            Totals source,
            Totals target,
            List<Difference> differences,
            boolean moreDifferences,
            int rangesExamined,
            long rowsFetched,
            List<String> notes,
            int attempt) {
        this.pair = Objects.requireNonNull(pair, "pair");
        this.key = List.copyOf(key);
        this.compared = List.copyOf(compared);
        this.missingInTarget = List.copyOf(missingInTarget);
        this.extraInTarget = List.copyOf(extraInTarget);
        this.source = source;
        this.target = target;
        this.differences = List.copyOf(differences);
        this.moreDifferences = moreDifferences;
        this.rangesExamined = rangesExamined;
        this.rowsFetched = rowsFetched;
        this.notes = List.copyOf(notes);
        this.attempt = attempt;
    }

    /** The source and target tables and the key as given. */
    public TablePair pair() {
        return pair;
    }

    /** The key columns used: the given ones or the source's primary key; may be empty. */
    public List<String> key() {
        return key;
    }

    /** The columns compared: the source's columns that the target also has, in source order. */
    public List<String> comparedColumns() {
        return compared;
    }

    /** Source columns the target lacks; any makes the table not match. */
    public List<String> missingInTarget() {
        return missingInTarget;
    }

    /** Target columns the source lacks; not compared, and no reason for a mismatch. */
    public List<String> extraInTarget() {
        return extraInTarget;
    }

    /** The source's count and checksum, or null when the table could not be read. */
    public Totals source() {
        return source;
    }

    /** The target's count and checksum, or null when the table could not be read. */
    public Totals target() {
        return target;
    }

    /**
     * True when both tables exist, the target has every source column, and counts and checksums of
     * the compared columns are equal.
     */
    public boolean match() {
        return source != null
                && target != null
                && source.equals(target)
                && missingInTarget.isEmpty()
                && !compared.isEmpty();
    }

    /** Differing keys found by narrowing, in key order, at most the configured number. */
    public List<Difference> differences() {
        return differences;
    }

    /** True when more keys differ than {@link #differences()} lists. */
    public boolean moreDifferences() {
        return moreDifferences;
    }

    /** How many key ranges had their totals compared (the whole table counts as one). */
    public int rangesExamined() {
        return rangesExamined;
    }

    /** How many rows narrowing fetched from both databases together. */
    public long rowsFetched() {
        return rowsFetched;
    }

    /** Why a table could not be compared or narrowed, and other remarks; empty when none. */
    public List<String> notes() {
        return notes;
    }

    /** The attempt (1 for the first comparison) that produced this result. */
    public int attempt() {
        return attempt;
    }

    @Override
    public String toString() {
        return pair
                + (match() ? " match " : " DIFFERENT ")
                + source
                + " vs "
                + target
                + (differences.isEmpty() ? "" : " " + differences)
                + (notes.isEmpty() ? "" : " " + notes);
    }
}
