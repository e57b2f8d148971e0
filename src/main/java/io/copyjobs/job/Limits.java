package io.copyjobs.job;

/** The fixed limits and defaults of SPEC §1 and §7. */
public final class Limits {
    public static final int MAX_FILES_PER_JOB = 200;
    public static final int MAX_DISPLAY_NAME = 256;
    public static final int MAX_DESCRIPTION = 1024;
    /** In bytes once percent-encoded. */
    public static final int MAX_REMOTE_URL = 2048;
    /**
     * In UTF-8 bytes. Windows' long-path limit is 32,767 characters, but a relative name this long is
     * a mistake, not a file; and with URLs of at most 2,048 bytes, 200 files stay well within one
     * Kafka record (1 MiB), which every snapshot and outcome of the job must fit.
     */
    public static final int MAX_LOCAL_NAME = 1024;
    public static final int DEFAULT_RETRY_DELAY_SECONDS = 600;
    /** BITS raises a retry delay below five seconds to five. */
    public static final int MIN_RETRY_DELAY_SECONDS = 5;
    public static final int DEFAULT_NO_PROGRESS_TIMEOUT_SECONDS = 1_209_600;

    private Limits() {
    }
}
