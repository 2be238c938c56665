package dev.gatehouse.policy.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Kubernetes manifests from files, directories (recursively: {@code .yaml}, {@code .yml}, {@code .json}) and
 * standard input: multi-document YAML, JSON, and {@code kind: List}. A bad document becomes a {@link ManifestError}
 * with file and line, and reading goes on with the rest.
 *
 * <p>Documents are split on {@code ---} lines before parsing so that one broken document cannot hide the ones
 * after it (a YAML parser stops at its first syntax error). A {@code ---} at column 0 is always a document marker:
 * block scalar content is indented, so the split never cuts through a value.
 *
 * <p>Thread-safe; the mappers are immutable.
 */
public final class ManifestReader {

    /** The source name used for standard input. */
    public static final String STDIN = "<stdin>";

    /** Larger inputs are refused: a manifest of this size is a mistake, and reading it whole would risk memory. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ManifestReader() {}

    /** Reads every path in order ({@code -} is standard input). */
    public static ManifestSet read(List<String> paths, InputStream stdin) {
        List<Manifest> manifests = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        for (String path : paths) {
            if (path.equals("-")) {
                try {
                    readText(STDIN, decode(stdin.readAllBytes()), manifests, errors);
                } catch (IOException e) {
                    errors.add(new ManifestError(STDIN, 0, 0, "cannot read standard input: " + e.getMessage()));
                }
                continue;
            }
            Path p = Path.of(path);
            if (Files.isDirectory(p)) {
                for (Path file : manifestFiles(p, errors)) {
                    readFile(file, manifests, errors);
                }
            } else if (Files.exists(p)) {
                readFile(p, manifests, errors);
            } else {
                errors.add(new ManifestError(path, 0, 0, "no such file or directory"));
            }
        }
        return new ManifestSet(manifests, errors);
    }

    /** Reads one text (already in memory) as if it were the file {@code source}. */
    public static ManifestSet readString(String source, String text) {
        List<Manifest> manifests = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        readText(source, text, manifests, errors);
        return new ManifestSet(manifests, errors);
    }

