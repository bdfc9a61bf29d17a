package dev.tributary.api.event;

/** What a change event did to its table. */
public enum Op {
    /** A new row; {@code after} is set. */
    INSERT('c'),
    /** A changed row; {@code after} is set, {@code before} when the source has it. */
    UPDATE('u'),
    /** A removed row; {@code before} holds at least the key columns. */
    DELETE('d'),
    /** A row read by a snapshot; {@code after} is set. Applied like an insert. */
    SNAPSHOT('r'),
    /** The whole table was emptied; neither row is set. */
    TRUNCATE('t');

    private final char code;

    Op(char code) {
        this.code = code;
    }

    /** The one-letter code Debezium uses for this operation. */
    public char code() {
        return code;
    }

    /** Returns the op for Debezium's one-letter code, or null when the code is unknown. */
    public static Op fromCode(String code) {
        return code == null || code.length() != 1 ? null : fromCode(code.charAt(0));
    }

    /** Returns the op for Debezium's one-letter code, or null when the code is unknown. */
    public static Op fromCode(char code) {
        switch (code) {
            case 'c':
                return INSERT;
            case 'u':
                return UPDATE;
            case 'd':
                return DELETE;
            case 'r':
                return SNAPSHOT;
            case 't':
                return TRUNCATE;
            default:
                return null;
        }
    }
}
