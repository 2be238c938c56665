package dev.gatehouse.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** What a command printed and returned, for the CLI tests: one way to run a command and capture it. */
record CliRun(int code, String out, String err) {

    /** Runs {@code args} on {@code cli} with no standard input. */
    static CliRun execute(CommandLine cli, String... args) {
        return execute(cli, InputStream.nullInputStream(), args);
    }

    /** Runs {@code args} on {@code cli} with {@code stdin} as standard input, then puts the real one back. */
    static CliRun execute(CommandLine cli, InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        InputStream saved = System.in;
        System.setIn(stdin);
        try {
            int code = cli.execute(args);
            return new CliRun(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    /** {@code first} followed by {@code rest}. */
    static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
