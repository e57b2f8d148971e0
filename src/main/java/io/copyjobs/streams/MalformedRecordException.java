package io.copyjobs.streams;

/**
 * A record that parsed but makes no sense (a key that does not match its value, a command on the
 * wrong topic). Streams' processing handler logs it and sends it to the dead-letter topic.
 */
public class MalformedRecordException extends RuntimeException {
    public MalformedRecordException(String message) {
        super(message);
    }
}
