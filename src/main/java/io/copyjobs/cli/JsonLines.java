package io.copyjobs.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** {@code monitor --json}: each new version of the job, as the node sent it, one per line (JSON Lines). */
final class JsonLines implements Consumer<Answer> {
    private final PrintWriter out;
    private long version = -1;

    JsonLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(Answer answer) {
        long seen = answer.json().path("version").asLong(-1);
        if (seen != version) {
            out.println(answer.body());
            out.flush();
            version = seen;
        }
    }
}
