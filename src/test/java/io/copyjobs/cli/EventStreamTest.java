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
            assertThat(events.next()).hasValue(new EventStream.Event("JobModification", "{\"version\":3}"));
            assertThat(events.next()).hasValue(new EventStream.Event("message", "unnamed"));
            assertThat(events.next()).isEmpty();
        }
    }

    @Test
    void the_node_s_last_event_carries_why_it_ended_the_stream() {
        Stream<String> lines = Stream.of("id: 7", "event: JobModification", "data: {}", "", ": ping", "",
                "event: StreamEnd", "data:{\"reason\":\"ACCESS_LOST\",", "data: \"code\":\"E_ACCESSDENIED\"}", "");
        try (EventStream events = new EventStream(lines)) {
            assertThat(events.next().map(EventStream.Event::name)).hasValue("JobModification");
            assertThat(events.next()).hasValue(new EventStream.Event(EventStream.END,
                    "{\"reason\":\"ACCESS_LOST\",\n\"code\":\"E_ACCESSDENIED\"}"));
            assertThat(events.next()).isEmpty();
        }
    }
}
