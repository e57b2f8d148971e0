package io.copyjobs.transfer;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One download's fixed inputs, passed down together through {@link FileDownloader} and {@link BodyReceiver}; {@code hashes}
 * makes the hash of each writer of its part file.
 */
record DownloadAttempt(FileTask task, PartFile part, ProgressListener listener, BooleanSupplier cancelled,
                       Supplier<PartHash> hashes) {
    int fileIndex() {
        return task.fileIndex();
    }

    /** The part file emptied for an answer from byte 0 with {@code validator}, with a new hash. */
    PartWriter restart(Optional<String> validator) throws TransferStop {
        return part.restart(validator, hashes.get());
    }

    /** The part file to append to after its first {@code offset} bytes, with a new hash that has them. */
    PartWriter append(long offset) throws TransferStop {
        return part.append(offset, hashes.get());
    }
}
