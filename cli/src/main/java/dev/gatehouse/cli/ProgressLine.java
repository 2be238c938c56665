package dev.gatehouse.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/**
 * A single status line on standard error that rewrites itself ({@code \r} and erase-to-end-of-line), for long runs
 * watched on a terminal. Disabled, it prints nothing at all: CI logs and pipes must not fill with control
 * characters. Not thread-safe; one command drives it.
 */
final class ProgressLine {
    private static final String ERASE_LINE = "\r\033[K";

    private final PrintWriter err;
    private final boolean enabled;
    private final int width;
    private boolean showing;

    private ProgressLine(PrintWriter err, boolean enabled, int width) {
        this.err = err;
        this.enabled = enabled;
        this.width = width;
    }

    /**
     * A progress line on {@code err}: shown when {@code requested} says so, or, when it is null, when the process
     * runs on a terminal outside CI.
     */
    static ProgressLine on(PrintWriter err, Boolean requested) {
        boolean enabled = requested != null ? requested : interactive();
        return new ProgressLine(err, enabled, columns());
    }

    boolean enabled() {
        return enabled;
    }

    /** Replaces the line with {@code text}, cut to the terminal width. */
    void show(String text) {
        if (!enabled) {
            return;
        }
        String line = text.length() < width ? text : "…" + text.substring(text.length() - width + 2);
        err.print(ERASE_LINE + line);
        err.flush();
        showing = true;
    }

    /** Erases the line, before other output or at the end. */
    void clear() {
        if (!enabled || !showing) {
            return;
        }
        err.print(ERASE_LINE);
        err.flush();
        showing = false;
    }

    /**
     * Whether the streams are a terminal a person watches. Java cannot ask about standard error alone: a console
     * (standard input and output on a terminal; since Java 22 {@code Console.isTerminal()} says so, as the console
     * then exists even when redirected) is the closest signal; CI runners that allocate a pseudo-terminal set
     * {@code CI}, and a dumb terminal cannot redraw a line.
     */
    static boolean interactive() {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
            return false;
        }
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static int columns() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
            return Math.max(columns - 1, 20);
        } catch (NumberFormatException e) {
            return 79;
        }
    }
}
