package dev.gatehouse.rego.value;

/** A boolean; use {@link #TRUE}, {@link #FALSE} or {@link #of(boolean)} rather than allocating. */
public record BooleanValue(boolean value) implements Value {
    static final int KIND = 1;
    public static final BooleanValue TRUE = new BooleanValue(true);
    public static final BooleanValue FALSE = new BooleanValue(false);

    public static BooleanValue of(boolean b) {
        return b ? TRUE : FALSE;
    }

    @Override public String typeName() { return "boolean"; }
    @Override public int kindOrder() { return KIND; }
    @Override public int compareSameKind(Value other) { return Boolean.compare(value, ((BooleanValue) other).value); }
    @Override public String toString() { return Boolean.toString(value); }
}
