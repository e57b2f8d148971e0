package io.copyjobs.json;

import io.copyjobs.job.Command;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.JobSpec;
import io.copyjobs.job.JobType;
import io.copyjobs.job.Priority;
import io.copyjobs.job.PropertyChanges;
import io.copyjobs.job.TransferError;
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

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(new Command.CreateJob(new JobSpec("nightly", "d", JobType.DOWNLOAD, Priority.HIGH,
                                List.of(new FileSpec("https://example.com/a", "a.bin", null)), 5, 60)),
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
                Arguments.of(new Command.SetProperties(new PropertyChanges("x", null, Priority.LOW, 10, null),
                                "\"3-abc\""),
                        "{\"op\":\"SetProperties\",\"changes\":{\"displayName\":\"x\",\"description\":null,"
                                + "\"priority\":\"LOW\",\"minimumRetryDelaySeconds\":10,"
                                + "\"noProgressTimeoutSeconds\":null},\"ifMatch\":\"\\\"3-abc\\\"\"}"),
                Arguments.of(new Command.TakeOwnership(), "{\"op\":\"TakeOwnership\"}"),
                Arguments.of(new Command.StartTransfer(), "{\"op\":\"StartTransfer\"}"),
                Arguments.of(new Command.ReportProgress(1, 50, 10, false, "node-1"),
                        "{\"op\":\"Progress\",\"fileIndex\":1,\"bytesTotal\":50,\"bytesTransferred\":10,"
                                + "\"completed\":false,\"node\":\"node-1\"}"),
                Arguments.of(new Command.FailTransfer(TransferError.http(503, "busy", 1), true),
                        "{\"op\":\"TransferError\",\"error\":{\"code\":\"BG_E_HTTP_ERROR_503\","
                                + "\"hresult\":\"0x801901F7\",\"context\":\"REMOTE_FILE\",\"description\":\"busy\","
                                + "\"fileIndex\":1,\"at\":null,\"since\":null},\"transientError\":true}"),
                Arguments.of(new Command.RetryTransfer(), "{\"op\":\"Retry\"}"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("commands")
    void every_command_is_written_as_it_always_was_and_read_back_by_both_mappers(Command command, String json)
            throws Exception {
        assertThat(Json.wire().writerFor(Command.class).writeValueAsString(command)).isEqualTo(json);
        assertThat(Json.wire().readValue(json, Command.class)).isEqualTo(command);
        assertThat(Json.strict().readValue(json, Command.class)).isEqualTo(command);
    }
}
