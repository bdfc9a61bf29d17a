package dev.tributary.postgres.cdc;

import dev.tributary.api.event.TableId;

/** Quoting of SQL identifiers and escaping of names inside Debezium's regular expressions. */
final class Identifiers {
    private Identifiers() {}

    private static final String REGEX_SPECIALS = "\\.[]{}()<>*+-=!?^$|";

    /** {@code "name"} with embedded quotes doubled. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"}. */
    static String quote(TableId table) {
        return quote(table.schema()) + '.' + quote(table.table());
    }

    /** A regular expression that matches exactly {@code name}. */
    static String literalRegex(String name) {
        StringBuilder b = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (REGEX_SPECIALS.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** A regular expression that matches exactly {@code schema.table}. */
    static String literalRegex(TableId table) {
        return literalRegex(table.schema()) + "\\." + literalRegex(table.table());
    }
}