    private static List<Path> manifestFiles(Path dir, List<ManifestError> errors) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                    })
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            errors.add(new ManifestError(dir.toString(), 0, 0, "cannot list directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static void readFile(Path file, List<Manifest> manifests, List<ManifestError> errors) {
        String source = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                errors.add(new ManifestError(source, 0, 0, "file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB"));
                return;
            }
            String text = decode(Files.readAllBytes(file));
            if (source.endsWith(".json")) {
                readJson(source, text, manifests, errors);
            } else {
                readText(source, text, manifests, errors);
            }
        } catch (CharacterCodingException e) {
            errors.add(new ManifestError(source, 0, 0, "file is not valid UTF-8"));
        } catch (IOException e) {
            errors.add(new ManifestError(source, 0, 0, "cannot read file: " + e.getMessage()));
        }
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
    }

    private static void readJson(String source, String text, List<Manifest> manifests, List<ManifestError> errors) {
        try {
            JsonNode node = JSON.readTree(text);
            add(source, 1, 1, node, text, manifests, errors);
        } catch (JacksonException e) {
            errors.add(error(source, 0, e));
        }
    }

    /** Splits YAML text into documents and parses each one on its own. */
    private static void readText(String source, String text, List<Manifest> manifests, List<ManifestError> errors) {
        int docIndex = 0;
        int lineNo = 1;
        int docStartLine = 1;
        StringBuilder doc = new StringBuilder();
        int pos = 0;
        while (pos <= text.length()) {
            int nl = text.indexOf('\n', pos);
            String line = nl < 0 ? text.substring(pos) : text.substring(pos, nl + 1);
            boolean end = nl < 0;
            if (isDocumentMarker(line)) {
                docIndex = flush(source, docIndex, docStartLine, doc, manifests, errors);
                doc.setLength(0);
                // The marker line may carry content ("--- {a: 1}"); keep it, so the document starts on this line.
                String rest = line.substring(3).strip();
                docStartLine = rest.isEmpty() || rest.startsWith("#") ? lineNo + 1 : lineNo;
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    doc.append(rest).append('\n');
                }
            } else {
                doc.append(line);
            }
            if (end) {
                break;
            }
            pos = nl + 1;
            lineNo++;
        }
        flush(source, docIndex, docStartLine, doc, manifests, errors);
    }

    private static boolean isDocumentMarker(String line) {
        return line.startsWith("---") && (line.length() == 3 || Character.isWhitespace(line.charAt(3)));
    }

    /** Parses one document; returns the next document index (empty documents are not counted). */
    private static int flush(String source, int docIndex, int startLine, StringBuilder doc,
                             List<Manifest> manifests, List<ManifestError> errors) {
        String text = doc.toString();
        if (isBlank(text)) {
            return docIndex;
        }
        int index = docIndex + 1;
        try {
            JsonNode node = YAML.readTree(text);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return docIndex;
            }
            add(source, index, startLine, node, text, manifests, errors);
        } catch (JacksonException e) {
            errors.add(error(source, startLine - 1, e));
        }
        return index;
    }

    private static boolean isBlank(String text) {
        for (String line : text.split("\n", -1)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#") && !s.equals("...")) {
                return false;
            }
        }
        return true;
    }

    private static void add(String source, int index, int line, JsonNode node, String text,
                            List<Manifest> manifests, List<ManifestError> errors) {
        if (!node.isObject()) {
            errors.add(new ManifestError(source, line, 0, "document is not an object (a Kubernetes manifest is a mapping with apiVersion and kind)"));
            return;
        }
        String kind = node.path("kind").asString("");
        if (kind.equals("List") || (kind.endsWith("List") && node.path("items").isArray())) {
            int i = 0;
            for (JsonNode item : node.path("items")) {
                if (!item.isObject()) {
                    errors.add(new ManifestError(source, line, 0, "items[" + i + "] is not an object"));
                } else {
                    manifests.add(new Manifest(source, index, line, item, null));
                }
                i++;
            }
            return;
        }
        if (kind.isEmpty()) {
            errors.add(new ManifestError(source, line, 0, "document has no kind"));
            return;
        }
        if (node.path("apiVersion").asString("").isEmpty()) {
            errors.add(new ManifestError(source, line, 0, "document has no apiVersion (kind " + kind + ")"));
            return;
        }
        manifests.add(new Manifest(source, index, line, node, text));
    }

    /** A Jackson error, with its line shifted to the file (the document was parsed on its own). */
    private static ManifestError error(String source, int lineOffset, JacksonException e) {
        TokenStreamLocation loc = e.getLocation();
        int line = loc == null || loc.getLineNr() < 0 ? lineOffset + 1 : loc.getLineNr() + lineOffset;
        int column = loc == null ? 0 : Math.max(loc.getColumnNr(), 0);
        return new ManifestError(source, line, column, "invalid " + (source.endsWith(".json") ? "JSON" : "YAML") + ": "
                + oneLine(e.getOriginalMessage()));
    }

    /** The YAML parser's message spans lines with a source excerpt and a caret; one line reads better in reports. */
    static String oneLine(String message) {
        if (message == null) {
            return "malformed document";
        }
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            String trimmed = line.strip();
            // Excerpt lines are indented by four spaces; caret lines hold only the caret.
            if (trimmed.isEmpty() || line.startsWith("    ") || trimmed.chars().allMatch(c -> c == '^')) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(trimmed);
        }
        String result = out.toString();
        return result.endsWith(":") ? result.substring(0, result.length() - 1) : result;
    }

    /**
     * Decodes a manifest into a typed object. When the tree does not fit the type (a string where a boolean is
     * due, say), the document's text is read again with positions so the error names the line and field.
     */
    public static <T> T decode(Manifest manifest, Class<T> type, ObjectMapper mapper) throws ManifestDecodeException {
        try {
            return mapper.treeToValue(manifest.object(), type);
        } catch (JacksonException treeError) {
            if (manifest.text() != null) {
                try {
                    YAML.readValue(manifest.text(), type);
                } catch (JacksonException e) {
                    TokenStreamLocation loc = e.getLocation();
                    int line = loc == null || loc.getLineNr() < 0 ? manifest.line() : loc.getLineNr() + manifest.line() - 1;
                    throw new ManifestDecodeException(new ManifestError(manifest.source(), line,
                            loc == null ? 0 : Math.max(loc.getColumnNr(), 0), describe(e)));
                }
            }
            throw new ManifestDecodeException(new ManifestError(manifest.source(), manifest.line(), 0, describe(treeError)));
        }
    }

    /** Jackson's message without its Java class names, with the field path. */
    static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        String cleaned = message == null ? "invalid value" : message
                .replaceAll("`[a-z]+(\\.[a-zA-Z0-9_$]+)+\\.([A-Za-z0-9_$]+)`", "$2")
                .replace("java.lang.", "");
        int nl = cleaned.indexOf('\n');
        if (nl > 0) {
            cleaned = cleaned.substring(0, nl);
        }
        return field.isEmpty() ? cleaned : "field " + field + ": " + cleaned;
    }

    /** A typed decode failed; carries the located error. */
    public static final class ManifestDecodeException extends Exception {
        private final ManifestError error;

        public ManifestDecodeException(ManifestError error) {
            super(error.toString());
            this.error = error;
        }

        public ManifestError error() {
            return error;
        }
    }
}
