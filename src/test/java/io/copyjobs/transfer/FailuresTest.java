package io.copyjobs.transfer;

import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.TransferError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's error is read by its owner: it names what failed by local name, never by the node's path. */
class FailuresTest {
    private static final String NODE_PATH = "/srv/copyjobs/files/alice/5ce34c0d-1b2a-4c3d-8e4f-0123456789ab";

    @Test
    void file_system_errors_are_described_without_the_path_they_carry() {
        for (IOException e : new IOException[]{new AccessDeniedException(NODE_PATH),
                new FileAlreadyExistsException(NODE_PATH), new NoSuchFileException(NODE_PATH, NODE_PATH + "/x", "gone")}) {
            assertThat(Failures.localReason(e)).as(e.toString()).doesNotContain("/srv").isNotBlank();
        }
        assertThat(Failures.localReason(new NoSuchFileException(NODE_PATH, null, "gone"))).isEqualTo("gone");
        assertThat(Failures.localReason(new AccessDeniedException(NODE_PATH))).isEqualTo("AccessDeniedException");
    }

    @Test
    void a_job_directory_that_cannot_be_prepared_is_a_local_file_error_without_the_directory() {
        TransferError error = Failures.jobDirectory(new AccessDeniedException(NODE_PATH));
        assertThat(error.code()).isEqualTo("CJ_E_LOCAL_FILE");
        assertThat(error.hresult()).isEqualTo("0xA0C1000B");
        assertThat(error.context()).isEqualTo(ErrorContext.LOCAL_FILE);
        assertThat(error.description()).isEqualTo("cannot prepare the job's directory: AccessDeniedException");
    }

    @Test
    void each_failure_keeps_the_code_and_hresult_its_job_documents_carry() {
        List<TransferStop> stops = List.of(Failures.disconnected("reset", 0), Failures.denied("10.0.0.1", 0),
                Failures.tooLarge(10, 5, 0), Failures.checksum("a.bin", "aa", "bb", 0),
                Failures.invalid("bad name", ErrorContext.LOCAL_FILE, 0),
                Failures.localFile(new AccessDeniedException(NODE_PATH), Path.of(NODE_PATH), "a.bin", 0));
        assertThat(stops.stream().map(stop -> ((DownloadResult.Failed) stop.result(0)).error())
                .map(e -> e.code() + " " + e.hresult())).containsExactly("BG_E_NETWORK_DISCONNECTED 0x80200010",
                "CJ_E_TRANSFER_DENIED 0xA0C10008", "CJ_E_FILE_TOO_LARGE 0xA0C10009",
                "CJ_E_CHECKSUM_MISMATCH 0xA0C1000A", "E_INVALIDARG 0x80070057", "CJ_E_LOCAL_FILE 0xA0C1000B");
    }
}
