package io.dailyetl.contract.audit;

/**
 * Body of {@code POST /api/audit}: one action a person took in the console. {@code actor} and {@code role} say who,
 * {@code action} what ({@code run-now}, {@code backfill}, {@code full-pull}, {@code abort-load}, {@code send-report},
 * {@code resend-report}),
 * {@code target} on what and with which parameters, {@code outcome} how it went ({@link #OK}, {@link #REFUSED},
 * {@link #FAILED}) and {@code detail} why (a refusal's or failure's cause as the service said it). The console writes
 * {@link #STARTED} before it calls the service and the outcome after, in a row whose {@code follows} is the STARTED
 * row's id, so an action whose console died in between is still on record.
 */
public record AuditEntry(
        String actor, String role, String action, String target, String outcome, String detail, Long follows) {

    /** The console is about to call the service; a row that {@code follows} it says how it went. */
    public static final String STARTED = "STARTED";

    /** The service did what was asked. */
    public static final String OK = "OK";

    /** The service (or the console's own check of the input) refused the request. */
    public static final String REFUSED = "REFUSED";

    /** The call failed: the service could not be reached, or answered an error of its own. */
    public static final String FAILED = "FAILED";
}
