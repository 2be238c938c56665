package dev.gatehouse.policy.cluster;

/**
 * A manifest that cannot be loaded: unreadable file, malformed YAML or JSON, or an object that does not decode.
 * The message names the file, the document (1-based, in a multi-document file) and the line where known, e.g.
 * {@code pods.yaml: document 2 (line 14): Pod "web": spec.containers: expected a list}.
 */
public final class ManifestException extends Exception {

    private final String file;

    public ManifestException(String file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public ManifestException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file the problem is in. */
    public String file() {
        return file;
    }
}
