package dev.gatehouse.cli;

/** Exit codes shared by every command. */
public final class ExitCodes {
    /** Nothing found, or the command did what it was asked. */
    public static final int OK = 0;
    /** The command ran and found violations or failures. */
    public static final int FINDINGS = 1;
    /** Bad usage or unreadable input. */
    public static final int USAGE_OR_INPUT = 2;

    private ExitCodes() {}
}
