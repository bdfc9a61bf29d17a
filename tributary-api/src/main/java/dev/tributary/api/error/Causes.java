package dev.tributary.api.error;

import java.util.function.Predicate;

/**
 * An exception told by its messages instead of its stack trace: the first message, then each
 * cause's message that adds something (wrappers often repeat their cause's message in their own).
 */
public final class Causes {
    /** What separates the messages: a new line, indented, as the CLI prints them. */
    public static final String LINES = System.lineSeparator() + "  caused by: ";

    private Causes() {}

    /** The messages of {@code e} and its causes, joined by {@link #LINES}. */
    public static String describe(Throwable e) {
        return describe(e, t -> false);
    }

    /**
     * The messages of {@code e} and its causes, joined by {@link #LINES}, leaving out the
     * throwables that {@code skip} accepts (wrappers whose message says nothing to a user). When
     * every throwable is skipped, the last one's message is kept.
     */
    public static String describe(Throwable e, Predicate<Throwable> skip) {
        StringBuilder text = new StringBuilder();
        Throwable last = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            last = t;
            if (skip.test(t)) {
                continue;
            }
            String message = message(t);
            if (text.indexOf(message) >= 0) {
                continue;
            }
            text.append(text.length() == 0 ? "" : LINES).append(message);
        }
        return text.length() == 0 ? message(last) : text.toString();
    }

    /**
     * The throwable's message, or its class's name when it has none (a bare NullPointerException).
     */
    private static String message(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }
}
