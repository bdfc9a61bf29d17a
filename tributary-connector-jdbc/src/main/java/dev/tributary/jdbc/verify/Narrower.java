package dev.tributary.jdbc.verify;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the rows that differ in a table whose totals differ, without reading the whole table: cuts
 * the key space into ranges at keys taken from the side with more rows (every {@code step}-th key
 * in key order), compares each range's count and checksum on both sides, and goes down only into
 * ranges that differ, until a range holds at most {@code leafRows} rows on either side; those rows
 * are fetched from both sides and compared. Depth first in key order; stops once {@code
 * maxDifferences} differences are found. Not thread-safe; one per table and attempt.
 */
final class Narrower {
    private final TableQueries source;
    private final TableQueries target;
    private final RowDiff rowDiff;
    private final VerifySettings settings;

    private final List<Difference> differences = new ArrayList<>();
    private boolean more;
    private int ranges;
    private long rowsFetched;

    Narrower(TableQueries source, TableQueries target, RowDiff rowDiff, VerifySettings settings) {
        this.source = source;
        this.target = target;
        this.rowDiff = rowDiff;
        this.settings = settings;
    }

    /** Narrows the whole table, whose totals on both sides are given. */
    void narrow(Totals sourceTotals, Totals targetTotals) throws SQLException {
        ranges = 1;
        examine(KeyRange.ALL, sourceTotals, targetTotals);
    }

    private void examine(KeyRange range, Totals s, Totals t) throws SQLException {
        if (s.equals(t)) {
            return;
        }
        if (differences.size() >= settings.maxDifferences()) {
            more = true;
            return;
        }
        long biggest = Math.max(s.count(), t.count());
        if (biggest <= settings.leafRows()) {
            compareRows(range);
            return;
        }
        boolean bySource = s.count() >= t.count();
        List<Object[]> cuts =
                (bySource ? source : target)
                        .cutPoints(range, KeyRange.step(biggest, settings.fanout()));
        List<KeyRange> parts = range.split(cuts);
        List<Totals> sourceParts = source.partTotals(range, cuts);
        List<Totals> targetParts = target.partTotals(range, cuts);
        ranges += parts.size();
        for (int i = 0; i < parts.size(); i++) {
            Totals sp = sourceParts.get(i);
            Totals tp = targetParts.get(i);
            // Keys repeated more often than a part holds (a key that is not unique) cannot be cut
            // further: when the side we cut by did not shrink, compare the rows as they are.
            long before = bySource ? s.count() : t.count();
            long after = bySource ? sp.count() : tp.count();
            if (after >= before && !sp.equals(tp)) {
                compareRows(parts.get(i));
            } else {
                examine(parts.get(i), sp, tp);
            }
        }
    }

    private void compareRows(KeyRange range) throws SQLException {
        List<List<String>> s = source.rows(range);
        List<List<String>> t = target.rows(range);
        rowsFetched += s.size() + t.size();
        for (Difference d : rowDiff.diff(s, t)) {
            if (differences.size() < settings.maxDifferences()) {
                differences.add(d);
            } else {
                more = true;
            }
        }
    }

    /** The differences found, in key order of the ranges; at most {@code maxDifferences}. */
    List<Difference> differences() {
        return List.copyOf(differences);
    }

    /** True when there are differences beyond those listed (found, or in ranges left unread). */
    boolean more() {
        return more;
    }

    /** How many key ranges had their totals compared, the whole table included. */
    int ranges() {
        return ranges;
    }

    /** Rows fetched from both sides together. */
    long rowsFetched() {
        return rowsFetched;
    }
}
