package dev.gatehouse.rego.value;

/** The JSON {@code null}; a singleton. */
public final class NullValue implements Value {
    static final int KIND = 0;
    /** The only instance. */
    public static final NullValue INSTANCE = new NullValue();

    private NullValue() {}

    @Override public String typeName() { return "null"; }
    @Override public int kindOrder() { return KIND; }
    @Override public int compareSameKind(Value other) { return 0; }
    @Override public boolean equals(Object o) { return o instanceof NullValue; }
    @Override public int hashCode() { return 0x6e756c6c; }
    @Override public String toString() { return "null"; }
}
