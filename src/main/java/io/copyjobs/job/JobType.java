package io.copyjobs.job;

/** BG_JOB_TYPE. Delivery Optimization supports only DOWNLOAD; the others answer E_NOTIMPL. */
public enum JobType {
    DOWNLOAD, UPLOAD, UPLOAD_REPLY
}
