package io.copyjobs.job;

/** BG_ERROR_CONTEXT: where a transfer error came from. */
public enum ErrorContext {
    NONE, UNKNOWN, GENERAL_QUEUE_MANAGER, LOCAL_FILE, REMOTE_FILE, GENERAL_TRANSPORT, REMOTE_APPLICATION
}
