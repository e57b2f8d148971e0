package io.copyjobs.cli;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A job's Server-Sent Events ({@code GET /v1/jobs/{id}/events}), read mostly as "the job changed"
 * signals: the client fetches the job itself after each one, so the job events' payload format
 * does not matter to it. Only the node's last event, {@link #END}, is read for its data: why the
 * node ended the stream.
 */
final class EventStream implements AutoCloseable {
    /** The event a node sends last when it ends a stream for any reason but the job's end. */
    static final String END = "StreamEnd";

    private final Stream<String> lines;
    private final Iterator<String> next;

    /** One event: its name ({@code message} when unnamed) and its data lines joined by newlines. */
    record Event(String name, String data) {
    }

    EventStream(Stream<String> lines) {
        this.lines = lines;
        this.next = lines.iterator();
    }

    /** Waits for the next event; empty when the stream ends. */
    Optional<Event> next() {
        String name = "message";
        StringBuilder data = null;
        boolean fields = false;
        while (next.hasNext()) {
            String line = next.next();
            if (line.isEmpty()) {
                if (fields) {
                    return Optional.of(new Event(name, data == null ? "" : data.toString()));
                }
            } else if (!line.startsWith(":")) { // a line starting with ':' is a comment (keep-alive)
                fields = true;
                if (line.startsWith("event:")) {
                    name = value(line);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                }
            }
        }
        return Optional.empty();
    }

    /** A field's value: after the colon and the one space that may follow it. */
    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() {
        lines.close();
    }
}
