package io.copyjobs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/**
 * Applies the configured log format and level. Logback reads {@code logback.xml} when the first logger is
 * made, before the {@code --config} file is read and with the variable as written
 * ({@code JSON} named no appender, so nothing was logged); the format of the {@link
 * io.copyjobs.config.Config} decides instead.
 */
final class Logging {
    /** The variable {@code logback.xml} reads to choose its appender. */
    static final String FORMAT_PROPERTY = "COPYJOBS_LOG_FORMAT";

    private Logging() {
    }

    /**
     * Re-reads the logging configuration with {@code format} ({@code text} or {@code json}) unless it
     * is in use, then sets the root level ({@code COPYJOBS_LOG_LEVEL}, which the file may also set).
     */
    static void apply(String format, String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        useFormat(context, format);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
    }

    private static void useFormat(LoggerContext context, String format) {
        Iterator<Appender<ILoggingEvent>> appenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (appenders.hasNext()) {
            if (appenders.next().getName().equalsIgnoreCase(format)) {
                return;
            }
        }
        context.reset();
        context.putProperty(FORMAT_PROPERTY, format);
        try {
            // The same search for the configuration file as at start (logback.configurationFile, then the class path).
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            throw new IllegalStateException("cannot read the logging configuration: " + e.getMessage(), e);
        }
    }
}
