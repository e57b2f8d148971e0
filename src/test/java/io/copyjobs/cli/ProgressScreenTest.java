package io.copyjobs.cli;

import io.copyjobs.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressScreenTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A two-file job at {@code version} with {@code done} bytes of the first file (10 B) transferred. */
    static JobView job(long version, long done) throws IOException {
        String json = """
                {"id":"8d844043-0000-4000-8000-000000000001","owner":"alice","state":"TRANSFERRING","version":%d,
                 "files":[{"remoteUrl":"https://e.com/a","localName":"a.bin","bytesTotal":10,"bytesTransferred":%d,"completed":false},
                          {"remoteUrl":"https://e.com/b","localName":"b.bin","bytesTotal":20,"bytesTransferred":0,"completed":false}],
                 "progress":{"bytesTotal":30,"bytesTransferred":%d,"filesTotal":2,"filesTransferred":0}}
                """.formatted(version, done, done);
        return JobView.of(Json.wire().readTree(json));
    }

    @Test
    void on_a_pipe_each_change_is_one_plain_line_and_only_moved_files_are_repeated() throws IOException {
        StringWriter out = new StringWriter();
        ProgressScreen screen = new ProgressScreen(new PrintWriter(out), false);
        screen.show(job(3, 0), T0);
        screen.show(job(3, 0), T0.plusSeconds(1)); // nothing new: nothing printed
        screen.show(job(4, 6), T0.plusSeconds(2));
        assertThat(out.toString()).isEqualTo("""
                TRANSFERRING      0%  0 B of 30 B  0 of 2 files  ?  ETA ?
                  #0     0%  0 B of 10 B  a.bin
                  #1     0%  0 B of 20 B  b.bin
                TRANSFERRING     20%  6 B of 30 B  0 of 2 files  3 B/s  ETA 0:08
                  #0    60%  6 B of 10 B  a.bin
                """);
    }

    @Test
    void on_a_terminal_bars_are_redrawn_in_place() throws IOException {
        StringWriter out = new StringWriter();
        ProgressScreen screen = new ProgressScreen(new PrintWriter(out), true);
        screen.show(job(3, 0), T0);
        screen.show(job(4, 5), T0.plusSeconds(1));
        String[] frames = out.toString().split("\033\\[3F\033\\[J");
        assertThat(frames).hasSize(2);
        assertThat(frames[1]).startsWith("TRANSFERRING    [####--------------------]  16%  5 B of 30 B  0 of 2 files  5 B/s  ETA 0:05\n")
                .contains("  #0   [############------------]  50%  5 B of 10 B  a.bin\n");
    }

    @Test
    void on_a_terminal_a_job_of_many_files_shows_the_first_ones_still_to_transfer() throws IOException {
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            files.append(i == 0 ? "" : ",").append("""
                    {"remoteUrl":"https://e.com/%d","localName":"f%d","bytesTotal":1,"bytesTransferred":%d,"completed":%b}
                    """.formatted(i, i, i < 3 ? 1 : 0, i < 3));
        }
        JobView job = JobView.of(Json.wire().readTree("{\"id\":\"x\",\"state\":\"TRANSFERRING\",\"files\":[" + files + "]}"));
        StringWriter out = new StringWriter();
        new ProgressScreen(new PrintWriter(out), true).show(job, T0);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(1 + 9 + 1);
        assertThat(lines[1]).endsWith("f3");
        assertThat(lines[9]).endsWith("f11");
        assertThat(lines[10]).isEqualTo("  ... and 3 more files");
    }
}
