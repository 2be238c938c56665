package dev.gatehouse.policy.document;

import tools.jackson.databind.JsonNode;

/**
 * One Kubernetes object read from a file: the parsed tree, and where it came from so that every finding can name
 * the file and line. Items of a {@code kind: List} are separate manifests sharing the list's document.
 *
 * @param source   the file name as the user gave it ({@code <stdin>} for standard input)
 * @param document 1-based index of the YAML document within the file
 * @param line     1-based line where the document (or list item) starts
 * @param text     the document's own text, kept to re-read it with positions when a typed decode fails
 */
public record Manifest(String source, int document, int line, JsonNode object, String text) {

    public String kind() {
        return object.path("kind").asString("");
    }

    public String apiVersion() {
        return object.path("apiVersion").asString("");
    }

    public String name() {
        return object.path("metadata").path("name").asString("");
    }

    public String namespace() {
        return object.path("metadata").path("namespace").asString("");
    }

    /** {@code file:line}, for messages. */
    public String location() {
        return source + ":" + line;
    }
}
