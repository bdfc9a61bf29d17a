package dev.tributary.api.error;

/** The pipeline file is wrong: fix it. Thrown before anything runs; the message names the key. */
public class ConfigException extends TributaryException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
