package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code uuid.rfc4122} (a random version-4 UUID, stable per key within one query) and {@code uuid.parse}
 * (google/uuid's accepted forms; version, variant and, for versions 1 and 2, the time-based fields).
 */
final class UuidBuiltins implements BuiltinFamily {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch. */
    private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;

    private record UuidKey(Value key) {}

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("uuid.rfc4122").category("uuid").arg("k", Types.STRING)
                        .result(Types.STRING).nondeterministic().build(), UuidBuiltins::rfc4122),
                Builtin.of(BuiltinDecl.builder("uuid.parse").category("uuid").arg("uuid", Types.STRING)
                        .result(Types.objectOf(Types.STRING, Types.ANY)).build(), UuidBuiltins::parse));
    }

    static Value rfc4122(BuiltinContext ctx, Value[] a) {
        UuidKey key = new UuidKey(a[0]);
        Object cached = ctx.cache().get(key);
        if (cached instanceof Value v) {
            return v;
        }
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        String hex = HexFormat.of().formatHex(b);
        Value v = StringValue.of(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
        ctx.cache().put(key, v);
        return v;
    }

    /** The 16 bytes of a UUID in one of google/uuid's forms, or null. */
    static byte[] bytes(String s) {
        String hex;
        switch (s.length()) {
            case 36 -> hex = dashed(s);
            case 38 -> hex = dashed(s.substring(1, 37));
            case 45 -> {
                if (!s.substring(0, 9).toLowerCase(Locale.ROOT).equals("urn:uuid:")) {
                    return null;
                }
                hex = dashed(s.substring(9));
            }
            case 32 -> hex = s;
            default -> {
                return null;
            }
        }
        if (hex == null || !hex.matches("[0-9a-fA-F]{32}")) {
            return null;
        }
        return HexFormat.of().parseHex(hex);
    }

    private static String dashed(String s) {
        if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return null;
        }
        return s.replace("-", "");
    }

    static Value parse(BuiltinContext ctx, Value[] a) {
        byte[] u = bytes(Operands.string(a[0], 1));
        if (u == null) {
            return null;
        }
        int version = (u[6] & 0xff) >> 4;
        ObjectValue.Builder b = ObjectValue.builder()
                .put("version", NumberValue.of(version))
                .put("variant", StringValue.of(variant(u[8] & 0xff)));
        if (version == 1 || version == 2) {
            long t = ((long) (u[0] & 0xff) << 24) | ((u[1] & 0xff) << 16) | ((u[2] & 0xff) << 8) | (u[3] & 0xff);
            t |= (long) (((u[4] & 0xff) << 8) | (u[5] & 0xff)) << 32;
            t |= (long) ((((u[6] & 0xff) << 8) | (u[7] & 0xff)) & 0xfff) << 48;
            long since = t - GREGORIAN_OFFSET;
            long nanos = Math.floorDiv(since, 10_000_000L) * 1_000_000_000L + Math.floorMod(since, 10_000_000L) * 100;
            b.put("time", NumberValue.of(nanos));
            b.put("clocksequence", NumberValue.of((((u[8] & 0xff) << 8) | (u[9] & 0xff)) & 0x3fff));
            StringBuilder node = new StringBuilder();
            for (int i = 10; i < 16; i++) {
                if (i > 10) {
                    node.append('-');
                }
                node.append(String.format("%02x", u[i] & 0xff));
            }
            b.put("nodeid", StringValue.of(node.toString()));
            b.put("macvariables", StringValue.of(macVariables(u[10] & 0xff)));
            if (version == 2) {
                long id = ((long) (u[0] & 0xff) << 24) | ((u[1] & 0xff) << 16) | ((u[2] & 0xff) << 8) | (u[3] & 0xff);
                b.put("id", NumberValue.of(id));
                b.put("domain", StringValue.of(domain(u[9] & 0xff)));
            }
        }
        return b.build();
    }

    private static String variant(int b) {
        if ((b & 0xc0) == 0x80) {
            return "RFC4122";
        }
        if ((b & 0xe0) == 0xc0) {
            return "Microsoft";
        }
        if ((b & 0xe0) == 0xe0) {
            return "Future";
        }
        return "Reserved";
    }

    private static String macVariables(int b) {
        if ((b & 3) == 3) {
            return "local:multicast";
        }
        if ((b & 1) == 1) {
            return "global:multicast";
        }
        if ((b & 2) == 2) {
            return "local:unicast";
        }
        return "global:unicast";
    }

    private static String domain(int d) {
        return switch (d) {
            case 0 -> "Person";
            case 1 -> "Group";
            case 2 -> "Org";
            default -> "Domain" + d;
        };
    }
}
