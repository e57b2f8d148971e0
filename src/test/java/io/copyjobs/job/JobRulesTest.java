package io.copyjobs.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JobRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"5ce34c0d-1b2a-4c3d-8e4f-0123456789ab", "5CE34C0D-1B2A-4C3D-8E4F-0123456789AB",
            "{5ce34c0d-1b2a-4c3d-8e4f-0123456789ab}", "{5CE34C0D-1b2a-4c3d-8e4f-0123456789AB}"})
    void a_guid_is_read_in_any_case_with_or_without_braces(String text) {
        assertThat(JobId.parse(text)).map(JobId::toString).contains("5ce34c0d-1b2a-4c3d-8e4f-0123456789ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1-2-3-4-5", "5ce34c0d1b2a4c3d8e4f0123456789ab", "{5ce34c0d-1b2a-4c3d-8e4f-0123456789ab",
            "5ce34c0d-1b2a-4c3d-8e4f-0123456789ag", "5ce34c0d-1b2a-4c3d-8e4f-0123456789ab}", " 5ce34c0d-1b2a-4c3d-8e4f-0123456789ab",
            "5ce34c0d1-b2a-4c3d-8e4f-0123456789ab", "5ce34c0d-1b2a-4c3d-8e4f0-123456789ab", "5ce34c0d-1b2a-4c3d-8e4f-01234567-9ab",
            "5ce34c0d-1b2a-4c3d-8e4f-0123456789a\u0661", "5ce34c0d-1b2a-4c3d-8e4f-0123456789a\uff41",
            "5ce34c0d-1b2a-4c3d-8e4f-0123456789a@", "5ce34c0d-1b2a-4c3d-8e4f-0123456789a`", "5ce34c0d-1b2a-4c3d-8e4f-0123456789a/"})
    void anything_else_is_not_a_guid(String text) {
        assertThat(JobId.parse(text)).isEmpty();
    }

    @Test
    void minted_ids_are_version_4() {
        assertThat(JobId.random().value().version()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/../../b", "/abs", "C:/x", "c:x", "a\\b", "dir/", "a//b", "./a", "a\u0001b", ""})
    void local_names_that_could_escape_or_are_not_files_are_refused(String name) {
        assertThat(JobRules.checkLocalName(name, "localName")).get()
                .satisfies(r -> assertThat(r.code()).isEqualTo(ErrorCode.E_INVALIDARG))
                .satisfies(r -> assertThat(r.detail()).startsWith("localName"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.bin", "dir/sub/a.bin", "..a", "a..b/c", "名前.txt"})
    void plain_relative_names_are_fine(String name) {
        assertThat(JobRules.checkLocalName(name, "localName")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/a", "file:///etc/passwd", "https:///nohost", "http//x", "example.com/a",
            "https://exa mple.com/"})
    void only_http_and_https_urls_with_a_host_are_accepted(String url) {
        assertThat(JobRules.checkRemoteUrl(url, "remoteUrl")).isPresent();
    }

    @Test
    void a_url_over_2048_characters_is_refused() {
        String url = "https://example.com/" + "a".repeat(2048);
        assertThat(JobRules.checkRemoteUrl(url, "remoteUrl")).get().extracting(Rejection::detail).asString()
                .contains("2048");
    }

    @Test
    void a_long_description_is_BG_E_STRING_TOO_LONG_and_a_long_name_E_INVALIDARG() {
        JobSpec longDescription = new JobSpec("n", "d".repeat(1025), null, null, null, null, null, null);
        assertThat(JobRules.checkSpec(longDescription)).map(Rejection::code).contains(ErrorCode.BG_E_STRING_TOO_LONG);
        JobSpec longName = new JobSpec("n".repeat(257), null, null, null, null, null, null, null);
        assertThat(JobRules.checkSpec(longName)).map(Rejection::code).contains(ErrorCode.E_INVALIDARG);
        JobSpec exact = new JobSpec("n".repeat(256), "d".repeat(1024), null, null, null, null, null, null);
        assertThat(JobRules.checkSpec(exact)).isEmpty();
    }

    @Test
    void the_detail_names_the_file_and_field_at_fault() {
        List<FileSpec> files = List.of(new FileSpec("https://example.com/a", "a", null),
                new FileSpec("https://example.com/b", "../b", null));
        Optional<Rejection> problem = JobRules.checkFiles(files, List.of());
        assertThat(problem).map(Rejection::detail).get().asString().startsWith("files[1].localName");
    }

    @Test
    void two_files_of_a_job_may_not_write_to_the_same_place() {
        FileSpec a = new FileSpec("https://example.com/a", "dir/a.bin", null);
        assertThat(JobRules.checkFiles(List.of(a, new FileSpec("https://example.com/b", "DIR/A.BIN", null)), List.of()))
                .map(Rejection::detail).get().asString().startsWith("files[1].localName");
        assertThat(JobRules.checkFiles(List.of(new FileSpec("https://example.com/b", "dir", null)), List.of("dir/a.bin")))
                .isPresent();
        assertThat(JobRules.checkFiles(List.of(new FileSpec("https://example.com/b", "a.bin.part", null)), List.of()))
                .isPresent();
        assertThat(JobRules.checkFiles(List.of(new FileSpec("https://example.com/b", "dir/b.bin", null)), List.of("dir/a.bin")))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.part/b", "A.PART/b", "a.part.meta/b", "a/b", "a.part.meta", "A"})
    void a_name_may_not_take_or_lie_under_another_file_s_name_part_file_or_metadata(String name) {
        List<FileSpec> files = List.of(new FileSpec("https://example.com/a", "a", null),
                new FileSpec("https://example.com/b", name, null));
        assertThat(JobRules.checkFiles(files, List.of())).get()
                .satisfies(r -> assertThat(r.code()).isEqualTo(ErrorCode.E_INVALIDARG))
                .satisfies(r -> assertThat(r.detail()).startsWith("files[1].localName"));
        assertThat(JobRules.checkFiles(List.of(files.get(1)), List.of("a"))).as("against the job's files").isPresent();
    }

    @Test
    void a_file_s_part_file_may_not_be_another_file_s_folder_but_folders_are_shared() {
        assertThat(JobRules.checkFiles(List.of(new FileSpec("https://example.com/b", "d", null)), List.of("d.part/x")))
                .as("d's part file would be d.part, a folder of the other file").isPresent();
        assertThat(JobRules.checkFiles(List.of(new FileSpec("https://example.com/b", "d/y", null),
                new FileSpec("https://example.com/c", "d/z/w", null)), List.of("d/x"))).as("folders are shared").isEmpty();
        assertThat(JobRules.checkFiles(List.of(new FileSpec("https://example.com/b", "a.partial", null)), List.of("a")))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com:65536/a", "https://example.com:99999/a", "http://example.com:0/a"})
    void a_port_outside_1_to_65535_is_refused(String url) {
        assertThat(JobRules.checkRemoteUrl(url, "remoteUrl")).get().extracting(Rejection::detail).asString()
                .startsWith("remoteUrl: port");
    }

    @Test
    void ports_within_range_and_default_ports_are_fine() {
        assertThat(JobRules.checkRemoteUrl("https://example.com:65535/a", "remoteUrl")).isEmpty();
        assertThat(JobRules.checkRemoteUrl("http://example.com:1/a", "remoteUrl")).isEmpty();
        assertThat(JobRules.checkRemoteUrl("http://example.com/a", "remoteUrl")).isEmpty();
    }

    @Test
    void unpaired_surrogates_are_no_text_in_any_field() {
        String lone = "a\uD800b";
        assertThat(JobRules.checkDisplayName(lone)).get().extracting(Rejection::detail).asString()
                .startsWith("displayName: contains an unpaired surrogate");
        assertThat(JobRules.checkDescription("x\uDC00")).isPresent();
        assertThat(JobRules.checkLocalName(lone, "localName")).isPresent();
        assertThat(JobRules.checkRemoteUrl("https://example.com/" + lone, "remoteUrl")).isPresent();
        assertThat(JobRules.checkDisplayName("emoji \uD83D\uDE00")).as("a pair is one character").isEmpty();
    }

    @Test
    void urls_and_local_names_are_measured_in_bytes() {
        String euro = "€".repeat(700);
        assertThat(JobRules.checkRemoteUrl("https://example.com/" + euro, "remoteUrl")).as("2,100 characters, 6,300+ bytes")
                .isPresent();
        assertThat(JobRules.checkLocalName("€".repeat(400), "localName")).as("400 characters, 1,200 bytes").isPresent();
        assertThat(JobRules.checkLocalName("€".repeat(300), "localName")).isEmpty();
    }

    @Test
    void display_names_need_one_to_256_characters_without_control_characters() {
        assertThat(JobRules.checkDisplayName(null)).isPresent();
        assertThat(JobRules.checkDisplayName("")).isPresent();
        assertThat(JobRules.checkDisplayName("a\tb")).isPresent();
        assertThat(JobRules.checkDisplayName("nightly sync")).isEmpty();
    }

    @Test
    void hresults_are_eight_upper_case_hex_digits() {
        assertThat(ErrorCode.DO_E_NOT_FOUND.hresult()).isEqualTo("0x80D02003");
        assertThat(ErrorCode.BG_S_PARTIAL_COMPLETE.hresult()).isEqualTo("0x00200017");
        assertThat(TransferError.http(404, "x", 0).hresult()).isEqualTo("0x80190194");
    }
}
