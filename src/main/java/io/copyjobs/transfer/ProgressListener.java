package io.copyjobs.transfer;

/**
 * Receives a download's progress: once when the server's answer is accepted (so the job can move
 * to TRANSFERRING and learn the size), then at most every {@link DownloadSettings#progressInterval()}
 * or {@link DownloadSettings#progressBytes()}, whichever comes first — never once per buffer. It is
 * called on the transfer thread, so it should hand the figures on (e.g. as a command) and return.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param bytesTotal       the file's size from Content-Length or Content-Range, or -1 while unknown
     * @param bytesTransferred the bytes in the part file so far
     */
    void progress(long bytesTotal, long bytesTransferred);
}
