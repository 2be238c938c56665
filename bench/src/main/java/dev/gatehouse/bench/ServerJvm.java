package dev.gatehouse.bench;

/**
 * The JVM options the server runs with (the launcher's {@code serve} and the image's entrypoint), for the
 * benchmarks of what the server does per request: they measure the collector the server uses, not the JVM's default
 * for the machine they happen to run on.
 */
final class ServerJvm {
    private ServerJvm() {}

    /** The garbage collector of {@code gatehouse serve} and of {@code deploy/Dockerfile}. */
    static final String GC = "-XX:+UseParallelGC";
}
