package io.copyjobs.job;

/** BG_JOB_PRIORITY: FOREGROUND jobs transfer first, LOW last. */
public enum Priority {
    FOREGROUND, HIGH, NORMAL, LOW
}
