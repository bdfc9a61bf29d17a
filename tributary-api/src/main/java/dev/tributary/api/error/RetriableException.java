package dev.tributary.api.error;

/** A passing failure (connection lost, target restarting): retry with backoff, then fail over. */
public class RetriableException extends TributaryException {
    private static final long serialVersionUID = 1L;

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
