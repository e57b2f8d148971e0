package io.copyjobs.streams;

import io.copyjobs.job.Actor;
import io.copyjobs.job.Command;
import io.copyjobs.job.Decision;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobId;
import io.copyjobs.job.JobState;
import io.copyjobs.job.JobStateMachine;
import io.copyjobs.job.JobType;
import io.copyjobs.job.Priority;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.job.Times;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.json.JobDocument;
import io.copyjobs.json.Json;
import io.copyjobs.wire.CommandRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDocumentSerdeTest {
    private static final JobDocumentSerde SERDE = new JobDocumentSerde();
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    /** A job of {@code owner}, with a name that JSON must escape, so that offsets past it are tested too. */
    static Job job(String owner) {
        return new Job(JobId.random(), owner, "nightly \"build\" ✓", null, JobType.DOWNLOAD, Priority.NORMAL,
                JobState.TRANSFERRING, List.of(new JobFile("https://example.com/a.bin", "a.bin", null, 100, 40, false,
                "node-1", 0, 0, null)), new Times(T0, T0, null), null, 0, 600, 1_209_600, TransferOptions.NONE, 0, 7);
    }

    /**
     * A plain owner takes the reader that expects the writer's own layout; one that JSON must
     * escape (or a control character) takes the general parser. Both must read the same thing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"alice", "ünïcødé-👤", "ali\"ce\\", "tab\there"})
    void a_stored_job_reads_back_with_its_wire_json_owner_version_and_etag(String owner) throws Exception {
        Job job = job(owner);
        byte[] stored = SERDE.serializer().serialize("t", JobDocument.of(job));

        JobDocument read = SERDE.deserializer().deserialize("t", stored);

        assertThat(read.json()).isEqualTo(Json.wire().writeValueAsBytes(job));
        assertThat(read.owner()).isEqualTo(job.owner());
        assertThat(read.version()).isEqualTo(7);
        assertThat(read.etag()).isEqualTo(job.etag());
        assertThat(read.job()).isEqualTo(job);
        assertThat(Json.wire().readTree(stored).get("schemaVersion").asInt()).isEqualTo(CommandRecord.SCHEMA_VERSION);
    }

    @Test
    void the_writers_own_bytes_are_read_without_a_parser_unless_the_owner_needed_escapes() throws Exception {
        byte[] plain = SERDE.serializer().serialize("t", JobDocument.of(job("ünïcødé")));
        byte[] escaped = SERDE.serializer().serialize("t", JobDocument.of(job("a\"b")));

        assertThat(new JobDocumentLayout(plain).read()).isEqualTo(SERDE.deserializer().deserialize("t", plain));
        assertThat(new JobDocumentLayout(escaped).read()).isNull();
    }

    @Test
    void fields_a_newer_writer_adds_are_skipped_before_the_job_and_never_read_after_it() throws Exception {
        Job job = job("alice");
        byte[] json = Json.wire().writeValueAsBytes(job);
        String text = "{\"schemaVersion\":" + (CommandRecord.SCHEMA_VERSION + 1) + ",\"extra\":{\"a\":[1,{\"jobBytes\":1}]},\"owner\":\"o\",\"version\":7,"
                + "\"etag\":\"7-x\",\"jobBytes\":" + json.length + ",\"job\":"
                + new String(json, StandardCharsets.UTF_8) + ",\"later\":{\"x\":1}}";

        JobDocument read = SERDE.deserializer().deserialize("t", text.getBytes(StandardCharsets.UTF_8));

        assertThat(read.json()).isEqualTo(json);
        assertThat(read.owner()).isEqualTo("o");
        assertThat(read.etag()).isEqualTo("\"7-x\"");
    }

    /**
     * A job stored by schema 1, before files said where their bytes came from: GetJob shows it with
     * today's fields, and an If-Match of the ETag it shows passes, as it does for a job written today.
     */
    @Test
    void a_job_stored_by_schema_1_reads_as_one_written_today() throws Exception {
        String job = "{\"id\":\"5ce34c0d-1b2a-4c3d-8e4f-0123456789ab\",\"owner\":\"alice\",\"displayName\":\"n\","
                + "\"description\":null,\"type\":\"DOWNLOAD\",\"priority\":\"NORMAL\",\"state\":\"SUSPENDED\","
                + "\"files\":[{\"remoteUrl\":\"https://example.com/a\",\"localName\":\"a\",\"sha256\":null,"
                + "\"bytesTotal\":3,\"bytesTransferred\":1,\"completed\":false,\"node\":\"n1\"}],"
                + "\"progress\":{\"bytesTotal\":3,\"bytesTransferred\":1,\"filesTotal\":1,\"filesTransferred\":0},"
                + "\"times\":{\"created\":\"2026-12-01T10:00:00Z\",\"modified\":\"2026-12-01T10:00:00Z\","
                + "\"transferCompleted\":null},\"error\":null,\"errorCount\":0,"
                + "\"minimumRetryDelaySeconds\":600,\"noProgressTimeoutSeconds\":1209600,\"version\":4}";
        String stored = "{\"schemaVersion\":1,\"owner\":\"alice\",\"version\":4,\"etag\":\"4-a1b2c3d4e5f6\","
                + "\"jobBytes\":" + job.getBytes(StandardCharsets.UTF_8).length + ",\"job\":" + job + "}";

        JobDocument read = SERDE.deserializer().deserialize("t", stored.getBytes(StandardCharsets.UTF_8));

        assertThat(Json.wire().readTree(read.json()).at("/files/0/bytesFromOrigin").isNumber()).isTrue();
        assertThat(read.json()).isEqualTo(Json.wire().writeValueAsBytes(read.job()));
        assertThat(read.etag()).isEqualTo(read.job().etag());
        Decision patched = JobStateMachine.decide(read.job().id(), Optional.of(read.job()),
                new Command.SetProperties(new PropertyChanges("renamed", null, null, null, null, null), read.etag()),
                new Actor("alice", false), T0);
        assertThat(patched).isInstanceOf(Decision.Applied.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "not json", "{\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":2}",
            "{\"job\":{},\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":2}",
            "{\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":3,\"job\":{}}",
            "{\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":99,\"job\":{}}",
            "{\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":2,\"job\":[1]}",
            "{\"owner\":1,\"version\":1,\"etag\":\"e\",\"jobBytes\":2,\"job\":{}}",
            "{\"owner\":\"o\",\"version\":\"1\",\"etag\":\"e\",\"jobBytes\":2,\"job\":{}}",
            "{\"schemaVersion\":1,\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":3,\"job\":{}}",
            "{\"schemaVersion\":1,\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":2,\"job\":[]}",
            "{\"schemaVersion\":1,\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":2,\"job\":",
            "{\"schemaVersion\":1,\"owner\":\"o\",\"version\":1,\"etag\":\"e\",\"jobBytes\":0,\"job\":{}}",
            "{\"schemaVersion\":1,\"owner\":\"o",
            "{\"schemaVersion\":1,\"owner\":\"o\",\"version\":99999999999999999999,\"etag\":\"e\",\"jobBytes\":2,\"job\":{}}"})
    void bytes_of_any_other_shape_are_a_serialization_error(String text) {
        assertThatThrownBy(() -> SERDE.deserializer().deserialize("t", text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void null_is_a_tombstone_both_ways() {
        assertThat(SERDE.serializer().serialize("t", null)).isNull();
        assertThat(SERDE.deserializer().deserialize("t", null)).isNull();
    }
}
