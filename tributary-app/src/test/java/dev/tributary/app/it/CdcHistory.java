package dev.tributary.app.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an append-mode history of a {@link CdcWorkload} table against the source table: every
 * change exactly once, and the changes replayed give the source's rows.
 *
 * <p>Each key has one origin (a snapshot read {@code r} or an insert {@code c} of version 1), then
 * one update {@code u} per later version without a gap, then at most one delete {@code d} of the
 * last version. A replayed change shows as a repeated (key, version, op) or as a second origin (a
 * snapshot that started over reads a key again); a lost change shows as a gap, a missing origin, or
 * a replayed state that differs from the source.
 */
final class CdcHistory {
    private final Services services;
    private final String table;
    private final String history;
    private final String keys;

    /**
     * @param table the source table, also the mirror's name in the target
     * @param keys its key columns, comma separated
     */
    CdcHistory(Services services, String table, String keys) {
        this.services = services;
        this.table = table;
        this.history = table + "_history";
        this.keys = keys;
    }

    /** Rows in the history, 0 before the sink created it. */
    long rows(String target) {
        return Math.max(0, services.count(target, "SELECT count(*) FROM " + history));
    }

    /** Snapshot reads ({@code op = 'r'}) in the history, 0 before the sink created it. */
    long reads(String target) {
        return Math.max(
                0,
                services.count(
                        target, "SELECT count(*) FROM " + history + " WHERE _tributary_op = 'r'"));
    }

    /** Rows of {@code where} that a snapshot read, as key text. */
    Set<String> readKeys(String target, String where) {
        Set<String> out = new HashSet<>();
        for (List<String> row :
                services.rows(
                        target,
                        "SELECT concat_ws(',', "
                                + keys
                                + ") FROM "
                                + history
                                + " WHERE _tributary_op = 'r' AND "
                                + where)) {
            out.add(row.get(0));
        }
        return out;
    }

    /** Keys of the source rows of {@code where}, as key text. */
    List<String> sourceKeys(String source, String where) {
        List<String> out = new ArrayList<>();
        for (List<String> row :
                services.rows(
                        source,
                        "SELECT concat_ws(',', " + keys + ") FROM " + table + " WHERE " + where)) {
            out.add(row.get(0));
        }
        return out;
    }

    /** The changes in the history of the keys that lead {@code rows}. */
    private List<List<String>> changesOf(String target, List<List<String>> rows) {
        int keyCount = keys.split(",").length;
        List<List<String>> changes = new ArrayList<>();
        for (List<String> row : rows) {
            String key = String.join(",", row.subList(0, keyCount));
            changes.addAll(
                    services.rows(
                            target,
                            "SELECT concat_ws(',', "
                                    + keys
                                    + "), _tributary_op, version,"
                                    + " format('%s/%s', to_hex(_tributary_offset >> 32),"
                                    + " to_hex(_tributary_offset & 4294967295)) FROM "
                                    + history
                                    + " WHERE concat_ws(',', "
                                    + keys
                                    + ") = '"
                                    + key
                                    + "' ORDER BY _tributary_offset"));
        }
        return changes;
    }

    /** What is wrong with the history, each with up to five examples; empty when nothing is. */
    List<String> violations(String source, String target) {
        List<String> problems = new ArrayList<>();
        List<List<String>> repeated =
                services.rows(
                        target,
                        "SELECT "
                                + keys
                                + ", version, _tributary_op, count(*) FROM "
                                + history
                                + " GROUP BY "
                                + keys
                                + ", version, _tributary_op HAVING count(*) > 1 ORDER BY "
                                + keys
                                + " LIMIT 5");
        if (!repeated.isEmpty()) {
            problems.add(
                    history
                            + ": changes applied more than once ("
                            + keys
                            + ", version, op, times): "
                            + repeated);
        }
        String perKey =
                "SELECT "
                        + keys
                        + ", count(*) FILTER (WHERE _tributary_op IN ('r', 'c')) AS origins,"
                        + " min(version) FILTER (WHERE _tributary_op IN ('r', 'c')) AS origin,"
                        + " count(*) FILTER (WHERE _tributary_op = 'c' AND version <> 1) AS bad_inserts,"
                        + " count(*) FILTER (WHERE _tributary_op = 'u') AS updates,"
                        + " min(version) FILTER (WHERE _tributary_op = 'u') AS first_update,"
                        + " max(version) FILTER (WHERE _tributary_op <> 'd') AS last,"
                        + " count(*) FILTER (WHERE _tributary_op = 'd') AS deletes,"
                        + " max(version) FILTER (WHERE _tributary_op = 'd') AS deleted,"
                        + " count(*) FILTER (WHERE _tributary_op NOT IN ('r', 'c', 'u', 'd')) AS others"
                        + " FROM "
                        + history
                        + " GROUP BY "
                        + keys;
        List<List<String>> broken =
                services.rows(
                        target,
                        "SELECT * FROM ("
                                + perKey
                                + ") k WHERE origins <> 1 OR bad_inserts > 0 OR others > 0"
                                + " OR updates <> last - origin OR first_update <= origin"
                                + " OR deletes > 1 OR (deletes = 1 AND deleted IS DISTINCT FROM last)"
                                + " ORDER BY "
                                + keys
                                + " LIMIT 5");
        if (!broken.isEmpty()) {
            problems.add(
                    history
                            + ": keys whose changes are not one origin, one update per version and"
                            + " at most one delete of the last version ("
                            + keys
                            + ", origins, origin, bad inserts, updates, first update, last,"
                            + " deletes, deleted, others): "
                            + broken
                            + "; their changes (op, version, LSN): "
                            + changesOf(target, broken));
        }
        List<List<String>> replayed =
                services.rows(
                        target,
                        "SELECT "
                                + keys
                                + ", last FROM ("
                                + perKey
                                + ") k WHERE deletes = 0 ORDER BY "
                                + keys);
        List<List<String>> expected =
                services.rows(
                        source, "SELECT " + keys + ", version FROM " + table + " ORDER BY " + keys);
        if (!replayed.equals(expected)) {
            List<List<String>> missing = new ArrayList<>(expected);
            missing.removeAll(new HashSet<>(replayed));
            List<List<String>> extra = new ArrayList<>(replayed);
            extra.removeAll(new HashSet<>(expected));
            problems.add(
                    history
                            + ": replaying the history gives "
                            + replayed.size()
                            + " rows, the source has "
                            + expected.size()
                            + "; (key, version) missing from the history: "
                            + missing.subList(0, Math.min(5, missing.size()))
                            + ", in the history but not in the source: "
                            + extra.subList(0, Math.min(5, extra.size())));
        }
        return problems;
    }
}
