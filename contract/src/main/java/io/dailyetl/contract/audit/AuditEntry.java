package io.dailyetl.contract.audit;

/**
 * Body of {@code POST /api/audit}: one action a person took in the console. {@code actor} and {@code role} say who,
 * {@code action} what ({@code run-now}, {@code backfill}, {@code full-pull}, {@code abort-load}, {@code send-report},
 * {@code resend-report}),
 * {@code target} on what and with which parameters, {@code outcome} how it went ({@link #OK}, {@link #REFUSED},
 * {@link #FAILED}) and {@code detail} why (a refusal's or failure's cause as the service said it).
 */
public record AuditEntry(String actor, String role, String action, String target, String outcome, String detail) {

    /** The service did what was asked. */
    public static final String OK = "OK";

    /** The service (or the console's own check of the input) refused the request. */
    public static final String REFUSED = "REFUSED";

    /** The call failed: the service could not be reached, or answered an error of its own. */
    public static final String FAILED = "FAILED";
}
