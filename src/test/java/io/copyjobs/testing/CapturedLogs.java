package io.copyjobs.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every logger of the process logs while this is open, to show what a request cost in the
 * log: a warning or a stack trace that any client could cause at will is a defect.
 */
public final class CapturedLogs implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLogs() {
        // Appended to by the server's threads while a test reads it.
        appender.list = new CopyOnWriteArrayList<>();
        appender.start();
        root.addAppender(appender);
    }

    /** Events at {@code level} or above from loggers whose name matches {@code loggers} (a regular expression). */
    public List<ILoggingEvent> atLeast(Level level, String loggers) {
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(level)
                && e.getLoggerName().matches(loggers)).toList();
    }

    /** How many events the logger named {@code logger} logged. */
    public long from(String logger) {
        return appender.list.stream().filter(e -> e.getLoggerName().equals(logger)).count();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
