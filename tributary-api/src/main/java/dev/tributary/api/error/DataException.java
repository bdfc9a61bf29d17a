package dev.tributary.api.error;

import dev.tributary.api.event.ErrorKind;

/**
 * This one record is bad: it goes to the error table with {@link #kind()} and the message. Carries
 * no stack trace: it describes data, not code, and a flood of bad records must stay cheap.
 */
public class DataException extends TributaryException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public DataException(ErrorKind kind, String message) {
        super(message, null, false);
        this.kind = kind;
    }

    public DataException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause, false);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
