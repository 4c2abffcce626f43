package io.dailyetl.console.login;

/** The roles a person has in the console; each built-in user has the role of its name. */
public final class ConsoleRoles {

    /** Reads every page. */
    public static final String VIEWER = "viewer";

    /** Reads every page, and (in a later step) acts: run now, backfill, resend. */
    public static final String OPERATOR = "operator";

    private ConsoleRoles() {}
}
