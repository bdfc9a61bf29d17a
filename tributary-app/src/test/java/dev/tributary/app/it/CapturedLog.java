package dev.tributary.app.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one logger writes at WARN and above while a test runs. */
final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private final String logger;
    private final LoggerConfig config;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private CapturedLog(String logger, LoggerConfig config) {
        super("captured-" + logger, null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
        this.config = config;
    }

    /** Starts collecting the warnings of the logger named {@code logger}. */
    static CapturedLog of(String logger) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        CapturedLog log =
                new CapturedLog(logger, context.getConfiguration().getLoggerConfig(logger));
        log.start();
        log.config.addAppender(log, Level.WARN, null);
        context.updateLoggers();
        return log;
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLoggerName().equals(logger)) {
            messages.add(event.getMessage().getFormattedMessage());
        }
    }

    /** The formatted messages so far, oldest first. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        config.removeAppender(getName());
        stop();
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    }
}
