package dev.gatehouse.auth.tokens;

import java.security.KeyPair;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One generated key pair per algorithm, shared by the tests of a JVM (RSA generation is slow). */
final class TestKeys {
    private static final Map<SigningAlgorithm, KeyPair> PAIRS = new EnumMap<>(SigningAlgorithm.class);

    static synchronized KeyPair pair(SigningAlgorithm algorithm) {
        return PAIRS.computeIfAbsent(algorithm, KeyGenerator::generate);
    }

    static ServiceAccountKey key(SigningAlgorithm algorithm) {
        KeyPair pair = pair(algorithm);
        try {
            return ServiceAccountKey.ofPair(pair.getPublic(), pair.getPrivate(), "test " + algorithm);
        } catch (KeyException e) {
            throw new AssertionError(e);
        }
    }

    static KeySet keySet(SigningAlgorithm algorithm) {
        try {
            return KeySet.of(List.of(key(algorithm)));
        } catch (KeyException e) {
            throw new AssertionError(e);
        }
    }

    private TestKeys() {}
}
