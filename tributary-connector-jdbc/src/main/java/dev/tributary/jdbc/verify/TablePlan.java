package dev.tributary.jdbc.verify;

import dev.tributary.api.error.ConfigException;
import dev.tributary.jdbc.dialect.ColumnDefinition;
import dev.tributary.jdbc.dialect.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one table pair compares: the source's columns that the target also has (in source order),
 * the key columns among them, and the columns only one side has. Immutable.
 */
final class TablePlan {
    private final TablePair pair;
    private final TableDefinition source;
    private final TableDefinition target;
    private final List<String> compared = new ArrayList<>();
    private final List<String> missingInTarget = new ArrayList<>();
    private final List<String> extraInTarget = new ArrayList<>();
    private final List<String> key;
    private final int[] keyPositions;
    private final String problem;

    private TablePlan(TablePair pair, TableDefinition source, TableDefinition target) {
        this.pair = pair;
        this.source = source;
        this.target = target;
        if (source == null || target == null) {
            key = pair.key();
            keyPositions = new int[0];
            problem =
                    (source == null ? "source table " + pair.source().text() : "")
                            + (source == null && target == null ? " and " : "")
                            + (target == null ? "target table " + pair.target().text() : "")
                            + (source == null && target == null ? " do" : " does")
                            + " not exist";
            return;
        }
        for (ColumnDefinition c : source.columns()) {
            (target.column(c.name()) != null ? compared : missingInTarget).add(c.name());
        }
        for (ColumnDefinition c : target.columns()) {
            if (source.column(c.name()) == null) {
                extraInTarget.add(c.name());
            }
        }
        key = pair.key().isEmpty() ? source.primaryKey() : pair.key();
        for (String k : pair.key()) {
            if (source.column(k) == null) {
                throw new ConfigException(
                        "key column '"
                                + k
                                + "' given for "
                                + pair
                                + " is not a column of the source table; its columns: "
                                + names(source.columns()));
            }
        }
        String unkeyed = null;
        int[] positions = new int[key.size()];
        for (int i = 0; i < key.size(); i++) {
            positions[i] = compared.indexOf(key.get(i));
            if (positions[i] < 0) {
                unkeyed = "the target lacks key column '" + key.get(i) + "'";
            }
        }
        if (key.isEmpty()) {
            unkeyed = "the source table has no primary key and no key was given";
        }
        keyPositions = unkeyed == null ? positions : new int[0];
        problem = unkeyed == null ? null : unkeyed + ": differences cannot be narrowed to rows";
    }

    /** Plans the comparison of one pair; a missing table is a problem, not an error. */
    static TablePlan of(
            TablePair pair, Optional<TableDefinition> source, Optional<TableDefinition> target) {
        return new TablePlan(pair, source.orElse(null), target.orElse(null));
    }

    private static String names(List<ColumnDefinition> columns) {
        List<String> names = new ArrayList<>();
        for (ColumnDefinition c : columns) {
            names.add(c.name());
        }
        return String.join(", ", names);
    }

    TablePair pair() {
        return pair;
    }

    /** Both tables exist and there are columns to compare. */
    boolean comparable() {
        return source != null && target != null && !compared.isEmpty();
    }

    /** Both tables exist, and the key is known on both sides. */
    boolean narrowable() {
        return comparable() && keyPositions.length > 0;
    }

    /** Why the tables cannot be compared or narrowed, or null. */
    String problem() {
        if (source != null && target != null && compared.isEmpty()) {
            return "the tables have no column in common";
        }
        return problem;
    }

    List<String> compared() {
        return List.copyOf(compared);
    }

    List<String> key() {
        return List.copyOf(key);
    }

    /** Where the key columns stand among the compared columns; empty when not narrowable. */
    int[] keyPositions() {
        return keyPositions.clone();
    }

    List<String> missingInTarget() {
        return List.copyOf(missingInTarget);
    }

    List<String> extraInTarget() {
        return List.copyOf(extraInTarget);
    }

    /** The compared columns as the source describes them, in compared order. */
    List<ColumnDefinition> sourceColumns() {
        return columnsOf(source);
    }

    /** The compared columns as the target describes them, in compared order. */
    List<ColumnDefinition> targetColumns() {
        return columnsOf(target);
    }

    private List<ColumnDefinition> columnsOf(TableDefinition table) {
        List<ColumnDefinition> columns = new ArrayList<>();
        for (String name : compared) {
            columns.add(table.column(name));
        }
        return columns;
    }
}
