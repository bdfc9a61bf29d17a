package dev.tributary.kafka.format;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ErrorKind;

/** The data errors the decoders raise, with messages that say what was wrong and where. */
final class Failures {
    private Failures() {}

    static DataException parse(String message) {
        return new DataException(ErrorKind.PARSE, message);
    }

    static DataException mismatch(String message) {
        return new DataException(ErrorKind.SCHEMA_MISMATCH, message);
    }

    static DataException unsupported(String message) {
        return new DataException(ErrorKind.UNSUPPORTED, message);
    }

    /** A conversion failure of one field: {@code field 'after.amount': cannot convert ...}. */
    static DataException conversion(
            String row, String field, String shown, Object type, String why) {
        return new DataException(
                ErrorKind.CONVERSION,
                "field '"
                        + path(row, field)
                        + "': cannot convert "
                        + shown
                        + " to "
                        + type
                        + ": "
                        + why);
    }

    /**
     * Prefixes a failure from {@link dev.tributary.api.event.LooseValues} with the field's path.
     */
    static DataException inField(String row, String field, DataException e) {
        return new DataException(
                e.kind(), "field '" + path(row, field) + "': " + e.getMessage(), e);
    }

    static String path(String row, String field) {
        return row == null ? field : row + "." + field;
    }

    /** A value as error messages show it: quoted and cut to 100 characters. */
    static String shown(String text) {
        return "'" + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + "'";
    }
}
