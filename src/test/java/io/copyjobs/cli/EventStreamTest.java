package io.copyjobs.cli;

import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EventStreamTest {

    @Test
    void each_blank_line_ends_an_event_and_comments_are_keep_alives() {
        Stream<String> lines = Stream.of(": keep-alive", "", "event: JobModification", "data: {\"version\":3}", "",
                "data: unnamed", "", "", ": bye");
        try (EventStream events = new EventStream(lines)) {
            assertThat(events.next()).hasValue("JobModification");
            assertThat(events.next()).hasValue("message");
            assertThat(events.next()).isEmpty();
        }
    }
}
