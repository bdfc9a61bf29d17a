package dev.tributary.jdbc.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the rows of one key range fetched from both sides, matching them by the canonical text
 * of their key. Rows are lists of canonical values in the order of the compared columns.
 */
final class RowDiff {
    private final List<String> columns;
    private final int[] keyPositions;

    /**
     * @param columns the compared column names, in row order
     * @param keyPositions where the key columns stand in a row, in key order
     */
    RowDiff(List<String> columns, int[] keyPositions) {
        this.columns = List.copyOf(columns);
        this.keyPositions = keyPositions.clone();
    }

    /**
     * The differences, in the source's row order, then the rows only the target has in its order.
     */
    List<Difference> diff(List<List<String>> sourceRows, List<List<String>> targetRows) {
        Map<List<String>, List<String>> target = new LinkedHashMap<>();
        for (List<String> row : targetRows) {
            target.put(key(row), row);
        }
        List<Difference> found = new ArrayList<>();
        for (List<String> row : sourceRows) {
            List<String> key = key(row);
            List<String> other = target.remove(key);
            if (other == null) {
                found.add(
                        new Difference(
                                Difference.Kind.MISSING_IN_TARGET,
                                named(key, true),
                                named(row, false),
                                Map.of()));
            } else if (!other.equals(row)) {
                found.add(
                        new Difference(
                                Difference.Kind.DIFFERENT,
                                named(key, true),
                                named(row, false),
                                named(other, false)));
            }
        }
        for (Map.Entry<List<String>, List<String>> extra : target.entrySet()) {
            found.add(
                    new Difference(
                            Difference.Kind.EXTRA_IN_TARGET,
                            named(extra.getKey(), true),
                            Map.of(),
                            named(extra.getValue(), false)));
        }
        return found;
    }

    private List<String> key(List<String> row) {
        List<String> key = new ArrayList<>(keyPositions.length);
        for (int p : keyPositions) {
            key.add(row.get(p));
        }
        return key;
    }

    private Map<String, String> named(List<String> values, boolean isKey) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            m.put(columns.get(isKey ? keyPositions[i] : i), values.get(i));
        }
        return m;
    }
}
