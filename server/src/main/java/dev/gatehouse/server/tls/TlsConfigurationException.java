package dev.gatehouse.server.tls;

/** A certificate or key cannot be used; the message names the file and what is wrong with it. */
public final class TlsConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsConfigurationException(String message) {
        super(message);
    }

    public TlsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
