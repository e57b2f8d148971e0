package io.copyjobs.job;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The input rules of SPEC §1 and §7, as pure functions. The HTTP edge calls them to answer bad
 * input at once; the processor calls them again, because only copyjobs nodes are trusted to
 * write the command topics, not to have validated what they wrote.
 */
public final class JobRules {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final int MAX_PORT = 65535;

    private JobRules() {
    }

    /** The first problem with a CreateJob, or empty when it may be made. */
    public static Optional<Rejection> checkSpec(JobSpec spec) {
        if (spec.type() != null && spec.type() != JobType.DOWNLOAD) {
            return reject(ErrorCode.E_NOTIMPL, "type: only DOWNLOAD jobs are supported, not " + spec.type());
        }
        return first(
                checkDisplayName(spec.displayName()),
                checkDescription(spec.description()),
                spec.files().isEmpty() ? Optional.empty() : checkFiles(spec.files(), List.of()),
                checkRetryDelay(spec.minimumRetryDelaySeconds()),
                checkNoProgressTimeout(spec.noProgressTimeoutSeconds()),
                BudgetRules.check(spec.options()),
                OptionRules.check(spec.options()));
    }

    /** The first problem with SetProperties values. */
    public static Optional<Rejection> checkChanges(PropertyChanges changes) {
        return first(
                changes.displayName() == null ? Optional.empty() : checkDisplayName(changes.displayName()),
                checkDescription(changes.description()),
                checkRetryDelay(changes.minimumRetryDelaySeconds()),
                checkNoProgressTimeout(changes.noProgressTimeoutSeconds()),
                BudgetRules.check(changes.options()),
                OptionRules.check(changes.options()));
    }

    /**
     * The first problem with files to add to a job whose files have the local names
     * {@code existing}: 1..200 per call, 200 per job (BG_E_TOO_MANY_FILES_IN_JOB), each URL and
     * local name valid, and no two files of the job writing to the same place.
     */
    public static Optional<Rejection> checkFiles(List<FileSpec> files, List<String> existing) {
        if (files == null || files.isEmpty()) {
            return reject(ErrorCode.E_INVALIDARG, "files: at least one file is required");
        }
        for (int i = 0; i < files.size(); i++) {
            Optional<Rejection> problem = checkFile(files.get(i), "files[" + i + "]");
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (existing.size() + files.size() > Limits.MAX_FILES_PER_JOB) {
            return reject(ErrorCode.BG_E_TOO_MANY_FILES_IN_JOB, "files: a job holds at most "
                    + Limits.MAX_FILES_PER_JOB + " files; it has " + existing.size() + " and " + files.size()
                    + " were added");
        }
        return FilePlaces.check(files, existing);
    }

    static Optional<Rejection> checkFile(FileSpec file, String field) {
        if (file == null) {
            return reject(ErrorCode.E_INVALIDARG, field + ": a file must be an object");
        }
        return first(
                checkRemoteUrl(file.remoteUrl(), field + ".remoteUrl"),
                checkLocalName(file.localName(), field + ".localName"),
                file.sha256() == null || SHA256.matcher(file.sha256()).matches() ? Optional.empty()
                        : reject(ErrorCode.E_INVALIDARG, field + ".sha256: must be 64 hex digits"));
    }

    /** The problem with a file's remote URL (SPEC §7), naming {@code field}, or empty when it may be fetched. */
    public static Optional<Rejection> checkRemoteUrl(String url, String field) {
        if (url == null || url.isEmpty()) {
            return reject(ErrorCode.E_INVALIDARG, field + ": is required");
        }
        if (url.length() > Limits.MAX_REMOTE_URL) {
            return reject(ErrorCode.E_INVALIDARG, field + ": longer than " + Limits.MAX_REMOTE_URL + " characters");
        }
        Optional<Rejection> text = checkText(url, field, false);
        if (text.isPresent()) {
            return text;
        }
        try {
            URI uri = new URI(url);
            // In bytes as sent: non-ASCII characters count as their percent-encodings, so that a job
            // of 200 files always fits one Kafka record.
            if (uri.toASCIIString().length() > Limits.MAX_REMOTE_URL) {
                return reject(ErrorCode.E_INVALIDARG, field + ": longer than " + Limits.MAX_REMOTE_URL
                        + " bytes once encoded");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return reject(ErrorCode.E_INVALIDARG, field + ": only http and https URLs are supported");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return reject(ErrorCode.E_INVALIDARG, field + ": the URL names no host");
            }
            // The JDK's client never sends user info; kept, it would sit in clear in snapshots and GetJob.
            if (uri.getRawUserInfo() != null) {
                return reject(ErrorCode.E_INVALIDARG, field + ": may not hold user info (use options.serverCredentials)");
            }
            // java.net.URI takes any number of digits for a port; TCP has 1 to 65535.
            if (uri.getPort() == 0 || uri.getPort() > MAX_PORT) {
                return reject(ErrorCode.E_INVALIDARG, field + ": port " + uri.getPort() + " is not from 1 to " + MAX_PORT);
            }
        } catch (URISyntaxException e) {
            return reject(ErrorCode.E_INVALIDARG, field + ": not a valid URL (" + e.getReason() + ")");
        }
        return Optional.empty();
    }

    /** The problem with a job file's local name, or empty when it is a plain relative path. */
    public static Optional<Rejection> checkLocalName(String name, String field) {
        if (name == null || name.isEmpty()) {
            return reject(ErrorCode.E_INVALIDARG, field + ": is required");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_LOCAL_NAME) {
            return reject(ErrorCode.E_INVALIDARG, field + ": longer than " + Limits.MAX_LOCAL_NAME + " bytes in UTF-8");
        }
        Optional<Rejection> text = checkText(name, field, false);
        if (text.isPresent()) {
            return text;
        }
        if (name.indexOf('\\') >= 0) {
            return reject(ErrorCode.E_INVALIDARG, field + ": must use '/' as separator, not '\\'");
        }
        if (name.startsWith("/") || DRIVE.matcher(name).matches()) {
            return reject(ErrorCode.E_INVALIDARG, field + ": must be a relative path");
        }
        if (name.endsWith("/")) {
            return reject(ErrorCode.E_INVALIDARG, field + ": must name a file, not a directory");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return reject(ErrorCode.E_INVALIDARG, field + ": may not contain empty, '.' or '..' segments");
            }
        }
        return Optional.empty();
    }

