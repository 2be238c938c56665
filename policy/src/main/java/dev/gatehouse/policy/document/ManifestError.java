package dev.gatehouse.policy.document;

/**
 * A document that could not be read: the file, the 1-based line (and column when known) and what was wrong.
 * Reading goes on with the other documents.
 */
public record ManifestError(String source, int line, int column, String message) {

    @Override
    public String toString() {
        return source + ":" + line + (column > 0 ? ":" + column : "") + ": " + message;
    }
}
