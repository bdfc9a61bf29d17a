package dev.tributary.api.error;

/** The root of tributary's errors; the subclass says what to do next. */
public class TributaryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TributaryException(String message) {
        super(message);
    }

    public TributaryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For errors that are expected in bulk and need no stack trace (see {@link DataException}). */
    protected TributaryException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
    }
}
