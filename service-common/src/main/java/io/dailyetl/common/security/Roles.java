package io.dailyetl.common.security;

/** The roles a bearer token can carry; resources name them in {@code @RolesAllowed}. */
public final class Roles {

    /** Everything, including rejects, aborting any load and forced resends. */
    public static final String OPERATOR = "operator";
    /** Opens, stages, commits and aborts loads; reports run history. Ingest's role at the warehouse. */
    public static final String LOADER = "loader";
    /** Reads analytics and run history, and records report deliveries. Report's and the console's role at the warehouse. */
    public static final String READER = "reader";

    private Roles() {}
}
