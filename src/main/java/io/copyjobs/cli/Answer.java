package io.copyjobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.json.Json;

/**
 * A successful answer of a node: its body exactly as sent (what {@code --json} prints) and the
 * same body parsed.
 */
record Answer(String body, JsonNode json) {

    static Answer of(String body) {
        try {
            return new Answer(body, Json.wire().readTree(body));
        } catch (JsonProcessingException e) {
            throw new CliFailure(CliFailure.UNEXPECTED, "the node answered something that is not JSON: "
                    + e.getOriginalMessage(), Exit.UNUSABLE);
        }
    }

    /** The answer read as a job (every job command and GetJob answer with one). */
    JobView job() {
        return JobView.of(json);
    }
}