    static Optional<Rejection> checkDisplayName(String name) {
        if (name == null || name.isEmpty()) {
            return reject(ErrorCode.E_INVALIDARG, "displayName: is required (1 to " + Limits.MAX_DISPLAY_NAME
                    + " characters)");
        }
        if (name.length() > Limits.MAX_DISPLAY_NAME) {
            return reject(ErrorCode.E_INVALIDARG, "displayName: longer than " + Limits.MAX_DISPLAY_NAME
                    + " characters");
        }
        return checkText(name, "displayName", false);
    }

    static Optional<Rejection> checkDescription(String description) {
        if (description == null) {
            return Optional.empty();
        }
        if (description.length() > Limits.MAX_DESCRIPTION) {
            return reject(ErrorCode.BG_E_STRING_TOO_LONG, "description: longer than " + Limits.MAX_DESCRIPTION
                    + " characters");
        }
        return checkText(description, "description", true);
    }

    static Optional<Rejection> checkRetryDelay(Integer seconds) {
        return seconds != null && seconds < 0
                ? reject(ErrorCode.E_INVALIDARG, "minimumRetryDelaySeconds: must not be negative")
                : Optional.empty();
    }

    static Optional<Rejection> checkNoProgressTimeout(Integer seconds) {
        return seconds != null && seconds < 0
                ? reject(ErrorCode.E_INVALIDARG, "noProgressTimeoutSeconds: must not be negative")
                : Optional.empty();
    }

    /** BITS raises a minimum retry delay of 0..4 seconds to 5. */
    public static int effectiveRetryDelay(int seconds) {
        return Math.max(seconds, Limits.MIN_RETRY_DELAY_SECONDS);
    }

    /**
     * Text a client may send: no control characters, and no half of a surrogate pair, which a JSON
     * escape such as the one for U+D800 can spell although it is no character and no file system
     * can name it.
     */
    static Optional<Rejection> checkText(String s, String field, boolean allowLineBreaks) {
        if (hasControl(s, allowLineBreaks)) {
            return reject(ErrorCode.E_INVALIDARG, field + ": contains control characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return reject(ErrorCode.E_INVALIDARG, field + ": contains an unpaired surrogate (\\u"
                        + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "), which is not Unicode text");
            }
        }
        return Optional.empty();
    }

    /** Control characters (C0, DEL, C1); a description may still hold line breaks and tabs. */
    public static boolean hasControl(String s, boolean allowLineBreaks) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (allowLineBreaks && (c == '\n' || c == '\r' || c == '\t')) {
                continue;
            }
            if (Character.isISOControl(c)) {
                return true;
            }
        }
        return false;
    }

    static Optional<Rejection> reject(ErrorCode code, String detail) {
        return Optional.of(Rejection.of(code, detail));
    }

    @SafeVarargs
    private static Optional<Rejection> first(Optional<Rejection>... checks) {
        for (Optional<Rejection> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }
}
