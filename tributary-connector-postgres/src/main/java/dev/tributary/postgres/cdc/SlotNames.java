package dev.tributary.postgres.cdc;

import dev.tributary.api.error.ConfigException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Replication slot names. PostgreSQL allows lower-case letters, digits and underscores, at most 63
 * characters; Flink CDC adds {@code _<subtask>} for the slots it uses while it back-fills snapshot
 * chunks, so ours keep room for that.
 */
final class SlotNames {
    private SlotNames() {}

    /** Longest slot name we accept: 63 minus {@code _} and up to four subtask digits. */
    static final int MAX_LENGTH = 58;

    private static final Pattern VALID = Pattern.compile("[a-z0-9_]{1," + MAX_LENGTH + "}");

    /** {@code tributary_<pipeline>_<source>}, sanitised and cut to {@link #MAX_LENGTH}. */
    static String derive(String pipeline, String source) {
        String raw = ("tributary_" + pipeline + "_" + source).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return b.length() > MAX_LENGTH ? b.substring(0, MAX_LENGTH) : b.toString();
    }

    /**
     * @param key the option's key path, for the message
     * @throws ConfigException when {@code name} is not a valid slot name
     */
    static void check(String name, String key) {
        if (!VALID.matcher(name).matches()) {
            throw new ConfigException(
                    key
                            + ": '"
                            + name
                            + "' is not a valid replication slot name; use lower-case letters,"
                            + " digits and _, at most "
                            + MAX_LENGTH
                            + " characters");
        }
    }
}
