package dev.gatehouse.auth.tokens;

/** A key file could not be read or holds a key we cannot use; the message names the file. */
public final class KeyException extends Exception {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
