package io.copyjobs.http;

import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.cluster.NodeProof;
import io.copyjobs.metrics.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Bytes of a file that is deleted or cut back while it is answered: what is there, or 416, never a 500. */
class RangedBodyTest {
    static final byte[] BYTES = new byte[5000];
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static Path dir;
    static HttpServer server;

    @BeforeAll
    static void start() throws IOException {
        new Random(3).nextBytes(BYTES);
        dir = Files.createTempDirectory("copyjobs-ranged");
        RouteGroup routes = r -> {
            // A part file cut back to a piece boundary after its length was taken, before it is read.
            r.get("/cut/{name}", ctx -> {
                Path file = fresh(ctx.pathParam("name"));
                RangedBody.write(ctx, () -> {
                    try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        writer.truncate(1000);
                    }
                    return Files.newInputStream(file);
                }, BYTES.length);
            });
            // Discarded or evicted once opened.
            r.get("/deleted/{name}", ctx -> {
                Path file = fresh(ctx.pathParam("name"));
                FileChannel open = FileChannel.open(file, StandardOpenOption.READ);
                Files.delete(file);
                RangedBody.write(ctx, open, open.size());
            });
        };
        server = new HttpServer(0, JwtVerifier.hs256(RouteFixture.SECRET, RouteFixture.AUTH),
                NodeProof.from(RouteFixture.SECRET, Clock.systemUTC()), new Metrics(), List.of(routes)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Path fresh(String name) {
        try {
            return Files.write(dir.resolve(name), BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<byte[]> get(String path, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        return CLIENT.send((range == null ? request : request.header("Range", range)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void a_range_past_the_end_of_a_file_cut_back_meanwhile_is_416_problem_json() throws Exception {
        HttpResponse<byte[]> cut = get("/cut/a", "bytes=4000-4999");
        assertThat(cut.statusCode()).isEqualTo(416);
        assertThat(cut.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new String(cut.body())).contains("E_INVALIDARG");
    }

    @Test
    void a_file_deleted_once_opened_is_still_answered_whole_or_in_the_range_asked() throws Exception {
        HttpResponse<byte[]> whole = get("/deleted/b", null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(BYTES);
        HttpResponse<byte[]> range = get("/deleted/c", "bytes=4000-");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 4000-4999/5000");
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(BYTES, 4000, 5000));
        assertThat(get("/deleted/d", "bytes=5000-").statusCode()).isEqualTo(416);
    }
}
