package io.copyjobs.json;

import io.copyjobs.job.Command;
import io.copyjobs.job.CredentialTarget;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Job;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobType;
import io.copyjobs.job.Priority;
import io.copyjobs.job.Progress;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.job.RemoveCredentials;
import io.copyjobs.job.ReplaceRemotePrefix;
import io.copyjobs.job.SetRemoteName;
import io.copyjobs.job.TransferError;
import io.copyjobs.wire.CommandRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire form of every command, byte for byte: the {@code op} names are what nodes of every
 * version read from {@code commands} and {@code owner-commands}, so they may never change.
 */
class CommandJsonTest {
    /** SHA-256 of "abc". */
    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(new Command.CreateJob(new JobSpec("nightly", "d", JobType.DOWNLOAD, Priority.HIGH,
                                List.of(new FileSpec("https://example.com/a", "a.bin", null)), 5, 60, null)),
                        "{\"op\":\"CreateJob\",\"spec\":{\"displayName\":\"nightly\",\"description\":\"d\","
                                + "\"type\":\"DOWNLOAD\",\"priority\":\"HIGH\",\"files\":[{\"remoteUrl\":"
                                + "\"https://example.com/a\",\"localName\":\"a.bin\",\"sha256\":null}],"
                                + "\"minimumRetryDelaySeconds\":5,\"noProgressTimeoutSeconds\":60}}"),
                Arguments.of(new Command.AddFiles(List.of(new FileSpec("https://example.com/b", "b.bin", null))),
                        "{\"op\":\"AddFileSet\",\"files\":[{\"remoteUrl\":\"https://example.com/b\","
                                + "\"localName\":\"b.bin\",\"sha256\":null}]}"),
                Arguments.of(new Command.Resume(), "{\"op\":\"Resume\"}"),
                Arguments.of(new Command.Suspend(), "{\"op\":\"Suspend\"}"),
                Arguments.of(new Command.Cancel(), "{\"op\":\"Cancel\"}"),
                Arguments.of(new Command.Complete(), "{\"op\":\"Complete\"}"),
                Arguments.of(new Command.SetProperties(new PropertyChanges("x", null, Priority.LOW, 10, null, null),
                                "\"3-abc\""),
                        "{\"op\":\"SetProperties\",\"changes\":{\"displayName\":\"x\",\"description\":null,"
                                + "\"priority\":\"LOW\",\"minimumRetryDelaySeconds\":10,"
                                + "\"noProgressTimeoutSeconds\":null},\"ifMatch\":\"\\\"3-abc\\\"\"}"),
                Arguments.of(new Command.TakeOwnership(), "{\"op\":\"TakeOwnership\"}"),
                Arguments.of(new RemoveCredentials(CredentialTarget.PROXY),
                        "{\"op\":\"RemoveCredentials\",\"target\":\"PROXY\"}"),
                Arguments.of(new Command.StartTransfer(), "{\"op\":\"StartTransfer\"}"),
                Arguments.of(new Command.ReportProgress(1, 50, 10, false, "node-1", 6, 4, null),
                        "{\"op\":\"Progress\",\"fileIndex\":1,\"bytesTotal\":50,\"bytesTransferred\":10,"
                                + "\"completed\":false,\"node\":\"node-1\",\"bytesFromOrigin\":6,\"bytesFromPeers\":4,"
                                + "\"digest\":null}"),
                Arguments.of(new Command.ReportProgress(0, 3, 3, true, "node-1", 3, 0, ABC),
                        "{\"op\":\"Progress\",\"fileIndex\":0,\"bytesTotal\":3,\"bytesTransferred\":3,"
                                + "\"completed\":true,\"node\":\"node-1\",\"bytesFromOrigin\":3,\"bytesFromPeers\":0,"
                                + "\"digest\":\"" + ABC + "\"}"),
                Arguments.of(new Command.FailTransfer(TransferError.http(503, "busy", 1), true),
                        "{\"op\":\"TransferError\",\"error\":{\"code\":\"BG_E_HTTP_ERROR_503\","
                                + "\"hresult\":\"0x801901F7\",\"context\":\"REMOTE_FILE\",\"description\":\"busy\","
                                + "\"fileIndex\":1,\"at\":null,\"since\":null},\"transientError\":true}"),
                Arguments.of(new Command.RetryTransfer(), "{\"op\":\"Retry\"}"),
                Arguments.of(new SetRemoteName(1, "https://mirror.example.com/b?sig=2"),
                        "{\"op\":\"SetRemoteName\",\"fileIndex\":1,\"remoteUrl\":\"https://mirror.example.com/b?sig=2\"}"),
                Arguments.of(new ReplaceRemotePrefix("https://a.example.com/", "https://b.example.com/"),
                        "{\"op\":\"ReplaceRemotePrefix\",\"oldPrefix\":\"https://a.example.com/\","
                                + "\"newPrefix\":\"https://b.example.com/\"}"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("commands")
    void every_command_is_written_as_it_always_was_and_read_back_by_both_mappers(Command command, String json)
            throws Exception {
        assertThat(Json.wire().writerFor(Command.class).writeValueAsString(command)).isEqualTo(json);
        assertThat(Json.wire().readValue(json, Command.class)).isEqualTo(command);
        assertThat(Json.strict().readValue(json, Command.class)).isEqualTo(command);
    }

    /**
     * A report as nodes before schema 2 wrote it, on {@code commands} during a rolling upgrade or
     * replayed from the topic: it still reads, with no counts and no digest.
     */
    @Test
    void a_command_record_of_schema_1_reads_with_the_new_fields_at_zero_and_null() throws Exception {
        String json = "{\"schemaVersion\":1,\"requestId\":\"r-1\",\"jobId\":\"5ce34c0d-1b2a-4c3d-8e4f-0123456789ab\","
                + "\"actor\":\"system\",\"admin\":true,\"idempotencyKey\":null,\"issuedAt\":\"2026-12-01T10:00:00Z\","
                + "\"replay\":false,\"command\":{\"op\":\"Progress\",\"fileIndex\":0,\"bytesTotal\":50,"
                + "\"bytesTransferred\":50,\"completed\":true,\"node\":\"node-1\"}}";
        CommandRecord record = Json.wire().readValue(json, CommandRecord.class);
        assertThat(record.schemaVersion()).isEqualTo(1);
        assertThat(record.command()).isEqualTo(new Command.ReportProgress(0, 50, 50, true, "node-1", 0, 0, null));
    }

    /** A job as schema 1 stored it (on {@code jobs}, in a store): its files read with no counts and no digest. */
    @Test
    void a_job_of_schema_1_reads_with_the_file_counts_at_zero_and_no_digest() throws Exception {
        String json = "{\"id\":\"5ce34c0d-1b2a-4c3d-8e4f-0123456789ab\",\"owner\":\"alice\",\"displayName\":\"n\","
                + "\"description\":null,\"type\":\"DOWNLOAD\",\"priority\":\"NORMAL\",\"state\":\"TRANSFERRED\","
                + "\"files\":[{\"remoteUrl\":\"https://example.com/a\",\"localName\":\"a\",\"sha256\":null,"
                + "\"bytesTotal\":3,\"bytesTransferred\":3,\"completed\":true,\"node\":\"n1\"}],"
                + "\"progress\":{\"bytesTotal\":3,\"bytesTransferred\":3,\"filesTotal\":1,\"filesTransferred\":1},"
                + "\"times\":{\"created\":\"2026-12-01T10:00:00Z\",\"modified\":\"2026-12-01T10:00:00Z\","
                + "\"transferCompleted\":\"2026-12-01T10:00:00Z\"},\"error\":null,\"errorCount\":0,"
                + "\"minimumRetryDelaySeconds\":600,\"noProgressTimeoutSeconds\":1209600,\"version\":4}";
        Job job = Json.wire().readValue(json, Job.class);
        assertThat(job.files().get(0)).isEqualTo(new JobFile("https://example.com/a", "a", null, 3, 3, true, "n1",
                0, 0, null));
        assertThat(job.progress()).isEqualTo(new Progress(3, 3, 1, 1, 0, 0));
    }
}
