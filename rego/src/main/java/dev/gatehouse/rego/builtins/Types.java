package dev.gatehouse.rego.builtins;

import java.util.List;

/** Constants and factories for {@link Type}. */
public final class Types {
    private Types() {}

    public static final Type ANY = new Type.AnyType();
    public static final Type NULL = new Type.Scalar("null");
    public static final Type BOOLEAN = new Type.Scalar("boolean");
    public static final Type NUMBER = new Type.Scalar("number");
    public static final Type STRING = new Type.Scalar("string");
    public static final Type ANY_ARRAY = arrayOf(ANY);
    public static final Type ANY_SET = setOf(ANY);
    public static final Type ANY_OBJECT = objectOf(ANY, ANY);

    public static Type arrayOf(Type element) { return new Type.ArrayOf(element); }
    public static Type setOf(Type element) { return new Type.SetOf(element); }
    public static Type objectOf(Type key, Type value) { return new Type.ObjectOf(key, value); }

    /** A union; a single alternative is returned as is. */
    public static Type anyOf(Type... alternatives) {
        return alternatives.length == 1 ? alternatives[0] : new Type.Union(List.of(alternatives));
    }
}
