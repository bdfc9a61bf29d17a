package dev.tributary.kafka.sink;

import dev.tributary.api.error.DataException;
import dev.tributary.api.event.ErrorKind;
import dev.tributary.api.event.TableId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The topic name of a target table, from a template such as {@code {prefix}.{schema}.{table}}. A
 * placeholder whose part is missing (a table id without schema) is dropped with one dot next to it,
 * and characters Kafka does not allow in topic names ({@code [a-zA-Z0-9._-]}) become {@code _}, as
 * Debezium does. Immutable.
 */
final class TopicTemplate implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Kafka's longest topic name. */
    static final int MAX_LENGTH = 249;

    private static final String PREFIX = "{prefix}";
    private static final String SCHEMA = "{schema}";
    private static final String TABLE = "{table}";

    /**
     * Literal text, or one of the placeholder constants: literal text never holds braces, so equal
     * text means the placeholder.
     */
    private final List<String> tokens;

    private final String prefix;

    private TopicTemplate(List<String> tokens, String prefix) {
        this.tokens = tokens;
        this.prefix = prefix;
    }

    /**
     * Parses {@code template}.
     *
     * @param prefix the value of {@code {prefix}}; may be null when the template does not use it
     * @throws IllegalArgumentException saying what is wrong with the template
     */
    static TopicTemplate parse(String template, String prefix) {
        List<String> tokens = new ArrayList<>();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                tokens.add(template.substring(at));
                break;
            }
            if (open > at) {
                tokens.add(template.substring(at, open));
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException(
                        "'" + template + "' has a '{' without '}' at position " + open);
            }
            tokens.add(placeholder(template.substring(open, close + 1), template));
            at = close + 1;
        }
        if (!tokens.contains(TABLE)) {
            throw new IllegalArgumentException(
                    "'"
                            + template
                            + "' does not contain {table}, so every table would share one topic");
        }
        return new TopicTemplate(List.copyOf(tokens), prefix);
    }

    /** Whether the template has {@code {prefix}}. */
    boolean usesPrefix() {
        return tokens.contains(PREFIX);
    }

    private static String placeholder(String text, String template) {
        switch (text) {
            case PREFIX:
                return PREFIX;
            case SCHEMA:
                return SCHEMA;
            case TABLE:
                return TABLE;
            default:
                throw new IllegalArgumentException(
                        "'"
                                + template
                                + "' has the unknown placeholder "
                                + text
                                + "; known placeholders are {prefix}, {schema} and {table}");
        }
    }

    /**
     * The topic of {@code table}.
     *
     * @throws DataException of kind UNSUPPORTED when the name is longer than Kafka allows
     */
    String topicOf(TableId table) {
        StringBuilder b = new StringBuilder(64);
        boolean dropDot = false;
        for (String token : tokens) {
            String value;
            if (PREFIX.equals(token)) {
                value = prefix;
            } else if (SCHEMA.equals(token)) {
                value = table.schema();
            } else if (TABLE.equals(token)) {
                value = table.table();
            } else {
                String literal = dropDot && token.startsWith(".") ? token.substring(1) : token;
                dropDot = false;
                b.append(literal);
                continue;
            }
            if (value == null) {
                if (b.length() > 0 && b.charAt(b.length() - 1) == '.') {
                    b.setLength(b.length() - 1);
                } else {
                    dropDot = true;
                }
            } else {
                b.append(value);
            }
        }
        for (int i = 0; i < b.length(); i++) {
            if (!legal(b.charAt(i))) {
                b.setCharAt(i, '_');
            }
        }
        if (b.length() > MAX_LENGTH) {
            throw new DataException(
                    ErrorKind.UNSUPPORTED,
                    "the topic name for table "
                            + table
                            + " has "
                            + b.length()
                            + " characters; Kafka allows "
                            + MAX_LENGTH);
        }
        return b.toString();
    }

    private static boolean legal(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '-';
    }
}
