package dev.gatehouse.cli;

/**
 * Whether a long-running command (the server) started and the JVM must stay up after {@code execute} returns.
 * Set by the serve command once its server is listening.
 */
final class ServeLifecycle {
    private static volatile boolean keepsRunning;

    static boolean keepsRunning() {
        return keepsRunning;
    }

    static void markRunning() {
        keepsRunning = true;
    }

    private ServeLifecycle() {}
}
