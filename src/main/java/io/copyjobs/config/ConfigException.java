package io.copyjobs.config;

/** A setting that is missing, malformed or contradicts another; the message names the variable. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
