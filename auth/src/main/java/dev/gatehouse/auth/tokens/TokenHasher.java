package dev.gatehouse.auth.tokens;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cache keys for verification results: HMAC-SHA256 over (audiences, token) with a random key drawn once per
 * process, as kube-apiserver's cached token authenticator does. The cache never holds a token, and nobody can
 * aim collisions at it without the key. Thread-safe: each thread reuses its own Mac and scratch buffer, so a key
 * costs one small object beyond the hash.
 */
final class TokenHasher {

    /** A 256-bit cache key. */
    record Key(long a, long b, long c, long d) {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final SecretKeySpec secret;
    private final ThreadLocal<State> state;

    private static final class State {
        final Mac mac;
        final byte[] out = new byte[32];
        byte[] buffer = new byte[2048];

        State(SecretKeySpec secret) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
            }
        }

        byte[] buffer(int length) {
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, buffer.length * 2)];
            }
            return buffer;
        }
    }

    TokenHasher() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secret = new SecretKeySpec(key, "HmacSHA256");
        this.state = ThreadLocal.withInitial(() -> new State(secret));
    }

    Key key(String token, List<String> audiences) {
        State s = state.get();
        Mac mac = s.mac;
        if (audiences == null) {
            mac.update((byte) 0);
        } else {
            mac.update((byte) 1);
            for (int i = 0, n = audiences.size(); i < n; i++) {
                update(s, audiences.get(i));
            }
        }
        mac.update((byte) 2);
        update(s, token);
        try {
            mac.doFinal(s.out, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        byte[] out = s.out;
        return new Key((long) LONGS.get(out, 0), (long) LONGS.get(out, 8), (long) LONGS.get(out, 16), (long) LONGS.get(out, 24));
    }

    /** Length-prefixed UTF-16 code units, so ("ab","c") and ("a","bc") hash differently; no String copy. */
    private static void update(State s, String value) {
        int n = value.length();
        byte[] buf = s.buffer(3 * n + 4);
        buf[0] = (byte) (n >>> 24);
        buf[1] = (byte) (n >>> 16);
        buf[2] = (byte) (n >>> 8);
        buf[3] = (byte) n;
        int p = 4;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                buf[p++] = (byte) c;
            } else {
                buf[p++] = (byte) (0x80 | (c >>> 9));
                buf[p++] = (byte) c;
                buf[p++] = (byte) (c >>> 8);
            }
        }
        s.mac.update(buf, 0, p);
    }
}
