package io.copyjobs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded broker logs some things through the Log4j API: they must reach Logback, and no
 * Log4j 2 of its own may start beside it (its start was ~400 classes on the path of every node start).
 */
class Log4jBridgeTest {
    @Test
    void log4j_api_calls_land_in_logback_and_log4j_core_is_not_on_the_class_path() {
        Logger logback = (Logger) LoggerFactory.getLogger("io.copyjobs.bridge-test");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logback.addAppender(seen);
        try {
            LogManager.getLogger("io.copyjobs.bridge-test").warn("from log4j {}", 2);
        } finally {
            logback.detachAppender(seen);
        }
        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("from log4j 2");
        assertThatThrownBy(() -> Class.forName("org.apache.logging.log4j.core.LoggerContext"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
