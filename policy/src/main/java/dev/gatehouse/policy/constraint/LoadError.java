package dev.gatehouse.policy.constraint;

/**
 * A document that could not be loaded as a template or constraint: where it is (file and line), which object
 * ({@code Kind/name}, empty when unknown), which field, and why. Loading goes on with the other documents.
 */
public record LoadError(String source, int line, String object, String field, String message) {

    public LoadError {
        source = source == null ? "" : source;
        object = object == null ? "" : object;
        field = field == null ? "" : field;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
        }
        if (!object.isEmpty()) {
            b.append(": ").append(object);
        }
        if (!field.isEmpty()) {
            b.append(": ").append(field);
        }
        return b.append(": ").append(message).toString();
    }
}
