package io.copyjobs.transfer;

import io.copyjobs.job.Credentials;
import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.FileSpec;
import io.copyjobs.job.Header;
import io.copyjobs.job.JobFile;
import io.copyjobs.job.Secret;
import io.copyjobs.job.TransferOptions;
import io.copyjobs.secrets.SecretBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's headers and server credentials on real HTTP servers (issue 18): sent, opened, to the
 * file's origin and its same-origin redirects; never to another origin a redirect names.
 */
class SecretHeadersTest {
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("bob:pw-456".getBytes(StandardCharsets.UTF_8));
    final byte[] content = Downloads.randomBytes(40_000, 18);
    @RegisterExtension
    final FileServer origin = FileServer.on("127.0.0.1").serve(content, "\"a\"");
    @RegisterExtension
    final FileServer other = FileServer.on("127.0.0.2").serve(content, "\"a\"");
    @TempDir
    Path jobDir;
    final FileDownloader downloader = Downloads.downloader(Downloads.settings());

    static TransferOptions sealed(SecretBox box) {
        return new TransferOptions(List.of(new Header("X-Api-Key", Secret.plain("key-789"))),
                new Credentials(Credentials.Scheme.BASIC, Secret.plain("bob"), Secret.plain("pw-456")),
                null, null, null, null, null).withSecrets(box::seal).over(TransferOptions.NONE);
    }

    DownloadResult fetch(URI url, TransferOptions options) {
        FileTask task = FileTask.of("job", jobDir, 0, JobFile.added(new FileSpec(url.toString(), "f.bin", null)), options);
        return Downloads.download(downloader, task);
    }

    static String first(Map<String, List<String>> headers, String name) {
        return headers.getOrDefault(name, List.of("")).get(0);
    }

    @Test
    void the_origin_and_its_same_origin_redirect_get_the_headers_and_credentials() {
        origin.redirect("/start", 302, origin.url("/file").toString());
        assertThat(fetch(origin.url("/start"), sealed(Downloads.SECRETS))).isInstanceOf(DownloadResult.Completed.class);
        assertThat(origin.received()).hasSize(2).allSatisfy(h -> {
            assertThat(first(h, "X-api-key")).isEqualTo("key-789");
            assertThat(first(h, "Authorization")).isEqualTo(BASIC);
        });
    }

    @Test
    void a_redirect_to_another_origin_gets_neither() {
        origin.redirect("/start", 302, other.url("/file").toString());
        assertThat(fetch(origin.url("/start"), sealed(Downloads.SECRETS))).isInstanceOf(DownloadResult.Completed.class);
        assertThat(first(origin.received().get(0), "Authorization")).isEqualTo(BASIC);
        assertThat(other.received()).hasSize(1).allSatisfy(h -> {
            assertThat(h).doesNotContainKeys("X-api-key", "Authorization");
            assertThat(h.toString()).doesNotContain("key-789").doesNotContain("pw-456");
        });
    }

    @Test
    void a_401_is_fatal_and_says_credentials_were_sent() {
        origin.answerNext(401);
        DownloadResult result = fetch(origin.url("/file"), sealed(Downloads.SECRETS));
        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class, f -> {
            assertThat(f.transientError()).isFalse();
            assertThat(f.error().code()).isEqualTo("BG_E_HTTP_ERROR_401");
            assertThat(f.error().description()).contains("to the credentials sent").doesNotContain("pw-456");
        });
    }

    @Test
    void a_secret_sealed_with_another_key_is_a_fatal_unreadable_secret() {
        DownloadResult result = fetch(origin.url("/file"), sealed(SecretBox.derivedFrom(new byte[] {1, 2, 3})));
        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class, f -> {
            assertThat(f.transientError()).isFalse();
            assertThat(f.error().code()).isEqualTo(ErrorCode.CJ_E_SECRET_UNREADABLE.name());
        });
        assertThat(origin.received()).isEmpty();
    }

    @Test
    void a_header_value_the_http_client_refuses_is_not_quoted_in_the_error() {
        // a value sealed by an older node, or by a rule that let it in: the JDK quotes it in its refusal
        TransferOptions options = new TransferOptions(List.of(new Header("X-Api-Key", Secret.plain("key-\u20ac-789"))),
                new Credentials(Credentials.Scheme.BEARER, null, Secret.plain("tok-\u20ac-456")), null, null, null, null, null)
                .withSecrets(Downloads.SECRETS::seal).over(TransferOptions.NONE);
        DownloadResult result = fetch(origin.url("/file"), options);
        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class, f -> {
            assertThat(f.transientError()).isFalse();
            assertThat(f.error().code()).isEqualTo(ErrorCode.E_INVALIDARG.name());
            assertThat(f.error().description()).doesNotContain("789").doesNotContain("456");
        });
        assertThat(origin.received()).isEmpty();
    }

    @Test
    void server_credentials_replace_an_authorization_header_rather_than_send_two() {
        TransferOptions options = new TransferOptions(List.of(new Header("authorization", Secret.plain("Token hush-123"))),
                new Credentials(Credentials.Scheme.BASIC, Secret.plain("bob"), Secret.plain("pw-456")), null, null, null, null, null)
                .withSecrets(Downloads.SECRETS::seal).over(TransferOptions.NONE);
        assertThat(fetch(origin.url("/file"), options)).isInstanceOf(DownloadResult.Completed.class);
        assertThat(origin.received()).singleElement().satisfies(h -> assertThat(h.get("Authorization")).containsExactly(BASIC));
    }
}
