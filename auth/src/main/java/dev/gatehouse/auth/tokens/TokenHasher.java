package dev.gatehouse.auth.tokens;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Cache keys for verification results: a keyed SHA-256, {@code SHA-256(k || signature)} with a 256-bit key {@code k}
 * drawn once per process, over the token's <em>signature segment</em> only, paired with the requested audiences.
 * The signature is the part of a token nobody can produce without the signing key, and it is short (86 characters
 * for ES256, 342 for RS256-2048), so a key costs 2 SHA-256 blocks for ES256 instead of the ~16 that an HMAC over a
 * whole pod-bound token needs. The cache never holds the signature, only this hash of it; {@link TokenVerifier}
 * stores the header.payload part beside the result and compares it on every hit, so a hit still needs the whole
 * token to be identical.
 *
 * <p>Why not HMAC, as kube-apiserver uses: HMAC's second hash exists to stop length extension, and HMAC costs 3 more
 * blocks than the signature itself (ipad, opad, outer digest): 5 blocks against 2 here, which was most of a hit.
 * Length extension needs a message that continues past SHA-256's padding byte 0x80; we hash only ASCII signatures
 * (anything else bypasses the cache), so no hashed message can be an extension of another and the secret prefix
 * keeps the key unpredictable as HMAC would. Collisions (one token finding another's entry) would need a SHA-256
 * second preimage, key or no key.
 *
 * <p>Audiences are compared as a list in the key rather than hashed: they are not secret, and an exact comparison
 * can never collide. Thread-safe: each thread reuses its own digest and buffers.
 */
final class TokenHasher {

    /** A 256-bit keyed hash of a signature segment, and the requested audiences (null: the server's). */
    record Key(long a, long b, long c, long d, List<String> audiences) {

        /** This key with audiences that nobody can change while it sits in the cache. */
        Key stable() {
            return audiences == null ? this : new Key(a, b, c, d, Collections.unmodifiableList(new ArrayList<>(audiences)));
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Encoding buffer per thread; longer signatures (RSA 8192) are hashed in chunks of this size. */
    private static final int CHUNK = 512;

    private final ThreadLocal<State> state;

    private static final int SECRET = 32;

    private static final class State {
        final MessageDigest sha256;
        /** The secret, then room for one chunk of signature: an ES256 or RS256 key is a single digest update. */
        final byte[] input = new byte[SECRET + CHUNK];
        final char[] chars = new char[CHUNK];
        final byte[] out = new byte[32];

        State(byte[] secret) {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JDK", e);
            }
            System.arraycopy(secret, 0, input, 0, SECRET);
        }
    }

    TokenHasher() {
        byte[] secret = new byte[SECRET];
        new SecureRandom().nextBytes(secret);
        this.state = ThreadLocal.withInitial(() -> new State(secret));
    }

    /**
     * The key for the signature {@code token[from, length)} and these audiences, or null when the signature holds a
     * character outside ASCII: no valid token does, and hashing only the low byte of each char would let two different
     * signatures share a key, so such tokens bypass the cache.
     */
    Key key(String token, int from, List<String> audiences) {
        State s = state.get();
        MessageDigest sha256 = s.sha256;
        byte[] input = s.input;
        char[] chars = s.chars;
        int end = token.length();
        int seen = 0;
        int offset = 0; // the secret leads the first chunk only
        for (int start = from; start < end; start += CHUNK) {
            int n = Math.min(CHUNK, end - start);
            // Into reused buffers, no String or byte[] per call. getChars is one intrinsic copy and the loop over a
            // plain array vectorises; charAt per char was 3x slower (~0.7 ns a char).
            token.getChars(start, start + n, chars, 0);
            for (int i = 0; i < n; i++) {
                char c = chars[i];
                seen |= c;
                input[SECRET + i] = (byte) c;
            }
            sha256.update(input, offset, SECRET - offset + n);
            offset = SECRET;
        }
        if (offset == 0) {
            sha256.update(input, 0, SECRET); // an empty signature: the secret alone
        }
        byte[] out = s.out;
        try {
            sha256.digest(out, 0, out.length); // also resets the digest for this thread's next call, even if we return null
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        if (seen >= 0x80) {
            return null;
        }
        return new Key((long) LONGS.get(out, 0), (long) LONGS.get(out, 8), (long) LONGS.get(out, 16), (long) LONGS.get(out, 24),
                audiences);
    }
}
