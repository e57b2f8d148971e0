package io.copyjobs.cli;

import io.copyjobs.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class JobTextTest {
    static final String DIGEST = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    static JobView failed() throws IOException {
        return JobView.of(Json.wire().readTree("""
                {"id":"8d844043-0000-4000-8000-000000000001","owner":"alice","displayName":"nightly","description":null,
                 "type":"DOWNLOAD","priority":"HIGH","state":"ERROR","errorCount":1,"version":7,"someNewField":true,
                 "bytesPerSecond":2048,
                 "minimumRetryDelaySeconds":600,"noProgressTimeoutSeconds":1209600,
                 "files":[{"remoteUrl":"https://e.com/a","localName":"a.bin","bytesTotal":10,"bytesTransferred":10,"completed":true,
                           "bytesFromOrigin":6,"bytesFromPeers":4,"digest":"%s"},
                          {"remoteUrl":"https://e.com/b","localName":"b.bin","bytesTotal":-1,"bytesTransferred":0,"completed":false}],
                 "progress":{"bytesTotal":-1,"bytesTransferred":10,"filesTotal":2,"filesTransferred":1,
                             "bytesFromOrigin":6,"bytesFromPeers":4},
                 "times":{"created":"2026-11-24T06:05:59Z","modified":"2026-11-24T06:06:10Z","transferCompleted":null,
                          "transferTime":"PT1M2.5S"},
                 "error":{"code":"BG_E_HTTP_ERROR_404","hresult":"0x80190194","context":"REMOTE_FILE",
                          "description":"Not Found","fileIndex":1}}
                """.formatted(DIGEST)));
    }

    @Test
    void info_is_a_block_of_labelled_lines_then_the_files() throws IOException {
        assertThat(JobText.block(failed())).isEqualTo("""
                ID           8d844043-0000-4000-8000-000000000001
                Name         nightly
                Owner        alice
                State        ERROR
                Priority     HIGH (DOWNLOAD)
                Progress     1 of 2 files, 10 B of ? (?)
                Sources      from origin 6 B, from peers 4 B (40%% from peers)
                Rate         2.0 KiB/s
                Time used    62.5 s transferring
                Created      2026-11-24T06:05:59Z
                Modified     2026-11-24T06:06:10Z
                Transferred  -
                Errors       1 (retry delay 600 s, no-progress timeout 1209600 s)
                Last error   BG_E_HTTP_ERROR_404: Not Found (0x80190194, REMOTE_FILE, file 1 b.bin)
                Version      7

                #  DONE  BYTES         FROM ORIGIN  FROM PEERS  LOCAL NAME  REMOTE URL       SHA-256
                0  yes   10 B of 10 B  6 B          4 B         a.bin       https://e.com/a  %s
                1  no    0 B of ?      0 B          0 B         b.bin       https://e.com/b  -
                """.formatted(DIGEST));
    }

    @Test
    void a_job_nothing_has_come_for_yet_has_no_peer_share() throws IOException {
        JobView job = JobView.of(Json.wire().readTree("""
                {"id":"8d844043-0000-4000-8000-000000000001","owner":"alice","displayName":"n","state":"SUSPENDED",
                 "files":[{"remoteUrl":"https://e.com/a","localName":"a.bin","bytesTotal":-1,"bytesTransferred":0}],
                 "progress":{"bytesTotal":-1,"bytesTransferred":0,"filesTotal":1,"filesTransferred":0}}
                """));
        assertThat(JobText.block(job)).contains("Sources      from origin 0 B, from peers 0 B\n")
                .contains("Rate         0 B/s\n", "Time used    -\n")
                .contains("0  no    0 B of ?  0 B          0 B         a.bin       https://e.com/a  -\n");
    }

    @Test
    void the_summary_is_one_line_with_the_totals() throws IOException {
        assertThat(JobText.summary(failed())).isEqualTo("8d844043-0000-4000-8000-000000000001 ERROR: 1 of 2 files, 10 B of ? (?)");
    }
}
