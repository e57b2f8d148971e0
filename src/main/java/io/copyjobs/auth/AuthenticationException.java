package io.copyjobs.auth;

/** Credentials that are missing, malformed, expired or badly signed: answered 401. */
public class AuthenticationException extends Exception {
    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
