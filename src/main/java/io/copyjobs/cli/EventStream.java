package io.copyjobs.cli;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A job's Server-Sent Events ({@code GET /v1/jobs/{id}/events}), read only as "the job changed"
 * signals: the client fetches the job itself after each one, so the events' payload format does
 * not matter to it.
 */
final class EventStream implements AutoCloseable {
    private final Stream<String> lines;
    private final Iterator<String> next;

    EventStream(Stream<String> lines) {
        this.lines = lines;
        this.next = lines.iterator();
    }

    /** Waits for the next event and answers its name ({@code message} when unnamed); empty when the stream ends. */
    Optional<String> next() {
        String name = null;
        boolean fields = false;
        while (next.hasNext()) {
            String line = next.next();
            if (line.isEmpty()) {
                if (fields) {
                    return Optional.of(name == null ? "message" : name);
                }
            } else if (!line.startsWith(":")) { // a line starting with ':' is a comment (keep-alive)
                fields = true;
                if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        lines.close();
    }
}
