package io.copyjobs.transfer;

import java.util.function.BooleanSupplier;

/** One download's fixed inputs, passed down together through {@link FileDownloader} and {@link BodyReceiver}. */
record DownloadAttempt(FileTask task, PartFile part, ProgressListener listener, BooleanSupplier cancelled) {
    int fileIndex() {
        return task.fileIndex();
    }
}
