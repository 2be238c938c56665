package dev.gatehouse.rego.ast;

/**
 * A position in a source file (1-based row and column).
 *
 * <p>Every location equals every other location and all share one hash code: AST nodes are records that carry a
 * location, and this keeps positions out of their structural equality without hand-written equals methods.
 */
public final class Location {
    public static final Location NONE = new Location("", 0, 0);

    private final String file;
    private final int row;
    private final int col;

    public Location(String file, int row, int col) {
        this.file = file == null ? "" : file;
        this.row = row;
        this.col = col;
    }

    public String file() { return file; }
    public int row() { return row; }
    public int col() { return col; }

    /** {@code file:row}, the prefix OPA puts on evaluation errors. */
    public String fileRow() {
        return file.isEmpty() ? Integer.toString(row) : file + ":" + row;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return (file.isEmpty() ? "" : file + ":") + row + ":" + col;
    }
}
