package io.copyjobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a job until it ends (TRANSFERRED, ERROR, ACKNOWLEDGED or CANCELLED), handing every
 * version it sees to a view. Woken by the node's event stream when the node has one; otherwise,
 * or once the stream closes, it polls {@code GET /v1/jobs/{id}} about once a second. A stream the
 * node ends because the caller may no longer see the job (taken over, token expired) ends the
 * watch with that reason.
 */
final class Monitor {
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final NodeApi api;
    private final Consumer<Answer> view;

    Monitor(NodeApi api, Consumer<Answer> view) {
        this.api = api;
        this.view = view;
    }

    /** A monitor drawing on {@code out}: progress for people, or JSON Lines with {@code --json}. */
    static Monitor printingTo(NodeApi api, PrintWriter out, boolean json) {
        return new Monitor(api, json ? new JsonLines(out) : new ProgressScreen(out, ProgressScreen.stdoutIsTerminal()));
    }

    /** Follows the job from {@code first} (an answer about it already in hand) and answers the last one. */
    Answer follow(String jobPath, Answer first) {
        view.accept(first);
        Answer last = first.job().ended() ? first : followEvents(jobPath, first);
        while (!last.job().ended()) {
            pause();
            last = fetch(jobPath);
        }
        return last;
    }

    /** Hands the view an answer about the job that came another way (such as Complete's). */
    void show(Answer answer) {
        view.accept(answer);
    }

    /** Exit 0 when the job ended well; 1 when it ended in ERROR (its error on stderr) or CANCELLED. */
    static int exitCode(JobView job, PrintWriter err) {
        if (job.state().equals("ERROR") && job.error() != null) {
            err.println(job.error().code() + ": job " + job.id() + " failed: " + JobText.errorDetail(job)
                    + "; resume it once the cause is fixed, or cancel it");
        }
        return job.failed() ? Exit.REFUSED : Exit.OK;
    }

    private Answer followEvents(String jobPath, Answer last) {
        Optional<EventStream> events = api.events(jobPath);
        if (events.isEmpty()) {
            return last;
        }
        try (EventStream stream = events.get()) {
            Answer now = fetch(jobPath); // a change made before the stream opened sends no event
            Optional<EventStream.Event> event;
            while (!now.job().ended() && (event = stream.next()).isPresent()) {
                if (event.get().name().equals(EventStream.END)) {
                    refuseIfAccessEnded(event.get().data());
                    return now;
                }
                now = fetch(jobPath);
            }
            return now;
        }
    }

    /**
     * The node ended the stream before the job ended. When the caller lost the right to see the job
     * (it was taken over, or the token expired) watching is over: exit 1, or 2 for an expired token
     * as for any rejected credentials. For any other reason (the node stops) polling takes over.
     */
    private static void refuseIfAccessEnded(String data) {
        JsonNode end;
        try {
            end = Json.wire().readTree(data);
        } catch (IOException e) {
            return; // not the node's StreamEnd: poll
        }
        if (!end.path("code").asText().equals("E_ACCESSDENIED")) {
            return;
        }
        String reason = end.path("reason").asText();
        boolean expired = reason.equals("TOKEN_EXPIRED");
        throw new CliFailure("E_ACCESSDENIED", "the node ended the job's event stream (" + reason + "): "
                + end.path("detail").asText()
                + (expired ? "; get a new token (--token or COPYJOBS_TOKEN) and monitor again" : ""),
                expired ? Exit.UNUSABLE : Exit.REFUSED);
    }

    private Answer fetch(String jobPath) {
        Answer answer = api.get(jobPath);
        view.accept(answer);
        return answer;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.interrupted();
        }
    }
}
