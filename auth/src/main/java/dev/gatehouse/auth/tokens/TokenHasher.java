package dev.gatehouse.auth.tokens;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cache keys for verification results: HMAC-SHA256 over (audiences, token) with a random key drawn once per
 * process, as kube-apiserver's cached token authenticator does. The cache never holds a token, and nobody can
 * aim collisions at it without the key. Thread-safe: each thread reuses its own Mac.
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
        final byte[] prefix = new byte[4];

        State(SecretKeySpec secret) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
            }
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

    /**
     * Length-prefixed UTF-8, so ("ab","c") and ("a","bc") hash differently. {@code getBytes(UTF_8)} of an ASCII string
     * (every valid token) is one vectorised check and copy, several times faster than a per-char loop; the
     * encoding is injective except for lone surrogates, which become '?', a character no valid token contains.
     */
    private static void update(State s, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        byte[] prefix = s.prefix;
        prefix[0] = (byte) (n >>> 24);
        prefix[1] = (byte) (n >>> 16);
        prefix[2] = (byte) (n >>> 8);
        prefix[3] = (byte) n;
        s.mac.update(prefix, 0, 4);
        s.mac.update(bytes, 0, n);
    }
}
